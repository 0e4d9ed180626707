/**
 * The tab's static files, served by the bot from its own folder and node_modules (no CDN: the tab
 * must work where users cannot reach the internet): teams-js, the charting library (Observable Plot
 * on d3, their minified browser builds), the tab's scripts and style sheet.
 * Read once, kept in memory.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The repository's root, above this file whether it runs from the sources or compiled in dist/. */
function repoRootAbove(from: string): string {
  for (let dir = from; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
  }
  throw new Error(`no package.json above ${from}`);
}

const root = repoRootAbove(__dirname);

const FILES: Readonly<Record<string, readonly [string, string]>> = {
  'teams-js.js': ['node_modules/@microsoft/teams-js/dist/umd/MicrosoftTeams.min.js', 'text/javascript; charset=utf-8'],
  'd3.js': ['node_modules/d3/dist/d3.min.js', 'text/javascript; charset=utf-8'],
  'plot.js': ['node_modules/@observablehq/plot/dist/plot.umd.min.js', 'text/javascript; charset=utf-8'],
  'tab-client.js': ['tab/client/tab-client.js', 'text/javascript; charset=utf-8'],
  'outlook-charts.js': ['tab/client/outlook-charts.js', 'text/javascript; charset=utf-8'],
  'tab.css': ['tab/client/tab.css', 'text/css; charset=utf-8'],
};

export const ASSET_NAMES = Object.keys(FILES);

const cache = new Map<string, { body: Buffer; contentType: string }>();

/** The file and its content type, or null for a name that is not one of the tab's files. */
export function tabAsset(name: string): { body: Buffer; contentType: string } | null {
  const entry = FILES[name];
  if (entry === undefined) return null;
  let file = cache.get(name);
  if (file === undefined) {
    file = { body: readFileSync(path.join(root, entry[0])), contentType: entry[1] };
    cache.set(name, file);
  }
  return file;
}

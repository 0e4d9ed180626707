/**
 * The bundle `npm start` runs (dist/bundle/index.js, made by build-if-stale.cjs after tsc; jest's
 * globalSetup built it): it holds the bot and its packages, so at run time it may only require
 * Node's own modules and the packages deliberately left outside, which must then be installed
 * (or be optional add-ons their packages require inside a try).
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { EXTERNAL, ROOT, entry, isStale } from '../../scripts/build-if-stale.cjs';

/** Native add-ons that ws, node-fetch and bunyan try to load and do without when absent. */
const OPTIONAL_ADD_ONS = ['bufferutil', 'utf-8-validate', 'encoding', 'dtrace-provider', 'pg-native'];

const bundle = () => fs.readFileSync(entry, 'utf8');

/** The module names the bundle loads at run time: `require("x")` and `import("x")` with a literal name. */
function requiredNames(code: string): string[] {
  const names = new Set<string>();
  for (const m of code.matchAll(/\b(?:require|import)\("([^"]+)"\)/g)) names.add(m[1]!);
  return [...names].sort();
}

test('npm start runs the bundle, made fresh from the sources', () => {
  expect(path.relative(ROOT, entry)).toBe(path.join('dist', 'bundle', 'index.js'));
  expect(isStale()).toBe(false);
  expect(fs.readFileSync(path.join(ROOT, 'scripts', 'start.cjs'), 'utf8')).toMatch(/require\(entry\)/);
});

test('the bundle requires nothing at run time but Node itself and the packages left outside on purpose', () => {
  const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
  const outside = requiredNames(bundle()).filter((name) => !builtins.has(name));
  expect(outside.filter((name) => !EXTERNAL.includes(name) && !OPTIONAL_ADD_ONS.includes(name))).toEqual([]);
  // What the PDF and Word paths load lazily must be there to load.
  for (const name of ['pdfkit', 'mammoth']) {
    expect(outside).toContain(name);
    expect(() => require.resolve(name, { paths: [ROOT] })).not.toThrow();
  }
  // The bot's own code is inside: nothing is loaded from dist/app/ beside it.
  expect(outside.filter((name) => name.startsWith('.') || name.includes('dist/'))).toEqual([]);
});

test('the bundle keeps function names for stack traces and maps back to the sources', () => {
  const code = bundle();
  expect(code).toMatch(/function squeezedDecisionCard\(/);
  expect(code.trimEnd()).toMatch(/\/\/# sourceMappingURL=index\.js\.map$/);
  const map = JSON.parse(fs.readFileSync(`${entry}.map`, 'utf8')) as { sources: string[] };
  expect(map.sources.some((source) => source.endsWith('cards/decision-card.ts'))).toBe(true);
});

test("teams-ai's sign-in classes (and botbuilder-dialogs under them) load only when used", () => {
  // scripts/bundle.cjs LAZY_REQUIRES: Application's require of Authentication, and
  // BotAuthenticationBase's of botbuilder-dialogs and Authentication.
  expect(bundle().match(/__lazyRequire\(\(\)=>require_\w+\(\)\)/g)).toHaveLength(3);
});

/**
 * One end-to-end session: the bot on a fresh DATA_DIR and a free port, Agents Playground pointed
 * at it (working directory, log and config use in a temp folder, so nothing lands in the repo),
 * and Chromium on the Playground's UI. `close()` ends all three, even after a failure, and
 * `saveArtifacts()` keeps a screenshot, the bot's log and the Playground's log for a failed run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { admin } from '../../../scripts/playground/cast';
import {
  freePort,
  repoRoot,
  startBotProcess,
  startPlaygroundProcess,
  type BotProcess,
  type PlaygroundProcess,
} from '../../../scripts/playground/processes';
import { findChromium, launchChromium } from './chromium';
import type { CardClicks } from './card-clicks';
import { openPlayground } from './playground-page';

export const ARTIFACTS_DIR = path.join(repoRoot, 'test', 'e2e', 'artifacts');
export const PLAYGROUND_CONFIG = path.join(repoRoot, '.m365agentsplayground.yml');

/**
 * Where a passing run puts its card screenshots: test/e2e/artifacts/screenshots/ (git-ignored),
 * so `npm test` leaves the tree clean; E2E_SCREENSHOTS_DIR (relative to the repository) names
 * another folder, which is how `npm run screenshots` refreshes the committed test/e2e/screenshots/.
 */
export function screenshotsTarget(env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env.E2E_SCREENSHOTS_DIR?.trim();
  return chosen ? path.resolve(repoRoot, chosen) : path.join(ARTIFACTS_DIR, 'screenshots');
}

export interface Session {
  readonly workDir: string;
  bot?: BotProcess;
  playground?: PlaygroundProcess;
  browser?: BrowserContext;
  page?: Page;
  clicks?: CardClicks;
  /** Card screenshots of this run; copied to screenshotsTarget() only when the whole run passes. */
  readonly screenshotsDir: string;
  /** The page's console messages and errors, for the artifacts of a failed run. */
  readonly console: string[];
}

/** Starts everything; on a failure part-way, stops what started and saves the artifacts first. */
export async function startSession(): Promise<Session> {
  // Before anything else, so a wrong CHROMIUM_PATH is reported at once (npm's Chromium unpacks on first use).
  const browser = await findChromium();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-e2e-'));
  const session: Session = { workDir, screenshotsDir: path.join(workDir, 'screenshots'), console: [] };
  fs.mkdirSync(session.screenshotsDir);
  try {
    session.bot = await startBotProcess({
      port: await freePort(),
      dataDir: path.join(session.workDir, 'data'),
      admins: [admin.aadObjectId],
    });
    session.playground = await startPlaygroundProcess({
      endpoint: session.bot.endpoint,
      port: await freePort(),
      configPath: PLAYGROUND_CONFIG,
      cwd: path.join(session.workDir, 'playground'),
      logFile: path.join(session.workDir, 'playground.log'),
    });
    session.browser = await launchChromium({ userDataDir: path.join(session.workDir, 'chromium'), browser });
    session.browser.on('console', (message) => session.console.push(`[${message.type()}] ${message.text()}`));
    session.browser.on('weberror', (error) =>
      session.console.push(`[pageerror] ${error.error().stack ?? error.error().message}`),
    );
    const opened = await openPlayground(session.browser, session.playground.url);
    session.page = opened.page;
    session.clicks = opened.clicks;
    return session;
  } catch (e) {
    const saved = await saveArtifacts(session, 'startup', e);
    await closeSession(session);
    throw new Error(`${(e as Error).message}\n(artifacts: ${saved})`, { cause: e });
  }
}

/** Ends the browser, the Playground and the bot (each process group), then removes the temp folder. */
export async function closeSession(session: Session | undefined): Promise<void> {
  if (!session) return;
  const steps: Array<() => Promise<unknown>> = [
    () => withTimeout(session.browser?.close() ?? Promise.resolve(), 10_000),
    () => session.playground?.stop() ?? Promise.resolve(),
    () => session.bot?.stop() ?? Promise.resolve(),
  ];
  for (const step of steps) await step().catch(() => undefined);
  fs.rmSync(session.workDir, { recursive: true, force: true });
}

/**
 * Writes <name>.png (and the card screenshots taken so far), bot.log, playground.log, browser-console.log and
 * error.txt under test/e2e/artifacts/<time>-<name>/; returns the folder.
 */
export async function saveArtifacts(session: Session, name: string, error: unknown): Promise<string> {
  const dir = path.join(ARTIFACTS_DIR, `${new Date().toISOString().replace(/[:.]/g, '-')}-${name}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'error.txt'), String((error as Error)?.stack ?? error));
  if (session.bot) fs.writeFileSync(path.join(dir, 'bot.log'), session.bot.output());
  fs.writeFileSync(path.join(dir, 'browser-console.log'), session.console.join('\n'));
  const playgroundLog = path.join(session.workDir, 'playground.log');
  if (fs.existsSync(playgroundLog)) fs.copyFileSync(playgroundLog, path.join(dir, 'playground.log'));
  const shots = path.join(session.workDir, 'screenshots');
  if (fs.existsSync(shots))
    for (const file of fs.readdirSync(shots)) fs.copyFileSync(path.join(shots, file), path.join(dir, file));
  if (session.page && !session.page.isClosed())
    await withTimeout(session.page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true }), 10_000).catch(
      () => undefined,
    );
  return dir;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (e: unknown) => (clearTimeout(timer), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });
}

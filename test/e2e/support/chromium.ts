/**
 * Debian's Chromium driven by playwright-core (which downloads no browser), headless, in a
 * fresh profile, with every request to a host other than the loopback aborted: the Playground
 * UI asks a CDN for fonts and needs nothing else from outside.
 */
import fs from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const chromiumMissingMessage = (executablePath: string = CHROMIUM_PATH): string =>
  `Chromium is not installed: run \`apt-get install -y chromium\` (Debian) — the e2e suite drives ${executablePath}.`;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
] as const;

/** Throws at once, saying what to install, when the browser is not there. */
export function assertChromiumInstalled(executablePath: string = CHROMIUM_PATH): void {
  if (!fs.existsSync(executablePath)) throw new Error(chromiumMissingMessage(executablePath));
}

export async function launchChromium(options: {
  userDataDir: string;
  executablePath?: string;
}): Promise<BrowserContext> {
  const executablePath = options.executablePath ?? CHROMIUM_PATH;
  assertChromiumInstalled(executablePath);
  const context = await chromium.launchPersistentContext(options.userDataDir, {
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport: { width: 1400, height: 900 },
    timeout: 30_000,
  });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    const local = LOOPBACK.has(url.hostname) || url.protocol === 'data:' || url.protocol === 'blob:';
    return local ? route.continue() : route.abort('blockedbyclient');
  });
  return context;
}

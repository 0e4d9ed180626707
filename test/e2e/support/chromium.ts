/**
 * The e2e suite's browser, driven by playwright-core (which downloads no browser), headless, in a
 * fresh profile, with every request to a host other than the loopback aborted: the Playground
 * UI asks a CDN for fonts and needs nothing else from outside.
 * The browser is the one named by CHROMIUM_PATH or else the Chromium that npm installed with
 * @sparticuz/chromium, unpacked once per version into node_modules/.cache/, with the Open Sans
 * it ships as the cards' font.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type BrowserContext } from 'playwright-core';
import { repoRoot } from '../../../scripts/playground/processes';

export interface ChromiumBinary {
  readonly executablePath: string;
  /** Environment the browser needs on top of ours. */
  readonly env: Record<string, string>;
}

export const chromiumMissingMessage = (executablePath: string): string =>
  `No Chromium at ${executablePath} (CHROMIUM_PATH): point CHROMIUM_PATH at a Chromium executable, or unset it to use the one npm installs (@sparticuz/chromium).`;

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

/** Throws at once, saying what to do, when the browser is not there. */
export function assertChromiumInstalled(executablePath: string): void {
  if (!fs.existsSync(executablePath)) throw new Error(chromiumMissingMessage(executablePath));
}

/** CHROMIUM_PATH when set (checked at once), else npm's Chromium, unpacked on first use. */
export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<ChromiumBinary> {
  const given = env.CHROMIUM_PATH;
  if (given) {
    assertChromiumInstalled(given);
    return { executablePath: given, env: {} };
  }
  return unpackNpmChromium(path.join(repoRoot, 'node_modules', '.cache'));
}

/**
 * @sparticuz/chromium keeps Chromium brotli-compressed and unpacks it into os.tmpdir(), shared
 * by every checkout and version; so it unpacks here in a child process whose TMPDIR is a fresh
 * folder, renamed into place when complete: concurrent runs never see half a browser.
 */
export async function unpackNpmChromium(cacheRoot: string): Promise<ChromiumBinary> {
  const packageDir = path.resolve(path.dirname(require.resolve('@sparticuz/chromium')), '..', '..');
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const dir = path.join(cacheRoot, `sparticuz-chromium-${version}`);
  const binary = { executablePath: path.join(dir, 'chromium'), env: { FONTCONFIG_FILE: path.join(dir, 'fonts.conf') } };
  if (fs.existsSync(binary.executablePath)) return binary;

  fs.mkdirSync(cacheRoot, { recursive: true });
  const staging = fs.mkdtempSync(`${dir}.unpacking-`);
  try {
    const unpack = 'require(process.argv[1]).executablePath().then((p) => process.stdout.write(p))';
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', unpack, packageDir], {
      env: { ...process.env, TMPDIR: staging },
      timeout: 150_000,
    });
    if (stdout !== path.join(staging, 'chromium'))
      throw new Error(`@sparticuz/chromium unpacked to ${stdout}, not into ${staging}`);
    fs.writeFileSync(path.join(staging, 'fonts.conf'), fontsConf(dir));
    fs.renameSync(staging, dir);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    // Another run finished unpacking first: use its copy.
    if (!fs.existsSync(binary.executablePath)) throw error;
  }
  return binary;
}

/**
 * The Open Sans that the package ships stands in for the cards' 'Segoe UI', Tahoma, Geneva,
 * Verdana, sans-serif (Teams' font is not free), so screenshots look alike on every machine;
 * the system's fonts, if any, still supply the characters Open Sans lacks (✓).
 */
function fontsConf(dir: string): string {
  const insteadOf = (family: string) =>
    `  <alias binding="same"><family>${family}</family><prefer><family>Open Sans</family></prefer></alias>`;
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
    `  <dir>${path.join(dir, 'fonts', 'fonts')}</dir>`,
    `  <cachedir>${path.join(dir, 'fontconfig-cache')}</cachedir>`,
    ...['Segoe UI', 'Tahoma', 'Geneva', 'Verdana', 'sans-serif'].map(insteadOf),
    '</fontconfig>',
    '',
  ].join('\n');
}

export async function launchChromium(options: {
  userDataDir: string;
  browser?: ChromiumBinary;
}): Promise<BrowserContext> {
  const browser = options.browser ?? (await findChromium());
  assertChromiumInstalled(browser.executablePath);
  const context = await chromium.launchPersistentContext(options.userDataDir, {
    executablePath: browser.executablePath,
    env: { ...process.env, ...browser.env },
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

/** The e2e suite's browser: CHROMIUM_PATH checked at once, else npm's Chromium, unpacked once and launched. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../scripts/playground/processes';
import { findChromium, launchChromium } from './support/chromium';

const sparticuzVersion = (): string => {
  const main = require.resolve('@sparticuz/chromium');
  return (
    JSON.parse(fs.readFileSync(path.resolve(path.dirname(main), '..', '..', 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
};

describe('findChromium', () => {
  test('uses the executable CHROMIUM_PATH names, as it is', async () => {
    await expect(findChromium({ CHROMIUM_PATH: process.execPath })).resolves.toEqual({
      executablePath: process.execPath,
      env: {},
    });
  });

  test('fails at once, saying what to do, when CHROMIUM_PATH names nothing', async () => {
    const missing = path.join(os.tmpdir(), `no-chromium-${process.pid}`, 'chromium');
    const started = Date.now();
    await expect(findChromium({ CHROMIUM_PATH: missing })).rejects.toThrow(
      `No Chromium at ${missing} (CHROMIUM_PATH): point CHROMIUM_PATH at a Chromium executable, or unset it to use the one npm installs (@sparticuz/chromium).`,
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test("without CHROMIUM_PATH, unpacks npm's Chromium once into node_modules/.cache, with a fonts.conf that puts its Open Sans first", async () => {
    const dir = path.join(repoRoot, 'node_modules', '.cache', `sparticuz-chromium-${sparticuzVersion()}`);
    const first = await findChromium({});
    expect(first).toEqual({
      executablePath: path.join(dir, 'chromium'),
      env: { FONTCONFIG_FILE: path.join(dir, 'fonts.conf') },
    });
    expect(fs.statSync(first.executablePath).mode & 0o100).toBe(0o100);
    const fontsConf = fs.readFileSync(first.env.FONTCONFIG_FILE!, 'utf8');
    expect(fontsConf).toContain('<include ignore_missing="yes">/etc/fonts/fonts.conf</include>');
    expect(fontsConf).toContain(`<dir>${path.join(dir, 'fonts', 'fonts')}</dir>`);
    expect(fontsConf).toContain(
      '<alias binding="same"><family>Segoe UI</family><prefer><family>Open Sans</family></prefer></alias>',
    );
    expect(fs.readdirSync(path.join(dir, 'fonts', 'fonts', 'Open_Sans'))).toContain('OpenSans-Regular.ttf');
    const again = Date.now();
    await expect(findChromium({})).resolves.toEqual(first);
    expect(Date.now() - again).toBeLessThan(1000);
  }, 120_000); // the first unpacking writes about 200 MB
});

describe('launchChromium', () => {
  test('fails at once, with that message, when the executable is missing', async () => {
    const missing = path.join(os.tmpdir(), `no-chromium-${process.pid}`, 'chromium');
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-chromium-test-'));
    try {
      const started = Date.now();
      await expect(launchChromium({ userDataDir, browser: { executablePath: missing, env: {} } })).rejects.toThrow(
        `No Chromium at ${missing} (CHROMIUM_PATH)`,
      );
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      fs.rmSync(userDataDir, { recursive: true, force: true });
    }
  });

  test("launches npm's Chromium headless, which renders a page and is refused hosts other than the loopback", async () => {
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-chromium-test-'));
    const context = await launchChromium({ userDataDir, browser: await findChromium({}) });
    try {
      const page = await context.newPage();
      await page.setContent(
        '<p id="total" style="font-family: \'Segoe UI\', Tahoma, Geneva, Verdana, sans-serif">Total £3,740,000</p>',
      );
      expect(await page.textContent('#total')).toBe('Total £3,740,000');
      // Drawn in Open Sans: the same width as naming it.
      const width = () => page.evaluate(() => document.getElementById('total')!.getBoundingClientRect().width);
      const asCards = await width();
      await page.evaluate(() => (document.getElementById('total')!.style.fontFamily = 'Open Sans'));
      expect(await width()).toBe(asCards);
      expect(await page.evaluate(() => navigator.userAgent)).toContain('HeadlessChrome/');
      await expect(page.goto('http://example.org/')).rejects.toThrow(/ERR_BLOCKED_BY_CLIENT/);
    } finally {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    }
  });
});

/** The e2e suite's browser launcher says what to install, at once, when Chromium is missing. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_PATH, assertChromiumInstalled, chromiumMissingMessage, launchChromium } from './support/chromium';

describe('launchChromium', () => {
  test('names the package to install for the default browser path', () => {
    expect(CHROMIUM_PATH).toBe('/usr/bin/chromium');
    expect(chromiumMissingMessage()).toBe(
      'Chromium is not installed: run `apt-get install -y chromium` (Debian) — the e2e suite drives /usr/bin/chromium.',
    );
  });

  test('fails at once, with that message, when the executable is missing', async () => {
    const missing = path.join(os.tmpdir(), `no-chromium-${process.pid}`, 'chromium');
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-chromium-test-'));
    try {
      const started = Date.now();
      await expect(launchChromium({ userDataDir, executablePath: missing })).rejects.toThrow(
        `Chromium is not installed: run \`apt-get install -y chromium\` (Debian) — the e2e suite drives ${missing}.`,
      );
      expect(Date.now() - started).toBeLessThan(1000);
      expect(() => assertChromiumInstalled(missing)).toThrow(/apt-get install -y chromium/);
    } finally {
      fs.rmSync(userDataDir, { recursive: true, force: true });
    }
  });

  test('lets an installed executable through', () => {
    // Any existing file passes the check; the launch itself is exercised by playground.test.ts.
    expect(() => assertChromiumInstalled(process.execPath)).not.toThrow();
  });
});

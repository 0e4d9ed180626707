/**
 * `npm start` as an operator runs it (`node scripts/start.cjs`, the compiled build in dist/, which
 * jest's globalSetup built when stale): the bot process answers /healthz within 10 s, replies to a
 * Teams-shaped `help` through the connector at the activity's serviceUrl, serves the tab's static
 * files (found in the repository and node_modules from dist/ too), and on SIGTERM finishes, closes
 * the store (its DATA_DIR lock is gone) and exits 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ASSET_NAMES } from '../../tab/tab-assets';
import { startNodeArgs } from '../../scripts/start-args.cjs';
import { freePort } from '../support/bot-process';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { message, person, personalChat } from '../support/teams-activities';

const root = path.resolve(__dirname, '..', '..');
let bot: ChildProcess | null = null;
let connector: FakeConnector;
let dataDir: string;
let output = '';

beforeAll(async () => {
  connector = await startFakeConnector();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-start-'));
});
afterAll(async () => {
  if (bot && bot.exitCode === null) bot.kill('SIGKILL');
  await connector.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('starts, answers, and shuts down cleanly', async () => {
  const port = await freePort();
  const started = Date.now();
  bot = spawn(process.execPath, [...startNodeArgs(), 'scripts/start.cjs'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      MicrosoftAppId: '',
      DATABASE_URL: '',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  bot.stdout!.on('data', (d) => (output += d));
  bot.stderr!.on('data', (d) => (output += d));

  let health: { status: string } | null = null;
  while (!health && Date.now() - started < 10_000) {
    health = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => (r.ok ? r.json() : null),
      () => null,
    );
    if (!health) await new Promise((r) => setTimeout(r, 100));
  }
  expect(health?.status).toBe('ok');
  expect(output).toMatch(/running WITHOUT authentication/);
  // Compiled JavaScript from dist/: no TypeScript transpiler (swc's native binding) is loaded in the serving process.
  const mapped = fs.readFileSync(`/proc/${bot.pid}/maps`, 'utf8');
  expect(mapped).not.toMatch(/swc/);
  expect(fs.readFileSync(`/proc/${bot.pid}/cmdline`, 'utf8').split('\0')).toContain('scripts/start.cjs');
  // Given npm start's Node options (scripts/start-args.cjs), as npm start gives them.
  expect(startNodeArgs()).toEqual(['--max-old-space-size=1536']);
  expect(fs.readFileSync(`/proc/${bot.pid}/cmdline`, 'utf8').split('\0')).toContain('--max-old-space-size=1536');

  // The tab's static files (teams-js, the charting library, its own scripts) are found from dist/ too.
  for (const name of ASSET_NAMES) {
    const asset = await fetch(`http://127.0.0.1:${port}/tab/assets/${name}`);
    expect([name, asset.status]).toEqual([name, 200]);
    expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  }

  const alice = person('s1', 'Sam Start');
  const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message(connector.url, alice, personalChat(alice), 'help')),
  });
  expect(res.status).toBe(200);
  const reply = await connector.waitForSent(() => true, 5000);
  expect(String(reply.activity.text)).toMatch(/new .*fund .*submit/s);
  expect(fs.existsSync(path.join(dataDir, '.lock'))).toBe(true);

  const exited = new Promise<number | null>((resolve) => bot!.once('exit', (code) => resolve(code)));
  bot.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(fs.existsSync(path.join(dataDir, '.lock'))).toBe(false);
}, 30_000);

test('a bad configuration stops the start with one line and exit code 1', async () => {
  const child = spawn(process.execPath, ['scripts/start.cjs'], {
    cwd: root,
    env: { ...process.env, PORT: 'abc', DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).toBe(1);
  const lines = stderr.split('\n').filter((l) => l.trim());
  expect(lines).toEqual(['PORT must be a whole number from 1 to 65535 (got "abc").']);
}, 30_000);

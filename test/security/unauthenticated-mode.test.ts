/**
 * Issue 17, item 3: no app id means no authentication. The attacker reaches the machine from
 * another interface and posts as an admin; they must not get a connection unless the operator
 * explicitly allowed it, and a production start without an app id must not happen at all. On
 * Linux every 127.x address is the loopback, but a server bound to 127.0.0.1 does not answer on
 * 127.0.0.2 while one bound to 0.0.0.0 does: 127.0.0.2 stands in for the network interface.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startBotProcess, type BotProcess } from '../support/bot-process';
import { person, personalChat, message } from '../support/teams-activities';

const ROOT = path.resolve(__dirname, '..', '..');
const APP_ID = '11111111-2222-3333-4444-555555555555';
const OTHER_INTERFACE = '127.0.0.2';
let dataDir: string;
let bot: BotProcess | null = null;

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-open-'));
});
afterEach(async () => {
  await bot?.stop();
  bot = null;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Whether a TCP connection to host:port is accepted. */
const accepts = (host: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

/** Runs `npm start`'s entry point with `env` and collects its exit code and stderr (a start that must be refused). */
function refusedStart(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['scripts/start.cjs'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir, PORT: '3978', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) => child.once('exit', (code) => (clearTimeout(timer), resolve({ code, stderr }))));
}

const oneLine = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

test('without an app id the bot listens on the loopback only: another interface gets no connection', async () => {
  bot = await startBotProcess({ DATA_DIR: dataDir });
  expect(await accepts('127.0.0.1', bot.port)).toBe(true);
  expect(await accepts(OTHER_INTERFACE, bot.port)).toBe(false);
  expect(bot.output()).toMatch(/running WITHOUT authentication, for local development only/);
}, 60_000);

test('a HOST beyond the loopback without an app id is refused unless ALLOW_UNAUTHENTICATED=true', async () => {
  const { code, stderr } = await refusedStart({ HOST: '0.0.0.0' });
  expect(code).toBe(1);
  expect(oneLine(stderr)).toEqual([
    'HOST is "0.0.0.0" but MicrosoftAppId is empty, so anyone who can reach that interface could post as anyone, admins included: set MicrosoftAppId, or listen on 127.0.0.1, or set ALLOW_UNAUTHENTICATED=true to accept the risk (development only).',
  ]);
}, 60_000);

test('the explicit override opens the other interface, with a warning in the log', async () => {
  bot = await startBotProcess({ DATA_DIR: dataDir, HOST: '0.0.0.0', ALLOW_UNAUTHENTICATED: 'true' });
  expect(await accepts(OTHER_INTERFACE, bot.port)).toBe(true);
  expect(bot.output()).toMatch(/MicrosoftAppId is empty and HOST is 0\.0\.0\.0 \(ALLOW_UNAUTHENTICATED=true\): running WITHOUT authentication where others can reach it/);
}, 60_000);

test('NODE_ENV=production without an app id does not start at all, override or not', async () => {
  const overrides: Record<string, string>[] = [{}, { HOST: '0.0.0.0', ALLOW_UNAUTHENTICATED: 'true' }];
  for (const extra of overrides) {
    const { code, stderr } = await refusedStart({ NODE_ENV: 'production', ...extra });
    expect(code).toBe(1);
    expect(oneLine(stderr)).toEqual(["MicrosoftAppId must be set when NODE_ENV is production: without it the bot would accept anyone's messages without authentication (got \"\")."]);
  }
}, 60_000);

test('with an app id and no ALLOWED_TENANTS the bot warns that any tenant can talk to it; an unauthenticated post still gets 401', async () => {
  bot = await startBotProcess({ DATA_DIR: dataDir, MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret' });
  expect(bot.output()).toMatch(/ALLOWED_TENANTS is empty: users of any Microsoft 365 tenant where the app is installed can talk to the bot/);
  const mallory = person('m1', 'Mallory');
  expect((await bot.post(message('http://127.0.0.1:9/', mallory, personalChat(mallory), 'role finance @Mallory'))).status).toBe(401);
}, 60_000);

test('with ALLOWED_TENANTS set there is no such warning', async () => {
  bot = await startBotProcess({ DATA_DIR: dataDir, MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret', ALLOWED_TENANTS: '72f988bf-86f1-41af-91ab-2d7cd011db47' });
  expect(bot.output()).toMatch(/"listening"/);
  expect(bot.output()).not.toMatch(/ALLOWED_TENANTS is empty/);
}, 60_000);

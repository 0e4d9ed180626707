/**
 * Issue 17, item 1: disk fill before authentication. The attacker has no token and posts big or
 * odd bodies to every route; they must not get a byte written to disk, nor the bot to read more
 * than 256 KB of a body, nor a body read at all when the headers already say it will be refused.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { builtInProfilePath, loadProfile } from '../../app/profile-loader';
import { LowdbStore } from '../../storage/lowdb-store';
import { startServer, type RunningServer } from '../../app/server';
import { MAX_ACTIVITY_BYTES } from '../../app/activity-body';
import { startBotProcess, type BotProcess } from '../support/bot-process';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { multipartBody, rawRequest, type RawRequest } from '../support/raw-post';
import { testServerOptions } from '../support/server-options';
import { message, person, personalChat } from '../support/teams-activities';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const MB = 1024 * 1024;
const json = { 'content-type': 'application/json' };

describe('a bot with an app id, as the issue found it (a process of its own, with its own temp folder)', () => {
  let bot: BotProcess;
  let tmp: string;
  let dataDir: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-tmp-'));
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-data-'));
    bot = await startBotProcess({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-a-real-secret',
      TMPDIR: tmp,
      TMP: tmp,
      TEMP: tmp,
      DATA_DIR: dataDir,
    });
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes nothing to disk for an 8 MB multipart upload to any route, and refuses it', async () => {
    const { body, contentType } = multipartBody(8 * MB);
    const headers = { 'content-type': contentType, 'content-length': String(body.length) };
    const answers: Record<string, number | null> = {};
    for (const route of [
      '/api/messages',
      '/healthz',
      '/decisions',
      '/decisions/PCD-1065',
      '/exports/abc.def',
      '/nowhere',
    ]) {
      answers[route] = (await rawRequest(`${bot.url}${route}`, { headers, body })).status;
    }
    expect(answers['/api/messages']).toBe(415);
    // Other routes take no body: refused (405/404), or cut off mid-upload; never accepted.
    for (const [route, status] of Object.entries(answers))
      expect({ route, refused: status === null || (status >= 400 && status < 500) }).toEqual({ route, refused: true });
    // The only thing in the process's temp folder is @swc-node/register's compile cache.
    expect(fs.readdirSync(tmp).filter((name) => !name.startsWith('swc-node'))).toEqual([]);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  }, 60_000);

  it('refuses a JSON body without a token before reading it (401 while most of it is unsent)', async () => {
    const answer = await rawRequest(`${bot.url}/api/messages`, {
      headers: { ...json, 'content-length': String(200 * 1024) },
      body: Buffer.alloc(200 * 1024, 0x20),
      sendOnly: 10,
    });
    expect(answer.status).toBe(401);
    expect(answer.bytesWritten).toBe(10);
  });
});

describe('the body of /api/messages (no app id, in process)', () => {
  let server: RunningServer;
  let store: LowdbStore;
  let connector: FakeConnector;
  let dataDir: string;
  const alice = person('b1', 'Bea Body');

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-body-'));
    store = new LowdbStore(dataDir);
    await store.open();
    connector = await startFakeConnector();
    server = await startServer(testServerOptions(store, loadProfile(builtInProfilePath())));
  });
  afterAll(async () => {
    await server.close();
    await store.close();
    await connector.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const activity = (text: string) =>
    Buffer.from(JSON.stringify(message(connector.url, alice, personalChat(alice), text)));
  const post = (
    headers: Record<string, string>,
    body: Buffer,
    extra: Pick<RawRequest, 'sendOnly' | 'chunkSize'> = {},
  ) => rawRequest(`${server.url}/api/messages`, { headers, body, ...extra });

  it.each([
    ['multipart/form-data', multipartBody(1024).contentType],
    ['binary', 'application/octet-stream'],
    ['text', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['JSON in another charset', 'application/json; charset=utf-16'],
    ['no content type at all', ''],
  ])('refuses %s with 415 before reading the body', async (_what, contentType) => {
    const headers: Record<string, string> = { 'content-length': String(100 * 1024) };
    if (contentType) headers['content-type'] = contentType;
    const answer = await post(headers, activity('help'), { sendOnly: 16 });
    expect(answer.status).toBe(415);
    expect(answer.bytesWritten).toBe(16);
  });

  it('refuses a compressed body with 415 (no gzip bombs)', async () => {
    const body = zlib.gzipSync(activity('help'));
    const answer = await post({ ...json, 'content-encoding': 'gzip', 'content-length': String(body.length) }, body);
    expect(answer.status).toBe(415);
  });

  it('refuses a declared length over 256 KB with 413 before reading the body', async () => {
    const answer = await post({ ...json, 'content-length': String(8 * MB) }, Buffer.alloc(8 * MB, 0x20), {
      sendOnly: 1024,
    });
    expect(answer.status).toBe(413);
    expect(answer.bytesWritten).toBe(1024);
  });

  it('refuses a chunked body with 413 once it passes 256 KB, without waiting for the rest', async () => {
    const answer = await post(
      { ...json, 'transfer-encoding': 'chunked' },
      Buffer.alloc(MAX_ACTIVITY_BYTES + 64 * 1024, 0x20),
      { sendOnly: MAX_ACTIVITY_BYTES + 64 * 1024 },
    );
    expect(answer.status).toBe(413);
  });

  it('lets an uploader that reads its answer late still read the refusal (no reset under it)', async () => {
    // The client writes 8 MB as fast as the socket takes it and reads nothing for a while, as a busy
    // client does: the server must hold it back rather than reset the connection, because a reset
    // makes the client's kernel drop the 415 it has not read yet.
    const { port } = new URL(server.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.pause();
    let received = '';
    const answer = new Promise<string>((resolve) => {
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('latin1');
        if (received.includes('\r\n\r\n')) resolve(received);
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(`no answer: ${error.code}`));
      socket.once('close', () => resolve(`no answer: closed`));
    });
    socket.write(
      `POST /api/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: ${8 * MB}\r\n\r\n`,
    );
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    for (let sent = 0; sent < 8 * MB && socket.write(chunk); sent += chunk.length);
    await new Promise((resolve) => setTimeout(resolve, 500));
    socket.resume();
    expect(await answer).toMatch(/^HTTP\/1\.1 415 /);
    socket.destroy();
  });

  it('reads a chunked activity under the cap like any other', async () => {
    const answer = await post({ ...json, 'transfer-encoding': 'chunked' }, activity('help'), { chunkSize: 7 });
    expect(answer.status).toBe(200);
    expect(String((await connector.waitForSent(() => true, 5000)).activity.text)).toMatch(/new /);
  });

  it('answers 400 to a body that is not JSON, and to JSON that is not an activity', async () => {
    expect((await post(json, Buffer.from('{"type": "message",'))).status).toBe(400);
    expect((await post(json, Buffer.from([0xff, 0xfe, 0x7b, 0x7d]))).status).toBe(400);
    expect((await post(json, Buffer.from('[1,2,3]'))).status).toBe(400);
  });
});

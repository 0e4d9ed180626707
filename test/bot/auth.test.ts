/**
 * With MicrosoftAppId set, every request needs a valid Bot Framework JWT. Tested offline: the
 * adapter is pointed at a local OpenID metadata document whose signing key we hold.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { builtInProfilePath, loadProfile } from '../../app/profile-loader';
import { LowdbStore } from '../../storage/lowdb-store';
import { startServer, type RunningServer } from '../../app/server';
import { SERVICE_URL, startOpenIdMetadata, type OpenIdMetadata } from '../support/openid-metadata';
import { testServerOptions } from '../support/server-options';

const APP_ID = '11111111-2222-3333-4444-555555555555';

let openId: OpenIdMetadata;
let server: RunningServer;
let store: LowdbStore;
let dataDir: string;

beforeAll(async () => {
  openId = await startOpenIdMetadata();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-auth-'));
  store = new LowdbStore(dataDir);
  await store.open();
  server = await startServer(
    testServerOptions(store, loadProfile(builtInProfilePath()), {
      appId: APP_ID,
      appPassword: 'not-a-real-secret',
      authOverrides: openId.authOverrides,
    }),
  );
});

afterAll(async () => {
  await server.close();
  await store.close();
  await openId.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// A conversation update the bot does not answer: a valid request ends in 200 without any send.
const activity = {
  type: 'conversationUpdate',
  id: 'auth-1',
  channelId: 'msteams',
  serviceUrl: SERVICE_URL,
  from: { id: '29:someone' },
  recipient: { id: `28:${APP_ID}` },
  conversation: { id: '19:chan@thread.tacv2', conversationType: 'channel' },
  membersAdded: [],
};

async function post(authorization?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization) headers.authorization = authorization;
  const res = await fetch(`${server.url}/api/messages`, { method: 'POST', headers, body: JSON.stringify(activity) });
  return res.status;
}

describe('Bot Framework authentication', () => {
  test('a request without a token gets 401', async () => {
    expect(await post()).toBe(401);
  });

  test('a token signed with another key gets 401', async () => {
    expect(await post(`Bearer ${openId.sign({ audience: APP_ID, key: openId.forger })}`)).toBe(401);
  });

  test('an expired token gets 401', async () => {
    // Expired an hour ago: beyond botbuilder's five minutes of clock tolerance.
    expect(await post(`Bearer ${openId.sign({ audience: APP_ID, lifetimeSeconds: -3600 })}`)).toBe(401);
  });

  test('a token for another bot gets 401', async () => {
    const other = openId.sign({ audience: 'another-app' });
    expect(await post(`Bearer ${other}`)).toBe(401);
  });

  test('a valid token is accepted', async () => {
    expect(await post(`Bearer ${openId.sign({ audience: APP_ID })}`)).toBe(200);
  });
});

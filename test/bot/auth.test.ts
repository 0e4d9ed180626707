/**
 * With MicrosoftAppId set, every request needs a valid Bot Framework JWT. Tested offline: the
 * adapter is pointed at a local OpenID metadata document whose signing key we hold.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { builtInProfilePath, loadProfile } from '../../src/profile-loader';
import { silentLogger } from '../../src/logger';
import { LowdbStore } from '../../src/storage/lowdb-store';
import { startServer, type RunningServer } from '../../src/server';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const ISSUER = 'https://api.botframework.com';
const SERVICE_URL = 'https://smba.trafficmanager.net/uk/';

const trusted = generateKeyPairSync('rsa', { modulusLength: 2048 });
const forger = generateKeyPairSync('rsa', { modulusLength: 2048 });

let metadata: http.Server;
let server: RunningServer;
let store: LowdbStore;
let dataDir: string;

function jwk(key: KeyObject) {
  const { n, e } = key.export({ format: 'jwk' }) as { n: string; e: string };
  return { kty: 'RSA', use: 'sig', kid: 'test-key', n, e, endorsements: ['msteams'] };
}

beforeAll(async () => {
  metadata = http.createServer((req, res) => {
    const base = `http://127.0.0.1:${(metadata.address() as { port: number }).port}`;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/openid') res.end(JSON.stringify({ issuer: ISSUER, jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    else if (req.url === '/keys') res.end(JSON.stringify({ keys: [jwk(trusted.publicKey)] }));
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => metadata.listen(0, '127.0.0.1', r));
  const port = (metadata.address() as { port: number }).port;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-auth-'));
  store = new LowdbStore(dataDir);
  await store.open();
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    store,
    storeKind: 'lowdb',
    profile: loadProfile(builtInProfilePath()),
    appId: APP_ID,
    appPassword: 'not-a-real-secret',
    appType: 'MultiTenant',
    appTenantId: '',
    admins: [],
    allowedTenants: [],
    logger: silentLogger,
    // Giving any endpoint switches botbuilder to a fully parameterised setup: name them all, as the public cloud has them.
    authOverrides: {
      ToBotFromChannelOpenIdMetadataUrl: `http://127.0.0.1:${port}/openid`,
      ToBotFromEmulatorOpenIdMetadataUrl: `http://127.0.0.1:${port}/openid`,
      ToBotFromChannelTokenIssuer: ISSUER,
      ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
      ToChannelFromBotOAuthScope: 'https://api.botframework.com',
      OAuthUrl: 'https://api.botframework.com',
      ValidateAuthority: true,
    },
  });
});

afterAll(async () => {
  await server.close();
  await store.close();
  await new Promise((r) => metadata.close(r));
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

const sign = (key: KeyObject, lifetimeSeconds = 300) => {
  const now = Math.floor(Date.now() / 1000);
  return jwt.sign({ serviceurl: SERVICE_URL, iat: now - 60, exp: now + lifetimeSeconds }, key.export({ format: 'pem', type: 'pkcs1' }), {
    algorithm: 'RS256',
    keyid: 'test-key',
    issuer: ISSUER,
    audience: APP_ID,
  });
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
    expect(await post(`Bearer ${sign(forger.privateKey)}`)).toBe(401);
  });

  test('an expired token gets 401', async () => {
    // Expired an hour ago: beyond botbuilder's five minutes of clock tolerance.
    expect(await post(`Bearer ${sign(trusted.privateKey, -3600)}`)).toBe(401);
  });

  test('a token for another bot gets 401', async () => {
    const other = jwt.sign({ serviceurl: SERVICE_URL }, trusted.privateKey.export({ format: 'pem', type: 'pkcs1' }), {
      algorithm: 'RS256', keyid: 'test-key', issuer: ISSUER, audience: 'another-app', expiresIn: 300,
    });
    expect(await post(`Bearer ${other}`)).toBe(401);
  });

  test('a valid token is accepted', async () => {
    expect(await post(`Bearer ${sign(trusted.privateKey)}`)).toBe(200);
  });
});

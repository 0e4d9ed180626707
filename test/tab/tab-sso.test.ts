/**
 * The tab inside Teams: with an app id every data page needs a Teams SSO token, checked against
 * Azure AD's OpenID keys (here a local metadata server whose key the test holds). A good token
 * shows the person's data; without one the page is the sign-in shell; a bad one (forged, expired,
 * for another app, from another tenant, from the wrong issuer) gets a clear sentence and no data.
 */
import { builtInProfilePath, loadProfile } from '../../app/profile-loader';
import { startServer, type RunningServer } from '../../app/server';
import { seedActors } from '../fixtures/seed-decision';
import { startOpenIdMetadata, type OpenIdMetadata } from '../support/openid-metadata';
import { testServerOptions } from '../support/server-options';
import { APP_ID, ssoToken, TENANT } from './sso-tokens';
import { clock, openTabRegister, type TabRegister } from './tab-register';

const profile = loadProfile(builtInProfilePath('mopac'));
let register: TabRegister;
let metadata: OpenIdMetadata;
let server: RunningServer;

beforeAll(async () => {
  register = await openTabRegister();
  metadata = await startOpenIdMetadata();
  server = await startServer(
    testServerOptions(register.store, profile, {
      clock,
      appId: APP_ID,
      appPassword: 'secret',
      botDomain: 'decisions.example.org',
      allowedTenants: [TENANT],
      tabOpenIdMetadataUrl: metadata.authOverrides.ToBotFromChannelOpenIdMetadataUrl,
    }),
  );
});
afterAll(async () => {
  await server.close();
  await metadata.close();
  await register.close();
});

const get = async (path: string, token?: string) => {
  const res = await fetch(`${server.url}/tab${path}`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
  return { status: res.status, body: await res.text() };
};

it('shows the signed-in person their own page', async () => {
  const page = await get('/mine', ssoToken(metadata));
  expect(page.status).toBe(200);
  expect(page.body).toContain('Signed in as Finance Officer');
  expect(page.body).toContain('PCD 4001');
  expect(page.body).not.toContain('Local development');
});

it('accepts a v1 token of the same tenant', async () => {
  const page = await get('/register', ssoToken(metadata, { issuer: `https://sts.windows.net/${TENANT}/` }));
  expect(page.status).toBe(200);
  expect(page.body).toContain('31 decisions match.');
});

it('without a token sends the sign-in shell, which holds no data', async () => {
  const page = await get('/register');
  expect(page.status).toBe(200);
  expect(page.body).toContain('Signing you in through Teams');
  expect(page.body).toContain('/tab/assets/teams-js.js');
  expect(page.body).not.toMatch(/PCD \d/);
});

it.each([
  ['forged', () => ssoToken(metadata, { key: metadata.forger }), 'signature does not hold'],
  ['expired', () => ssoToken(metadata, { lifetimeSeconds: -600 }), 'has expired'],
  ['for another app', () => ssoToken(metadata, { audience: `api://evil.example.org/${APP_ID}` }), 'not for this app'],
  [
    'from another tenant',
    () => ssoToken(metadata, { tenant: 'b1b2c3d4-0000-4000-8000-00000000bbbb' }),
    'not one this app serves',
  ],
  [
    'from another issuer',
    () => ssoToken(metadata, { issuer: 'https://login.microsoftonline.com/other/v2.0' }),
    'not issued by its own tenant',
  ],
  ['not a token', () => 'not-a-token', 'not a token at all'],
])('refuses a token %s with a clear sentence and no data', async (_what, token, sentence) => {
  const page = await get('/register', token());
  expect(page.status).toBe(401);
  expect(page.body).toContain('You are not signed in');
  expect(page.body).toContain(sentence);
  expect(page.body).not.toMatch(/PCD \d/);
});

it('ignores ?as= when an app id is set', async () => {
  const res = await fetch(`${server.url}/tab/register?as=${seedActors.draftingOfficer.aadObjectId}`);
  expect(await res.text()).not.toMatch(/PCD \d/);
});

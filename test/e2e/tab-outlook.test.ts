/**
 * The Funding outlook in Chromium, from the known register (test/tab/tab-register.ts) through the
 * real store and server, with every request off the loopback refused (no CDN, no internet):
 * - outside Teams (local development), picked from the picker, the three charts are drawn with the
 *   register's figures (each bar's value and height), the tables beside them hold the same figures,
 *   and axe-core finds no serious or critical violation;
 * - inside Teams (teams-js stood in for by a page script giving a signed SSO token), going from My
 *   decisions to the outlook loads the charting scripts the first page lacked and draws the charts;
 * - the SSO failure paths: a bad token gets a clear sentence and no data; Teams refusing a token
 *   leaves the shell saying so.
 * Its screenshot goes where the other tab screenshots go (npm run screenshots: test/e2e/screenshots/).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { builtInProfilePath, loadProfile } from '../../app/profile-loader';
import { startServer, type RunningServer } from '../../app/server';
import { seedActors } from '../fixtures/seed-decision';
import { startOpenIdMetadata, type OpenIdMetadata } from '../support/openid-metadata';
import { testServerOptions } from '../support/server-options';
import { APP_ID, BOT_DOMAIN, ssoToken, TENANT } from '../tab/sso-tokens';
import { clock, COMMITMENTS_TABLE, openTabRegister, type TabRegister } from '../tab/tab-register';
import { seriousViolations } from './support/axe';
import { launchChromium } from './support/chromium';
import { screenshotsTarget } from './support/session';

const profile = loadProfile(builtInProfilePath('mopac'));
const shots = screenshotsTarget(process.env);
let register: TabRegister;
let metadata: OpenIdMetadata;
let dev: RunningServer;
let sso: RunningServer;
let browser: BrowserContext;
let userDataDir: string;

beforeAll(async () => {
  register = await openTabRegister();
  metadata = await startOpenIdMetadata();
  dev = await startServer(testServerOptions(register.store, profile, { clock }));
  sso = await startServer(
    testServerOptions(register.store, profile, {
      clock,
      appId: APP_ID,
      appPassword: 'secret',
      botDomain: BOT_DOMAIN,
      allowedTenants: [TENANT],
      tabOpenIdMetadataUrl: metadata.authOverrides.ToBotFromChannelOpenIdMetadataUrl,
    }),
  );
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-tab-outlook-'));
  browser = await launchChromium({ userDataDir });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await sso?.close();
  await dev?.close();
  await metadata?.close();
  await register?.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
});

const TEAMS_JS_DOMAINS = /https:\/\/res\.cdn\.office\.net\/teams-js\/validDomains\//;

/** A page that records what goes wrong in it: script errors, console errors (CSP refusals too), failed requests. */
async function watchedPage(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (m) => {
    // teams-js asks Microsoft's CDN for its list of valid domains as it loads; the page's CSP refuses
    // that (connect-src 'self') and teams-js keeps its built-in list: expected, and no request leaves.
    if (m.type() === 'error' && !TEAMS_JS_DOMAINS.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  return { page, problems };
}

/** Each mark of a chart's layer: its tooltip (SVG title), its own text and its drawn height. */
const marks = (page: Page, chart: string, layer: string) =>
  page.locator(`#chart-${chart} svg g[aria-label="${layer}"] > *`).evaluateAll((nodes) =>
    nodes.map((n) => ({
      title: n.querySelector('title')?.textContent ?? '',
      text: [...n.childNodes]
        .filter((c) => c.nodeName !== 'title')
        .map((c) => c.textContent)
        .join(' '),
      height: n.getBoundingClientRect().height,
    })),
  );
const tableText = (page: Page, id: string) =>
  page
    .locator(`#${id} tr`)
    .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => (c as HTMLElement).innerText)));

test('outside Teams, picked from the picker: the charts drawn with the register’s figures, the tables beside them', async () => {
  const { page, problems } = await watchedPage();
  await page.goto(`${dev.url}/tab/outlook`);
  await page.getByRole('link', { name: 'Ruth Bloomfield' }).click();
  await page.waitForSelector('#chart-pipeline svg');
  expect(await page.locator('h1').innerText()).toBe('Funding outlook');
  expect(await page.getByRole('link', { name: 'Funding outlook' }).getAttribute('aria-current')).toBe('page');

  const bars = await marks(page, 'commitments', 'bar');
  expect(bars.map((b) => b.title)).toEqual([
    '2024/25, Approved: £165,000',
    '2025/26, Approved: £145,000',
    '2026/27, Approved: £225,000',
    '2026/27, Awaiting chief executive: £90,000',
    '2026/27, In review: £50,000',
    '2026/27, Draft: £10,000',
  ]);
  // Heights in proportion to the amounts: the bars show the figures, not just label them.
  const [y2024, y2025, ...y2026] = bars.map((b) => b.height);
  expect(y2025! / y2024!).toBeCloseTo(145 / 165, 2);
  expect(y2026.reduce((a, b) => a + b, 0) / y2024!).toBeCloseTo(375 / 165, 2);

  const ending = await marks(page, 'ending', 'rect');
  expect(ending.map((b) => b.title)).toEqual([
    'March 2027, Renewed: £5,000',
    'March 2027, Let end: £8,000',
    'March 2027, Not decided yet: £212,000',
  ]);
  expect(ending[2]!.height / ending[1]!.height).toBeCloseTo(212 / 8, 1);
  expect((await marks(page, 'ending', 'text')).map((m) => [m.text, m.title])).toEqual([
    ['3-month reminder', '3-month reminder falls due 31 Dec 2026'],
    ['1-month reminder', '1-month reminder falls due 28 Feb 2027'],
  ]);
  expect(await page.locator('#chart-ending svg g[aria-label="rule"][stroke-dasharray] > line').count()).toBe(2);

  const waiting = await marks(page, 'pipeline', 'bar');
  expect(waiting).toHaveLength(9);
  expect(waiting.at(-1)?.title).toBe('Chief Executive, Up to 3 working days: 1');
  expect(waiting[0]?.title).toBe('Finance, 9 working days or more: 1');

  for (const chart of ['commitments', 'ending', 'pipeline'])
    expect(await page.locator(`#chart-${chart}`).getAttribute('aria-label')).toMatch(
      /^Bar chart: .+ The table beside it has the figures\.$/,
    );
  expect(await tableText(page, 'table-commitments')).toEqual(COMMITMENTS_TABLE);
  expect((await tableText(page, 'table-ending')).at(-1)).toEqual([
    'March 2027',
    '£5,000',
    '£8,000',
    '£212,000',
    '£225,000',
    '11',
    'None',
  ]);
  expect((await tableText(page, 'table-pipeline')).at(-1)).toEqual([
    'Chief Executive',
    '1',
    '1',
    '0',
    '0',
    'PCD 4003 (3)',
  ]);
  // Beside each other on a wide page.
  const chartBox = await page.locator('#chart-commitments').boundingBox();
  const tableBox = await page.locator('#table-commitments').boundingBox();
  expect(tableBox!.x).toBeGreaterThan(chartBox!.x + chartBox!.width - 1);

  expect(await seriousViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, 'tab-outlook.png'), fullPage: true });
  await page.close();
}, 60_000);

/** teams-js as the Teams client gives it: initialised, no sub-page, and the SSO token (or a refusal). */
async function inTeams(page: Page, token: string | null): Promise<void> {
  const answer =
    token === null ? 'Promise.reject(new Error("consent_required"))' : `Promise.resolve(${JSON.stringify(token)})`;
  await page.route('**/tab/assets/teams-js.js', (route) =>
    route.fulfill({
      contentType: 'text/javascript; charset=utf-8',
      body: `window.microsoftTeams = {
        app: { initialize: () => Promise.resolve(), getContext: () => Promise.resolve({ page: {} }) },
        authentication: { getAuthToken: () => ${answer} },
      };`,
    }),
  );
}

test('inside Teams, from My decisions to the outlook: the page’s charting scripts load and the charts draw', async () => {
  const { page, problems } = await watchedPage();
  const token = ssoToken(metadata, { oid: seedActors.draftingOfficer.aadObjectId, name: 'Ruth Bloomfield' });
  await inTeams(page, token);
  await page.goto(`${sso.url}/tab/mine`);
  await page.waitForSelector('text=Signed in as Ruth Bloomfield');
  expect(await page.locator('script[src$="/plot.js"]').count()).toBe(0);

  await page.getByRole('link', { name: 'Funding outlook' }).click();
  await page.waitForSelector('#chart-commitments svg g[aria-label="bar"]');
  expect(new URL(page.url()).pathname).toBe('/tab/outlook');
  expect((await marks(page, 'commitments', 'bar')).map((b) => b.title)).toContain('2026/27, In review: £50,000');
  expect(await page.locator('#chart-ending svg g[aria-label="rect"] > *').count()).toBe(3);
  expect(await page.locator('#chart-pipeline svg g[aria-label="bar"] > *').count()).toBe(9);
  expect(problems).toEqual([]);
  await page.close();
}, 60_000);

test('a bad SSO token gets a clear sentence and no data', async () => {
  const { page } = await watchedPage();
  await page.setExtraHTTPHeaders({ Authorization: 'Bearer not-a-token' });
  const response = await page.goto(`${sso.url}/tab/outlook`);
  expect(response?.status()).toBe(401);
  expect(await page.locator('main').innerText()).toContain('The sign-in token is not a token at all.');
  expect(await page.content()).not.toMatch(/PCD \d|£\d/);
  await page.close();
}, 60_000);

test('when Teams gives no token, the shell says the page opens inside Teams and shows no data', async () => {
  const { page } = await watchedPage();
  await inTeams(page, null);
  await page.goto(`${sso.url}/tab/outlook`);
  await page.waitForSelector('#sign-in[role="alert"]', { timeout: 15_000 });
  expect(await page.locator('#sign-in').innerText()).toMatch(
    /^This page opens inside Microsoft Teams.*consent_required/,
  );
  expect(await page.content()).not.toMatch(/PCD \d|£\d/);
  await page.close();
}, 60_000);

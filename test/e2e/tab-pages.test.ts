/**
 * The tab's pages in Chromium, outside Teams: in local development a picked role holder filters,
 * sorts and pages the Register with the page's own form and links, opens a decision and My
 * decisions, and axe-core (injected into each page) finds no serious or critical violation. With
 * an app id, a bad SSO token gets the clear sentence and no data, and the sign-in shell opened
 * outside Teams says the page needs Teams. Screenshots of the pages go where the card screenshots
 * go (test/e2e/screenshots/ under npm run screenshots, the git-ignored artifacts folder otherwise).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { builtInProfilePath, loadProfile } from '../../app/profile-loader';
import { startServer, type RunningServer } from '../../app/server';
import { seedActors } from '../fixtures/seed-decision';
import { testServerOptions } from '../support/server-options';
import { clock, openTabRegister, type TabRegister } from '../tab/tab-register';
import { seriousViolations } from './support/axe';
import { launchChromium } from './support/chromium';
import { screenshotsTarget } from './support/session';

const profile = loadProfile(builtInProfilePath('mopac'));
const shots = screenshotsTarget(process.env);
let register: TabRegister;
let dev: RunningServer;
let sso: RunningServer;
let browser: BrowserContext;
let userDataDir: string;
let page: Page;

beforeAll(async () => {
  register = await openTabRegister();
  dev = await startServer(testServerOptions(register.store, profile, { clock }));
  sso = await startServer(
    testServerOptions(register.store, profile, {
      clock,
      appId: '6a0c5c2b-7f3e-4a8e-9d47-2d1c3b5e8f10',
      appPassword: 'secret',
      botDomain: 'decisions.example.org',
      // Nothing listens here: a token must be refused before any key is needed, or for want of one.
      tabOpenIdMetadataUrl: 'http://127.0.0.1:9/openid',
    }),
  );
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-tab-chromium-'));
  browser = await launchChromium({ userDataDir });
  page = await browser.newPage();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await sso?.close();
  await dev?.close();
  await register?.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
});

const rowRefs = (p: Page) => p.locator('table.register tbody th[scope="row"]').allInnerTexts();
const shoot = async (name: string) => {
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `tab-${name}.png`), fullPage: true });
};

test('the Register filters, sorts and pages with its own form and links', async () => {
  await page.goto(`${dev.url}/tab/register`);
  await page.getByRole('link', { name: 'Ruth Bloomfield' }).click();
  await page.getByRole('link', { name: 'Register' }).click();
  expect(await page.locator('.summary').innerText()).toContain('34 decisions match.');
  expect(await seriousViolations(page)).toEqual([]);
  await shoot('register');

  await page.getByLabel('Financial year').selectOption('2025/26');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL(/year=2025/);
  expect(await page.locator('.summary').innerText()).toContain('10 decisions match.');
  await page.getByRole('link', { name: /^Total/ }).click();
  await page.waitForURL(/sort=total/);
  await page.getByRole('link', { name: /^Total/ }).click();
  await page.waitForURL(/dir=desc/);
  expect((await rowRefs(page)).slice(0, 2)).toEqual(['PCD 3028', 'PCD 3025']);

  await page.getByRole('link', { name: 'Clear' }).click();
  await page.getByRole('link', { name: 'Next page' }).click();
  await page.waitForURL(/page=2/);
  expect(await rowRefs(page)).toHaveLength(9);
  expect(await page.getByText('Page 2 of 2').count()).toBe(1);
}, 60_000);

test('a decision page and My decisions pass axe', async () => {
  await page.goto(`${dev.url}/tab/decision/${encodeURIComponent('PCD 4001')}?as=${seedActors.finance.aadObjectId}`);
  expect(await page.getByText('Audit chain verifies').count()).toBe(1);
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('link', { name: 'My decisions' }).click();
  expect(await page.locator('#waiting + table tbody tr').count()).toBe(1);
  expect(await seriousViolations(page)).toEqual([]);
  await shoot('my-decisions');
}, 60_000);

test('a bad SSO token gets a clear sentence and no data', async () => {
  const bad = await browser.newPage();
  await bad.setExtraHTTPHeaders({ Authorization: 'Bearer not-a-token' });
  const response = await bad.goto(`${sso.url}/tab/register`);
  expect(response?.status()).toBe(401);
  expect(await bad.locator('main').innerText()).toContain('The sign-in token is not a token at all.');
  expect(await bad.content()).not.toMatch(/PCD \d/);
  await bad.close();
}, 60_000);

test('outside Teams the sign-in shell says the page opens in Teams', async () => {
  await page.goto(`${sso.url}/tab/mine`);
  await page.waitForSelector('#sign-in[role="alert"]', { timeout: 15_000 });
  expect(await page.locator('#sign-in').innerText()).toMatch(/^This page opens inside Microsoft Teams/);
  expect(await page.content()).not.toMatch(/PCD \d/);
}, 60_000);

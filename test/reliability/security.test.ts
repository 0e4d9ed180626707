/**
 * Security: Bot Framework JWTs (none, forged, expired, for another bot → 401, nothing changes),
 * tenants that are not allowed, every role-gated card verb from someone without the role, replayed
 * and outdated cards, a tampered audit file, and secrets that must never reach the logs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadProfile } from '../../app/profile-loader';
import { startServer, type RunningServer } from '../../app/server';
import { sign, tick } from '../../domain/workflow';
import { LowdbStore } from '../../storage/lowdb-store';
import type { Store } from '../../storage/store';
import type { Decision } from '../../domain/types';
import { startHarness, type Harness } from '../support/bot-harness';
import { startBotProcess } from '../support/bot-process';
import { SERVICE_URL, startOpenIdMetadata, type OpenIdMetadata } from '../support/openid-metadata';
import { TENANT, channelThread, invoke, message, person } from '../support/teams-activities';
import { dropSchema, freshSchemaName, requirePostgres, testDatabaseUrl } from '../storage/postgres-test-db';
import { admin, advance, assignRoles, createDraft, createInReview, drafter, outsider, reviewerTeam } from './decisions';
import { testServerOptions } from '../support/server-options';

const profile = loadProfile();
const team = reviewerTeam(profile);
const holderOf = (item: string) => team.find((t) => t.item === item)!.who;
const place = channelThread('1700000000990');
const CARD = 'application/vnd.microsoft.card.adaptive';
const MESSAGE = 'application/vnd.microsoft.activity.message';

/** Version and audit length: what must not move when a request is refused. */
async function mark(store: Store, ref: string): Promise<[number, number]> {
  return [(await store.getDecision(ref))!.decision.version, (await store.getAudit(ref)).length];
}

async function tickedByAll(store: Store, d: Decision): Promise<Decision> {
  for (const { item, role, who } of team.slice(0, profile.declarations.length)) {
    d = await advance(store, d, who, (x) =>
      tick(x, profile, { item, actor: who, actorRoles: [role], now: new Date().toISOString() }),
    );
  }
  return d;
}

describe('with an app id, every request needs a valid Bot Framework JWT', () => {
  const APP_ID = '11111111-2222-3333-4444-555555555555';
  let openId: OpenIdMetadata;
  let server: RunningServer;
  let store: LowdbStore;
  let dataDir: string;
  let decision: Decision;

  beforeAll(async () => {
    openId = await startOpenIdMetadata();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-sec-jwt-'));
    store = new LowdbStore(dataDir);
    await store.open();
    await assignRoles(store, team, new Date().toISOString());
    decision = await createInReview(store, profile, 'PCD 9100', new Date().toISOString());
    server = await startServer(
      testServerOptions(store, profile, {
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

  const click = async (authorization?: string) => {
    const activity = invoke(SERVICE_URL, holderOf('finance'), place, 'declaration.tick', {
      ref: decision.ref,
      version: decision.version,
      item: 'finance',
    });
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      ...(authorization ? { authorization } : {}),
    };
    const res = await fetch(`${server.url}/api/messages`, { method: 'POST', headers, body: JSON.stringify(activity) });
    return { status: res.status, body: (await res.json().catch(() => null)) as { type?: string } | null };
  };

  test.each([
    ['no token', () => undefined],
    ['a token that is not a JWT', () => 'Bearer not-a-jwt'],
    ['a token signed with another key', () => `Bearer ${openId.sign({ audience: APP_ID, key: openId.forger })}`],
    ['an expired token', () => `Bearer ${openId.sign({ audience: APP_ID, lifetimeSeconds: -3600 })}`],
    ['a token for another bot', () => `Bearer ${openId.sign({ audience: 'another-app' })}`],
  ])('a tick with %s gets 401 and changes nothing', async (_name, authorization) => {
    const before = await mark(store, decision.ref);
    expect((await click(authorization())).status).toBe(401);
    expect(await mark(store, decision.ref)).toEqual(before);
  });

  test('the same tick with a valid token lands', async () => {
    const reply = await click(`Bearer ${openId.sign({ audience: APP_ID })}`);
    expect(reply.status).toBe(200);
    expect(reply.body?.type).toBe(CARD);
    expect((await store.getDecision(decision.ref))!.decision.ticks.finance).toBeDefined();
  });
});

describe('tenants, roles, replays and tampering', () => {
  let h: Harness;
  let inReview: Decision;
  let awaitingCe: Decision;
  let awaitingDm: Decision;
  let draft: Decision;
  const now = () => new Date().toISOString();
  const chief = person('ce1', 'Chris Chief');

  beforeAll(async () => {
    h = await startHarness({
      people: [admin, drafter, outsider, chief, ...team.map((t) => t.who)],
      admins: [admin],
      allowedTenants: [TENANT],
    });
    await assignRoles(h.store, [...team, { role: 'chief-executive', who: chief }], now());
    inReview = await createInReview(h.store, profile, 'PCD 9200', now());
    awaitingCe = await tickedByAll(h.store, await createInReview(h.store, profile, 'PCD 9201', now()));
    const ready = await tickedByAll(h.store, await createInReview(h.store, profile, 'PCD 9202', now()));
    awaitingDm = await advance(h.store, ready, chief, (x) =>
      sign(x, profile, { key: 'chief-executive', actor: chief, actorRoles: ['chief-executive'], now: now() }),
    );
    draft = await createDraft(h.store, profile, 'PCD 9203', now());
    expect([awaitingCe.status, awaitingDm.status]).toEqual(['awaiting_chief_executive', 'awaiting_decision_maker']);
  });
  afterAll(async () => h.close());

  test('a message or a click from a tenant that is not allowed is ignored', async () => {
    const before = await mark(h.store, inReview.ref);
    h.connector.reset();
    const said = await h.post(
      message(h.connector.url, holderOf('finance'), place, `show ${inReview.ref}`, { tenant: 'another-tenant' }),
    );
    const clicked = await h.post(
      invoke(
        h.connector.url,
        holderOf('finance'),
        place,
        'declaration.tick',
        { ref: inReview.ref, version: inReview.version, item: 'finance' },
        undefined,
        { tenant: 'another-tenant' },
      ),
    );
    await h.settle();
    expect(said.status).toBeLessThan(300);
    expect(clicked.status).toBe(403);
    expect(h.connector.sent).toHaveLength(0);
    expect(await mark(h.store, inReview.ref)).toEqual(before);
  });

  test('every role-gated card verb from someone without the role is refused and changes nothing', async () => {
    const legal = holderOf('legal');
    const attempts: [string, Decision, string, Record<string, unknown>, typeof outsider][] = [
      ["tick another role's item", inReview, 'declaration.tick', { item: 'finance' }, legal],
      ['tick', inReview, 'declaration.tick', { item: 'finance' }, outsider],
      ['untick', awaitingCe, 'declaration.untick', { item: 'finance' }, outsider],
      ['sign as chief executive', awaitingCe, 'signature.sign', { key: 'chief-executive' }, outsider],
      ['sign as decision maker', awaitingDm, 'signature.sign', { key: 'decision-maker' }, chief],
      ['reject', awaitingDm, 'decision.reject', { reason: 'I do not like it' }, outsider],
      ["withdraw someone else's draft", draft, 'decision.withdraw', { reason: 'Mine now' }, outsider],
      ['import as approved (admins only)', draft, 'import.approve', {}, outsider],
    ];
    for (const [what, d, verb, data, who] of attempts) {
      const before = await mark(h.store, d.ref);
      const reply = await h.click(who, place, verb, { ref: d.ref, version: d.version, ...data });
      expect({ what, status: reply.status }).toEqual({ what, status: 200 });
      expect({ what, type: reply.type, said: String(reply.value).slice(0, 5) }).toEqual({
        what,
        type: MESSAGE,
        said: 'Only ',
      });
      expect({ what, state: await mark(h.store, d.ref) }).toEqual({ what, state: before });
    }
  });

  test('a replayed click lands once; a card from before the stage moved on is refused', async () => {
    const finance = holderOf('finance');
    const click = invoke(h.connector.url, finance, place, 'declaration.tick', {
      ref: inReview.ref,
      version: inReview.version,
      item: 'finance',
    });
    expect((await h.post(click)).status).toBe(200);
    expect((await h.post(click)).status).toBe(200); // Teams retrying the same invoke
    expect((await h.store.getAudit(inReview.ref)).filter((e) => e.type === 'declaration.ticked')).toHaveLength(1);

    // The old in-review card of a decision now waiting for signatures.
    const before = await mark(h.store, awaitingCe.ref);
    const stale = await h.click(finance, place, 'declaration.untick', {
      ref: awaitingCe.ref,
      version: awaitingCe.version - profile.declarations.length,
      item: 'finance',
    });
    expect(stale.type).toBe(CARD);
    expect(JSON.stringify(stale.value)).toMatch(/out of date/);
    expect(await mark(h.store, awaitingCe.ref)).toEqual(before);
  });

  test('an edited audit entry in a decision file is reported by `history` at the first broken link', async () => {
    const file = path.join(h.dataDir, 'decisions', 'pcd9203.json');
    const content = JSON.parse(fs.readFileSync(file, 'utf8')) as { audit: { details: Record<string, unknown> }[] };
    content.audit[1]!.details = { ...content.audit[1]!.details, lineTotal: 1 };
    fs.writeFileSync(file, JSON.stringify(content));
    await h.restart();
    h.connector.reset();
    await h.say(admin, place, `history ${draft.ref}`);
    const said = h.connector.sent.map((s) => JSON.stringify(s.activity)).join('\n');
    expect(said).toMatch(/Audit chain is broken at event 2\*\*: event 2 was changed after it was recorded/);
  });
});

describe('secrets never reach the logs', () => {
  const schema = freshSchemaName();
  beforeAll(async () => requirePostgres());
  afterAll(async () => dropSchema(schema));

  test('the app password, the database password and tokens sent to the bot are not in its output', async () => {
    const appPassword = `app-secret-${randomBytes(8).toString('hex')}`;
    const dbPassword = `db-secret-${randomBytes(8).toString('hex')}`;
    const token = `eyJhbGciOiJSUzI1NiJ9.${randomBytes(24).toString('base64url')}.${randomBytes(32).toString('base64url')}`;
    const url = new URL(testDatabaseUrl);
    url.password = dbPassword; // the test server trusts local connections, so any password is accepted
    url.searchParams.set('options', `-c search_path=${schema}`);
    const bot = await startBotProcess({
      DATABASE_URL: url.toString(),
      MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
      MicrosoftAppPassword: appPassword,
      LOG_LEVEL: 'debug',
    });
    try {
      const activity = message('https://smba.trafficmanager.net/uk/', outsider, place, 'help');
      expect((await bot.post(activity)).status).toBe(401);
      expect((await bot.post(activity, { authorization: `Bearer ${token}` })).status).toBe(401);
      expect((await bot.post(activity, { authorization: token })).status).toBe(401);
    } finally {
      await bot.stop();
    }
    const output = bot.output();
    expect(output).toMatch(/not authenticated/);
    for (const secret of [appPassword, dbPassword, token, token.split('.')[1]!, token.split('.')[2]!])
      expect(output).not.toContain(secret);
  });
});

/**
 * GET /decisions and GET /decisions/<ref> over HTTP on the real server: only approved Part 1s
 * whose publication date has come are served, and nothing of the others leaks anywhere.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { builtInProfilePath, loadProfile } from '../../../app/profile-loader';
import { startServer, type RunningServer } from '../../../app/server';
import { LowdbStore } from '../../../storage/lowdb-store';
import type { Decision } from '../../../domain/types';
import { seedDecision } from '../../fixtures/seed-decision';
import { testServerOptions } from '../../support/server-options';

let now = new Date('2026-11-25T12:00:00.000Z');
const clock = { now: () => now };
let server: RunningServer;
let store: LowdbStore;
let dataDir: string;

const unapproved = { status: 'in_review', approvedAt: null, signatures: {}, decisionMakerRole: 'dmpc' } as const;
const decisions: Decision[] = [
  seedDecision(),
  seedDecision({
    ref: 'PCD 2001',
    title: 'Deferred Until December Title',
    approvedAt: '2026-11-20T10:00:00.000Z',
    part1Deferral: { until: '2026-12-01', reason: 'Commercial negotiations are ongoing' },
  }),
  seedDecision({ ref: 'PCD 2002', title: 'Still In Review Title', ...unapproved }),
  seedDecision({
    ref: 'PCD 2003',
    title: 'Deferred Without A Date Title',
    part1Deferral: { until: '9999-12-31', reason: 'Until the contract is signed' },
  }),
  seedDecision({ ref: 'PCD 2004', title: 'Withdrawn Draft Title', ...unapproved, status: 'withdrawn' }),
  seedDecision({ ref: 'PCD 2005', title: 'Youth <script>alert("x")</script> & Families', hasPart2: true }),
  seedDecision({ ref: 'Decision 44/2020', title: 'A Decision With A Slash' }),
];
const hidden = [decisions[1]!, decisions[2]!, decisions[3]!, decisions[4]!];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-publication-'));
  store = new LowdbStore(dataDir);
  await store.open();
  for (const d of decisions)
    await store.createDecision(d, [{ type: 'decision.created', details: { ref: d.ref } }], {
      actor: d.createdBy,
      at: d.createdAt,
    });
  server = await startServer(testServerOptions(store, loadProfile(builtInProfilePath('mopac')), { clock }));
});
afterAll(async () => {
  await server.close();
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const get = async (p: string) => {
  const res = await fetch(`${server.url}${p}`);
  return { status: res.status, headers: res.headers, text: await res.text() };
};

describe('the published register, GET /decisions', () => {
  it('lists the published decisions as HTML with links to their records', async () => {
    const res = await get('/decisions');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.text).toContain('<a href="/decisions/PCD-1065">PCD 1065</a>');
    expect(res.text).toContain('Criminal Justice System - 2022/23 Commissioning Decisions');
    expect(res.text).toContain('£3,740,000');
  });

  it('shows nothing of unapproved, withdrawn or deferred decisions: not even their reference or title', async () => {
    const { text } = await get('/decisions');
    for (const d of hidden) {
      expect(text).not.toContain(d.ref);
      expect(text).not.toContain(d.title);
    }
  });

  it('escapes what comes from a decision', async () => {
    const { text } = await get('/decisions');
    expect(text).toContain('Youth &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Families');
    expect(text).not.toContain('<script>');
  });
});

describe('a published record, GET /decisions/<ref>', () => {
  it('serves Part 1 of a published decision, by its reference with a dash or a space', async () => {
    for (const p of ['/decisions/PCD-1065', '/decisions/PCD%201065', '/decisions/pcd1065']) {
      const res = await get(p);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('public, max-age=300');
      expect(res.text).toContain('PCD 1065');
      expect(res.text).toContain('PART I - NON-CONFIDENTIAL FACTS AND ADVICE');
      expect(res.text).toContain('£3,740,000');
    }
  });

  it('serves a reference holding a slash', async () => {
    const res = await get(`/decisions/${encodeURIComponent('Decision-44/2020')}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('A Decision With A Slash');
  });

  it('says only whether a Part 2 exists, and escapes the record', async () => {
    const { status, text } = await get('/decisions/PCD-2005');
    expect(status).toBe(200);
    expect(text).toContain('Is there a Part 2 form - <strong>YES</strong>');
    expect(text).not.toContain('<script>');
  });

  it('answers 404 for unapproved, withdrawn and deferred decisions exactly as for an unknown reference', async () => {
    const unknown = await get('/decisions/PCD-9999');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('cache-control')).toBe('private, no-store');
    for (const d of hidden) {
      const res = await get(`/decisions/${encodeURIComponent(d.ref.replace(' ', '-'))}`);
      expect(res.status).toBe(404);
      expect(res.text).toBe(unknown.text);
      expect(res.text).not.toContain(d.title);
    }
  });

  it('publishes a deferred Part 1 on its date, in London time, and not a moment before', async () => {
    const deferred = decisions[1]!;
    now = new Date('2026-11-30T23:59:59.000Z'); // 23:59:59 on 30 November in London (GMT)
    expect((await get('/decisions/PCD-2001')).status).toBe(404);
    expect((await get('/decisions')).text).not.toContain(deferred.title);
    now = new Date('2026-12-01T00:00:00.000Z');
    const record = await get('/decisions/PCD-2001');
    expect(record.status).toBe(200);
    expect(record.text).toContain(deferred.title);
    expect(record.text).toContain('Commercial negotiations are ongoing');
    const register = await get('/decisions');
    expect(register.text).toContain(deferred.title);
    // A deferral without a readable date stays unpublished, whatever the day.
    now = new Date('2040-01-01T00:00:00.000Z');
    expect((await get('/decisions/PCD-2003')).status).toBe(404);
    expect((await get('/decisions')).text).not.toContain('PCD 2003');
  });
});

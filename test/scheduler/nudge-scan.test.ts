/**
 * The nudge scan reads when each wait began from the decision (waitingSince, which both stores
 * keep), and the audit trail only for records made before that field; its rounds agree with the
 * day-by-day count it replaced.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { summarize } from '../../domain/decision-summary';
import { DateTime } from 'luxon';
import type { AuditEvent, Decision } from '../../domain/types';
import { NudgeMemo, nudgeRound, scanNudges, waitingSince } from '../../scheduler/nudge-scan';
import { LowdbStore } from '../../storage/lowdb-store';
import { PostgresStore } from '../../storage/postgres-store';
import type { Store } from '../../storage/store';
import { referenceAddWorkingDays } from '../domain/working-days-reference';
import { dropSchema, freshSchemaName, requirePostgres, testDatabaseUrl } from '../storage/postgres-test-db';
import { awaitingChiefExecutive, inReview, people } from '../domain/workflow-support';
import { profile } from './scheduler-support';

const admin = { aadObjectId: 'admin', name: 'Admin' };
let store: Store;
let cleanUp: () => Promise<void>;

async function lowdb(): Promise<Store> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-nudge-scan-'));
  cleanUp = async () => fs.rmSync(dataDir, { recursive: true, force: true });
  return new LowdbStore(dataDir, { logger: { warn: () => undefined } });
}

async function postgres(): Promise<Store> {
  await requirePostgres();
  const schema = freshSchemaName();
  cleanUp = () => dropSchema(schema);
  return new PostgresStore({ connectionString: testDatabaseUrl, schema, poolSize: 2 });
}

const created = (d: Decision) => ({ actor: d.createdBy, at: d.createdAt });
const withoutWaitingSince = ({ waitingSince: _dropped, ...d }: Decision): Decision => d;
const byKey = <T extends { key: string }>(items: readonly T[]) => [...items].sort((a, b) => a.key.localeCompare(b.key));

describe.each([
  ['lowdb', lowdb],
  ['PostgreSQL', postgres],
])('the scan on %s', (_name, makeStore) => {
  beforeEach(async () => {
    store = await makeStore();
    await store.open();
    for (const [role, holder] of [
      ['finance', people.finance],
      ['chief-executive', people.chiefExecutive],
    ] as const)
      await store.addRoleAssignment({
        role,
        holder,
        deputy: false,
        assignedBy: admin,
        assignedAt: '2021-01-01T00:00:00Z',
      });
  });
  afterEach(async () => {
    await store.close();
    await cleanUp();
  });

  test('decisions that carry waitingSince are scanned without reading an audit trail', async () => {
    const review = inReview();
    const signing = { ...awaitingChiefExecutive(), ref: 'PCD 1066' };
    for (const d of [review, signing]) await store.createDecision(d, [], created(d));
    expect((await store.getDecision('PCD 1066'))?.decision.waitingSince).toBe(signing.waitingSince);
    const getAudit = jest.spyOn(store, 'getAudit');

    const deliveries = await scanNudges(store, profile, '2021-12-01T12:00:00.000Z');
    expect(getAudit).not.toHaveBeenCalled();
    const nudged = deliveries.map((d) => ({
      ref: d.ref,
      target: d.target,
      waitingSince: (d.payload as { waitingSince: string }).waitingSince,
    }));
    expect(nudged.sort((a, b) => a.ref.localeCompare(b.ref))).toEqual([
      { ref: 'PCD 1065', target: { userAadObjectId: people.finance.aadObjectId }, waitingSince: review.waitingSince },
      {
        ref: 'PCD 1066',
        target: { userAadObjectId: people.chiefExecutive.aadObjectId },
        waitingSince: signing.waitingSince,
      },
    ]);
  });

  test('a record from before waitingSince is nudged from its audit trail, with the same deliveries', async () => {
    const current = awaitingChiefExecutive();
    const old = { ...withoutWaitingSince(current), ref: 'PCD 1066' };
    await store.createDecision(current, [], created(current));
    // The old record's audit says when its wait began: the event of its last tick, at the time the field would hold.
    await store.createDecision(old, [{ type: 'decision.submitted', details: {} }], created(old));
    await store.updateDecision(old, old.version, [{ type: 'decision.ready_for_chief_executive', details: {} }], {
      actor: people.director,
      at: current.waitingSince!,
    });
    const getAudit = jest.spyOn(store, 'getAudit');

    const deliveries = await scanNudges(store, profile, '2021-12-01T12:00:00.000Z');
    expect(getAudit.mock.calls).toEqual([['PCD 1066']]);
    const of = (ref: string) =>
      byKey(deliveries.filter((d) => d.ref === ref)).map((d) => ({
        ...d,
        key: d.key.replace(ref, 'REF'),
        ref: 'REF',
        payload: { ...d.payload, ref: 'REF' },
      }));
    expect(of('PCD 1066')).toHaveLength(1);
    expect(of('PCD 1066')).toEqual(of('PCD 1065'));
  });

  test("an old record's audit trail is read once per change, not on every scan", async () => {
    const old = { ...withoutWaitingSince(awaitingChiefExecutive()), ref: 'PCD 1066' };
    await store.createDecision(old, [{ type: 'decision.ready_for_chief_executive', details: {} }], {
      actor: people.director,
      at: '2021-11-01T10:00:00.000Z',
    });
    const legacyWaits = new NudgeMemo();
    const getAudit = jest.spyOn(store, 'getAudit');
    const first = await scanNudges(store, profile, '2021-12-01T12:00:00.000Z', legacyWaits);
    const second = await scanNudges(store, profile, '2021-12-01T12:01:00.000Z', legacyWaits);
    expect(getAudit).toHaveBeenCalledTimes(1);
    expect(second.map((d) => d.key)).toEqual(first.map((d) => d.key));
    // A change (here an untick-like reset recorded later) is read again.
    await store.updateDecision(
      { ...old, version: old.version + 1 },
      old.version,
      [{ type: 'decision.review_reset', details: {} }],
      { actor: people.director, at: '2021-11-20T10:00:00.000Z' },
    );
    const third = await scanNudges(store, profile, '2021-12-01T12:02:00.000Z', legacyWaits);
    expect(getAudit).toHaveBeenCalledTimes(2);
    expect(third.length).toBeGreaterThan(0);
    expect(
      third.every((d) => (d.payload as { waitingSince: string }).waitingSince === '2021-11-20T10:00:00.000Z'),
    ).toBe(true);
  });
});

test('waitingSince prefers the field to the audit trail, which it reads only for records without it', () => {
  const d = inReview();
  const reset = { type: 'decision.review_reset', at: '2030-01-01T00:00:00.000Z' } as AuditEvent;
  expect(waitingSince(d, [reset])).toBe(d.waitingSince);
  expect(waitingSince(withoutWaitingSince(d), [reset])).toBe(reset.at);
  expect(waitingSince(withoutWaitingSince(d), [])).toBe(d.submittedAt);
});

/** nudgeRound as it was: working days counted one at a time, then calendar days via luxon's diff. */
function referenceNudgeRound(
  since: string,
  now: string,
  after: number,
  repeat: number,
): { round: number; dueAt: string } | null {
  const zone = profile.timeZone;
  const first = DateTime.fromISO(referenceAddWorkingDays(since, after, zone), { zone });
  const at = DateTime.fromISO(now, { zone });
  if (at < first) return null;
  let round = Math.floor(Math.floor(at.diff(first, 'days').days) / repeat);
  const dueOf = (n: number) => first.plus({ days: n * repeat });
  while (round > 0 && dueOf(round) > at) round--;
  return { round, dueAt: dueOf(round).toUTC().toISO() as string };
}

test('nudgeRound gives the rounds of the day-by-day count, across the clock changes too', () => {
  const DAY = 86_400_000;
  const since = fc.oneof(
    fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2030-01-01T00:00:00Z') }),
    // The fortnights around London's clock changes of 2022 and 2023.
    ...['2022-03-27T01:00:00Z', '2022-10-30T01:00:00Z', '2023-03-26T01:00:00Z', '2023-10-29T01:00:00Z'].map((change) =>
      fc.integer({ min: Date.parse(change) - 14 * DAY, max: Date.parse(change) + 7 * DAY }),
    ),
  );
  const scenario = fc.record({
    since,
    after: fc.integer({ min: 1, max: 10 }),
    repeat: fc.integer({ min: 1, max: 14 }),
    // Either anywhere in the next 80 days, or within a second of a round falling due.
    later: fc.oneof(
      fc.integer({ min: -DAY, max: 80 * DAY }),
      fc.record({ round: fc.integer({ min: 0, max: 8 }), ms: fc.integer({ min: -1000, max: 1000 }) }),
    ),
  });
  fc.assert(
    fc.property(scenario, ({ since: sinceMs, after, repeat, later }) => {
      const start = new Date(sinceMs).toISOString();
      const reminders = { ...profile.reminders, nudgeAfterWorkingDays: after, nudgeRepeatDays: repeat };
      const first = Date.parse(referenceAddWorkingDays(start, after, profile.timeZone));
      const nowMs =
        typeof later === 'number'
          ? sinceMs + later
          : DateTime.fromMillis(first, { zone: profile.timeZone })
              .plus({ days: later.round * repeat })
              .toMillis() + later.ms;
      const now = new Date(nowMs).toISOString();
      expect(nudgeRound(start, now, { timeZone: profile.timeZone, reminders })).toEqual(
        referenceNudgeRound(start, now, after, repeat),
      );
    }),
    { numRuns: 500 },
  );
});

test('a working day across the spring clock change is 23 hours, and its nudge is not skipped', () => {
  const reminders = { ...profile.reminders, nudgeAfterWorkingDays: 1 };
  // Sunday 26 March 2023, 00:30 GMT; the clocks go forward at 01:00, so Monday 00:30 BST comes 23 hours later.
  const since = '2023-03-26T00:30:00.000Z';
  expect(nudgeRound(since, '2023-03-26T23:29:59.999Z', { timeZone: profile.timeZone, reminders })).toBeNull();
  expect(nudgeRound(since, '2023-03-26T23:30:00.000Z', { timeZone: profile.timeZone, reminders })).toEqual({
    round: 0,
    dueAt: '2023-03-26T23:30:00.000Z',
  });
});

test('scans that remember earlier scans (as the scheduler runs them) find what a scan from nothing finds, less what is queued', async () => {
  const assignments = [
    { role: 'finance', holder: people.finance, deputy: false, assignedBy: admin, assignedAt: '2021-01-01T00:00:00Z' },
    {
      role: 'chief-executive',
      holder: people.chiefExecutive,
      deputy: false,
      assignedBy: admin,
      assignedAt: '2021-01-01T00:00:00Z',
    },
  ];
  const start = Date.parse('2022-03-20T00:00:00Z'); // the weeks around the spring clock change
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.integer({ min: 0, max: 40 * 24 * 60 }), { minLength: 1, maxLength: 6 }),
      fc.array(fc.integer({ min: 1, max: 3 * 24 * 60 }), { minLength: 1, maxLength: 25 }),
      async (waitStarts, steps) => {
        const decisions = waitStarts.map((minutes, n) => ({
          ...(n % 2 ? awaitingChiefExecutive() : inReview()),
          ref: `PCD ${2000 + n}`,
          waitingSince: new Date(start + minutes * 60_000).toISOString(),
        }));
        const store = {
          listSummaries: async () => decisions.map(summarize),
          listRoleAssignments: async () => assignments,
          getAudit: async () => [],
        } as unknown as Store;
        const memo = new NudgeMemo();
        const queued = new Set<string>();
        let at = start;
        for (const minutes of steps) {
          at += minutes * 60_000;
          const now = new Date(at).toISOString();
          const remembered = await scanNudges(store, profile, now, memo);
          const fresh = await scanNudges(store, profile, now);
          // Everything not yet queued is found, with the same due time; what is queued may be left out.
          const expected = byKey(fresh).map((d) => [d.key, d.dueAt]);
          const found = byKey(remembered).map((d) => [d.key, d.dueAt]);
          expect(found.filter(([key]) => !queued.has(key!))).toEqual(expected.filter(([key]) => !queued.has(key!)));
          expect(found.every((pair) => expected.some((e) => e[0] === pair[0] && e[1] === pair[1]))).toBe(true);
          memo.markQueued(remembered);
          for (const d of remembered) queued.add(d.key);
        }
      },
    ),
    { numRuns: 60 },
  );
});

test('a scan over many pending decisions lets other turns run while it works', async () => {
  const decisions = Array.from({ length: 1_000 }, (_, n) => ({ ...inReview(), ref: `PCD ${5000 + n}` }));
  const store = {
    listSummaries: async () => decisions.map(summarize),
    listRoleAssignments: async () => [],
    getAudit: async () => [],
  } as unknown as Store;
  const order: string[] = [];
  const scan = scanNudges(store, profile, '2021-12-01T12:00:00.000Z').then(() => order.push('scan done'));
  setImmediate(() => order.push('other turn'));
  await scan;
  expect(order).toEqual(['other turn', 'scan done']);
});

/**
 * The reminder scan reads only approved decisions with a line ending by reminderYearBound: the
 * bound at its edges (30 September 2022 09:00 London: 2022/23 in, 2023/24 out), what the scan asks
 * the store for, and, as a property, that no line the domain says is due is ever left out.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { dueReminders } from '../../domain/reminder-schedule';
import type { Decision, FundingLine, IsoInstant } from '../../domain/types';
import { reminderYearBound, scanReminders } from '../../scheduler/reminder-scan';
import { LowdbStore } from '../../storage/lowdb-store';
import type { DecisionFilter, Store } from '../../storage/store';
import { mopacProfile, profileWith } from '../fixtures/profiles';
import { seedDecision } from '../fixtures/seed-decision';

const line = (id: string, years: readonly number[]): FundingLine => ({
  id,
  service: id,
  source: 'Police Grant',
  allocations: years.map((year) => ({ year, amount: 100 })),
});

const approved = (ref: string, funding: readonly FundingLine[]): Decision => ({
  ...seedDecision(),
  ref,
  version: 1,
  funding,
  fundingOutcomes: [],
});

describe('reminderYearBound', () => {
  it('on 30 September 2022 includes lines ending 2022/23 (6-month stage due that day) and not 2023/24', () => {
    expect(reminderYearBound(mopacProfile, '2022-09-30T08:00:00Z')).toBe(2022); // 09:00 BST
    expect(reminderYearBound(mopacProfile, '2022-09-29T22:59:59Z')).toBe(2021); // 23:59 BST on the 29th
    expect(reminderYearBound(mopacProfile, '2022-09-29T23:00:00Z')).toBe(2022); // midnight BST: the 30th in London
    expect(reminderYearBound(mopacProfile, '2023-09-29T12:00:00Z')).toBe(2022);
    expect(reminderYearBound(mopacProfile, '2023-09-30T12:00:00Z')).toBe(2023);
  });

  it('follows the largest stage and the profile year start', () => {
    expect(reminderYearBound(profileWith({ reminders: { stagesMonths: [1] } }), '2022-09-30T08:00:00Z')).toBe(2021);
    expect(reminderYearBound(profileWith({ reminders: { stagesMonths: [1] } }), '2023-02-28T12:00:00Z')).toBe(2022); // 31 March − 1 month
    expect(reminderYearBound(profileWith({ reminders: { stagesMonths: [24, 1] } }), '2022-09-30T08:00:00Z')).toBe(2023); // 31 March 2024 − 24 months
    expect(reminderYearBound(profileWith({ reminders: { stagesMonths: [24, 1] } }), '2023-03-31T08:00:00Z')).toBe(2024);
    expect(reminderYearBound(profileWith({ financialYearStart: { month: 1, day: 1 } }), '2022-06-30T12:00:00Z')).toBe(
      2022,
    ); // ends 31 Dec 2022
    expect(reminderYearBound(profileWith({ financialYearStart: { month: 1, day: 1 } }), '2022-06-29T12:00:00Z')).toBe(
      2021,
    );
  });

  it('never leaves out a line the domain says is due, and is tight: the next year is not due yet (property)', () => {
    const profiles = [
      mopacProfile,
      profileWith({ reminders: { stagesMonths: [12, 2] } }),
      profileWith({ financialYearStart: { month: 9, day: 28 }, reminders: { stagesMonths: [7, 1] } }),
    ];
    const instant = fc
      .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) })
      .map((ms) => new Date(ms).toISOString() as IsoInstant);
    fc.assert(
      fc.property(fc.constantFrom(...profiles), instant, fc.integer({ min: -2, max: 2 }), (profile, now, offset) => {
        const bound = reminderYearBound(profile, now);
        const year = Number(now.slice(0, 4)) + offset;
        const due = dueReminders([approved('X 1', [line('a', [year])])], profile, now);
        if (due.length > 0) expect(year).toBeLessThanOrEqual(bound);
        // One year past the bound, even the largest stage has not come round yet.
        expect(dueReminders([approved('X 2', [line('b', [bound + 1])])], profile, now)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });
});

describe('scanReminders asks the store for approved decisions ending by the bound', () => {
  let dir: string;
  let store: LowdbStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dt-bound-'));
    store = new LowdbStore(join(dir, 'data'), { logger: { warn: () => undefined } });
    await store.open();
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('on 30 September 2022 09:00 London: the decision ending 2022/23 is read, the one ending 2023/24 is not', async () => {
    const provenance = { actor: { aadObjectId: 'a', name: 'A' }, at: '2022-04-01T09:00:00.000Z', conversationId: 'c' };
    await store.createDecision(
      approved('PCD 1', [line('ends-2022', [2021, 2022])]),
      [{ type: 'created', details: {} }],
      provenance,
    );
    await store.createDecision(
      approved('PCD 2', [line('ends-2023', [2022, 2023])]),
      [{ type: 'created', details: {} }],
      provenance,
    );
    await store.createDecision(
      { ...approved('PCD 3', [line('ends-2022', [2022])]), status: 'in_review' },
      [{ type: 'created', details: {} }],
      provenance,
    );
    await store.setWatchers('PCD 1', ['watcher-1']);
    await store.setWatchers('PCD 2', ['watcher-1']);
    const asked: (DecisionFilter | undefined)[] = [];
    const read: string[] = [];
    const spy: Store = Object.assign(Object.create(store) as Store, {
      listSummaries: async (filter?: DecisionFilter) => {
        asked.push(filter);
        const found = await store.listSummaries(filter);
        read.push(...found.map((s) => s.ref));
        return found;
      },
    });
    const deliveries = await scanReminders(spy, mopacProfile, '2022-09-30T08:00:00Z');
    expect(asked).toEqual([{ statuses: ['approved'], lastFundedYearAtMost: 2022, lastFundedYearAtLeast: 2022 }]);
    expect(read).toEqual(['PCD 1']);
    expect(deliveries.map((d) => [d.ref, d.target])).toEqual([['PCD 1', { userAadObjectId: 'watcher-1' }]]);
  });
});

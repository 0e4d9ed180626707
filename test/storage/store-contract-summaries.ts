/**
 * The summaries part of the Store contract (see store-contract.ts): listSummaries gives
 * summarize(decision) for each decision in reference order, kept current by every write and a
 * reopen; querySummaries filters, sorts and pages as storage/summary-query.ts says (checked on
 * examples, then against runSummaryQuery over the same summaries for generated queries); and
 * fundedYears lists the years with money in the scope.
 */
import fc from 'fast-check';
import { summarize } from '../../domain/decision-summary';
import { bandsHighestFirst } from '../../domain/delegation';
import type { Decision, DecisionStatus } from '../../domain/types';
import { mopacProfile } from '../fixtures/profiles';
import type { Store } from '../../storage/store';
import { runSummaryQuery, SUMMARY_SORTS, type SummaryQuery, type SummaryScope } from '../../storage/summary-query';
import { alice, bob, by, decisionWith as withFunding, drafts } from './store-contract-fixtures';
import { line } from './store-contract-filters';

const bands = bandsHighestFirst(mopacProfile);
const all: SummaryScope = { kind: 'all' };
const publishedFor = (viewerId: string): SummaryScope => ({
  kind: 'published',
  viewerId,
  today: '2026-06-01',
  timeZone: 'Europe/London',
});
const bobsView = publishedFor(bob.aadObjectId);

const approved = (patch: Partial<Decision> = {}): Partial<Decision> => ({
  status: 'approved',
  approvedAt: '2026-01-10T23:30:00.000Z',
  part1Deferral: null,
  ...patch,
});

/** A decision with no funding unless given. */
const decisionWith = (ref: string, patch: Partial<Decision>): Decision => withFunding(ref, { funding: [], ...patch });

/** Twelve decisions covering every filter, sort key and visibility rule. */
const register: readonly Decision[] = [
  decisionWith('PCD 2', { title: 'Beta tagging', ...approved(), funding: [line('a', [[2022, 600_000_00]])] }),
  decisionWith('PCD 10', { title: 'alpha custody', ...approved(), funding: [line('a', [[2023, 100]])] }),
  decisionWith('PCD 1', {
    title: 'Gamma',
    status: 'draft',
    approvedAt: null,
    decisionMakerRole: null,
    createdBy: bob,
    funding: [line('a', [[2024, 500_000_00]])],
  }),
  decisionWith('PCD 3', {
    title: 'Delta',
    createdBy: alice,
    status: 'draft',
    approvedAt: null,
    decisionMakerRole: null,
    funding: [],
  }),
  decisionWith('PCD 4', {
    title: 'Deferred to the future',
    ...approved({ part1Deferral: { until: '2026-12-01', reason: 'Ongoing procurement' } }),
  }),
  decisionWith('PCD 5', {
    title: 'Deferred to the past',
    ...approved({ part1Deferral: { until: '2026-03-01', reason: 'Procurement' } }),
  }),
  decisionWith('PCD 6', {
    title: 'Deferred, date unknown',
    ...approved({ part1Deferral: { until: '9999-12-31', reason: 'Imported' } }),
  }),
  decisionWith('PCD 7', { title: 'In review', status: 'in_review', approvedAt: null, ticks: {}, signatures: {} }),
  decisionWith('PCD 8', {
    title: 'Withdrawn',
    status: 'withdrawn',
    approvedAt: null,
    updatedAt: '2026-05-01T00:00:00.000Z',
  }),
  decisionWith('MD2008', { title: 'GLA style', ...approved(), decisionMakerRole: 'director-commissioning' }),
  decisionWith('Decision 44/2020', {
    title: 'Beta custody',
    ...approved(),
    funding: [
      line('a', [
        [2020, 0],
        [2021, 5],
      ]),
    ],
  }),
  decisionWith('Unnumbered', { title: 'No number', status: 'rejected', approvedAt: null }),
];

const refsOf = (page: { rows: readonly { ref: string }[] }) => page.rows.map((r) => r.ref);

export function runSummariesContract(store: () => Store, reopen: () => Promise<Store>): void {
  describe('decision summaries', () => {
    beforeEach(async () => {
      for (const d of register) await store().createDecision(d, drafts('created'), by(alice));
    });

    it('lists each decision as summarize() makes it, in reference order, after writes and a reopen', async () => {
      const expected = async (s: Store) =>
        Promise.all((await s.listDecisions()).map(async (x) => summarize(x.decision)));
      const inOrder = ['Decision 44/2020', 'MD2008', 'PCD 1', 'PCD 2', 'PCD 3', 'PCD 4', 'PCD 5', 'PCD 6'];
      expect((await store().listSummaries()).map((s) => s.ref).slice(0, 8)).toEqual(inOrder);
      expect(await store().listSummaries()).toEqual(await expected(store()));
      const pcd7 = (await store().getDecision('PCD 7'))!.decision;
      const finance = { item: 'finance', by: bob, at: '2026-01-01T00:00:00.000Z' };
      await store().updateDecision({ ...pcd7, title: 'Renamed', ticks: { finance } }, 1, [], by(bob));
      const again = await reopen();
      const summaries = await again.listSummaries();
      expect(summaries).toEqual(await expected(again));
      expect(summaries.find((s) => s.ref === 'PCD 7')).toMatchObject({
        title: 'Renamed',
        version: 2,
        ticked: ['finance'],
      });
    });

    it('filters summaries by creator and watcher (case-insensitively) and by the latest funded year', async () => {
      await store().setWatchers('PCD 2', [bob.aadObjectId.toUpperCase()]);
      const refs = async (f: Parameters<Store['listSummaries']>[0]) =>
        (await store().listSummaries(f)).map((s) => s.ref);
      expect(await refs({ createdBy: bob.aadObjectId.toUpperCase() })).toEqual(['PCD 1']);
      expect(await refs({ watchedBy: bob.aadObjectId })).toEqual(['PCD 2']);
      expect(await refs({ watchedBy: alice.aadObjectId })).toEqual([]);
      expect(await refs({ statuses: ['draft'], createdBy: alice.aadObjectId })).toEqual(['PCD 3']);
      // A line with money in 2023 or later: PCD 10 (2023) and PCD 1 (2024); PCD 2 ends in 2022, 44/2020 in 2021.
      expect(await refs({ lastFundedYearAtLeast: 2023 })).toEqual(['PCD 1', 'PCD 10']);
      expect(await refs({ lastFundedYearAtLeast: 2022, lastFundedYearAtMost: 2023 })).toEqual(['PCD 2', 'PCD 10']);
    });

    it('pages the register in reference order with the count of every match', async () => {
      const first = await store().querySummaries({ scope: all, bands, limit: 5 });
      expect(first.total).toBe(register.length);
      expect(refsOf(first)).toEqual(['Decision 44/2020', 'MD2008', 'PCD 1', 'PCD 2', 'PCD 3']);
      const next = await store().querySummaries({ scope: all, bands, limit: 5, offset: 10 });
      expect(refsOf(next)).toEqual(['PCD 10', 'Unnumbered']);
      const back = await store().querySummaries({ scope: all, bands, descending: true, limit: 2 });
      expect(refsOf(back)).toEqual(['Unnumbered', 'PCD 10']);
    });

    it('filters by status, year with money, text, and decision maker (by total when not yet set)', async () => {
      const q = (patch: Partial<SummaryQuery>) => store().querySummaries({ scope: all, bands, ...patch });
      expect(refsOf(await q({ statuses: ['draft', 'rejected'] }))).toEqual(['PCD 1', 'PCD 3', 'Unnumbered']);
      expect(refsOf(await q({ year: 2022 }))).toEqual(['PCD 2']);
      expect(refsOf(await q({ year: 2020 }))).toEqual([]);
      expect(refsOf(await q({ text: 'CUSTODY' }))).toEqual(['Decision 44/2020', 'PCD 10']);
      expect(refsOf(await q({ text: 'md20' }))).toEqual(['MD2008']);
      // PCD 1 has no maker yet and £500,000: the DMPC's by the scheme of delegation; PCD 3 (£0) the director's.
      expect(refsOf(await q({ maker: 'dmpc', statuses: ['draft'] }))).toEqual(['PCD 1']);
      expect(refsOf(await q({ maker: 'director-commissioning', statuses: ['draft'] }))).toEqual(['PCD 3']);
      expect(refsOf(await q({ maker: 'director-commissioning', text: 'gla' }))).toEqual(['MD2008']);
    });

    it('shows a viewer who sees only published decisions those published by today and their own', async () => {
      const page = await store().querySummaries({ scope: bobsView, bands });
      expect(refsOf(page)).toEqual(['Decision 44/2020', 'MD2008', 'PCD 1', 'PCD 2', 'PCD 5', 'PCD 10']);
      expect(page.total).toBe(6);
      expect(await store().fundedYears(bobsView)).toEqual([2021, 2022, 2023, 2024]);
      expect(await store().fundedYears(publishedFor(alice.aadObjectId))).toEqual([2021, 2022, 2023]);
      expect(await store().fundedYears(all)).toEqual([2021, 2022, 2023, 2024]);
      // PCD 1 was the only decision with money in 2024: without it, 2024 is gone.
      const pcd1 = (await store().getDecision('PCD 1'))!.decision;
      await store().updateDecision({ ...pcd1, funding: [] }, 1, [], by(bob));
      expect(await store().fundedYears(all)).toEqual([2021, 2022, 2023]);
      expect(await store().fundedYears(bobsView)).toEqual([2021, 2022, 2023]);
    });

    it('sorts by each key, the reference breaking ties, and agrees with runSummaryQuery on any query', async () => {
      const byTitle = await store().querySummaries({ scope: all, bands, sort: 'title', limit: 3 });
      expect(refsOf(byTitle)).toEqual(['PCD 10', 'Decision 44/2020', 'PCD 2']);
      const summaries = await store().listSummaries();
      const statuses: DecisionStatus[] = ['draft', 'approved', 'in_review', 'withdrawn', 'rejected'];
      const query = fc.record(
        {
          scope: fc.constantFrom<SummaryScope>(all, bobsView),
          statuses: fc.subarray(statuses, { minLength: 1 }),
          year: fc.integer({ min: 2020, max: 2024 }),
          maker: fc.constantFrom('dmpc', 'director-commissioning'),
          text: fc.constantFrom('pcd', 'beta', 'd', '1'),
          sort: fc.constantFrom(...SUMMARY_SORTS),
          descending: fc.boolean(),
          limit: fc.integer({ min: 1, max: 13 }),
          offset: fc.integer({ min: 0, max: 12 }),
        },
        { requiredKeys: ['scope'] },
      );
      await fc.assert(
        fc.asyncProperty(query, async (partial) => {
          const q: SummaryQuery = { ...partial, bands };
          expect(await store().querySummaries(q)).toEqual(runSummaryQuery(summaries, q));
        }),
        { numRuns: 60 },
      );
    });
  });
}

/**
 * The listDecisions filter part of the Store contract (see store-contract.ts): by status, by the
 * last funded year of the earliest-ending line, both at once, kept current by updates and
 * imports, and unchanged across a reopen. A property test checks the store against the rule.
 */
import fc from 'fast-check';
import type { Decision, DecisionStatus, FundingLine } from '../../domain/types';
import { earliestLastFundedYear } from '../../storage/decision-filter';
import { STATUS_ORDER } from '../../storage/summary-query';
import type { DecisionFilter, Store } from '../../storage/store';
import { seedDecision } from '../fixtures/seed-decision';

const STATUSES: readonly DecisionStatus[] = STATUS_ORDER;
const actor = { aadObjectId: '00000000-0000-0000-0000-00000000a11c', name: 'Alice Finance' };
const provenance = { actor, at: '2026-11-25T09:00:00.000Z', conversationId: 'conv-1' };
const created = [{ type: 'created', details: {} }];

/** A funding line named `id` with [year, pence] allocations. */
export const line = (id: string, allocations: readonly [number, number][]): FundingLine => ({
  id,
  service: id,
  source: 'Police Grant',
  allocations: allocations.map(([year, amount]) => ({ year, amount })),
});

/** The seed decision under another reference, with this status and funding. */
export const decision = (ref: string, status: DecisionStatus, funding: readonly FundingLine[]): Decision => ({
  ...seedDecision(),
  ref,
  version: 1,
  status,
  funding,
});

const refs = async (store: Store, filter?: DecisionFilter): Promise<string[]> =>
  (await store.listDecisions(filter)).map((s) => s.decision.ref).sort();

export function runFilterContract(store: () => Store, reopen: () => Promise<Store>): void {
  describe('listDecisions filters', () => {
    beforeEach(async () => {
      const all = [
        decision('F 1', 'approved', [
          line('a', [
            [2021, 5],
            [2022, 5],
          ]),
        ]), // ends 2022/23
        decision('F 2', 'approved', [line('a', [[2023, 5]]), line('b', [[2021, 5]])]), // lines end 2023/24 and 2021/22
        decision('F 3', 'approved', [
          line('a', [
            [2022, 5],
            [2024, 0],
          ]),
        ]), // a 0 in 2024/25 is no money: ends 2022/23
        decision('F 4', 'approved', [line('a', [[2025, 5]])]), // ends 2025/26
        decision('F 5', 'approved', [line('a', [[2020, 0]])]), // no money at all
        decision('F 6', 'approved', []), // no funding lines
        decision('F 7', 'in_review', [line('a', [[2022, 5]])]),
        decision('F 8', 'awaiting_decision_maker', [line('a', [[2026, 5]])]),
        decision('F 9', 'draft', [line('a', [[2022, 5]])]),
      ];
      for (const d of all) await store().createDecision(d, created, provenance);
    });

    it('lists everything without a filter or with an empty one', async () => {
      const every = ['F 1', 'F 2', 'F 3', 'F 4', 'F 5', 'F 6', 'F 7', 'F 8', 'F 9'];
      expect(await refs(store())).toEqual(every);
      expect(await refs(store(), {})).toEqual(every);
    });

    it('keeps only the statuses asked for; none asked for, none listed', async () => {
      expect(
        await refs(store(), { statuses: ['in_review', 'awaiting_chief_executive', 'awaiting_decision_maker'] }),
      ).toEqual(['F 7', 'F 8']);
      expect(await refs(store(), { statuses: ['draft'] })).toEqual(['F 9']);
      expect(await refs(store(), { statuses: ['rejected'] })).toEqual([]);
      expect(await refs(store(), { statuses: [] })).toEqual([]);
    });

    it('keeps decisions with a line whose last funded year is at most the bound, never those without money', async () => {
      expect(await refs(store(), { lastFundedYearAtMost: 2020 })).toEqual([]);
      expect(await refs(store(), { lastFundedYearAtMost: 2021 })).toEqual(['F 2']);
      expect(await refs(store(), { lastFundedYearAtMost: 2022 })).toEqual(['F 1', 'F 2', 'F 3', 'F 7', 'F 9']);
      expect(await refs(store(), { lastFundedYearAtMost: 2099 })).toEqual([
        'F 1',
        'F 2',
        'F 3',
        'F 4',
        'F 7',
        'F 8',
        'F 9',
      ]);
    });

    it('applies both parts together', async () => {
      expect(await refs(store(), { statuses: ['approved'], lastFundedYearAtMost: 2022 })).toEqual([
        'F 1',
        'F 2',
        'F 3',
      ]);
      expect(
        await refs(store(), { statuses: ['approved', 'awaiting_decision_maker'], lastFundedYearAtMost: 2026 }),
      ).toEqual(['F 1', 'F 2', 'F 3', 'F 4', 'F 8']);
    });

    it('follows updates (status and funding) and holds across a reopen', async () => {
      const current = (await store().getDecision('F 7'))!.decision;
      await store().updateDecision(
        { ...current, status: 'approved', funding: [line('a', [[2030, 5]])] },
        1,
        created,
        provenance,
      );
      const f4 = (await store().getDecision('F 4'))!.decision;
      await store().updateDecision({ ...f4, status: 'withdrawn' }, 1, created, provenance);
      expect(await refs(store(), { statuses: ['approved'], lastFundedYearAtMost: 2029 })).toEqual([
        'F 1',
        'F 2',
        'F 3',
      ]);
      expect(await refs(store(), { statuses: ['approved'], lastFundedYearAtMost: 2030 })).toEqual([
        'F 1',
        'F 2',
        'F 3',
        'F 7',
      ]);
      expect(await refs(store(), { statuses: ['withdrawn'] })).toEqual(['F 4']);
      const again = await reopen();
      expect(await refs(again, { statuses: ['approved'], lastFundedYearAtMost: 2030 })).toEqual([
        'F 1',
        'F 2',
        'F 3',
        'F 7',
      ]);
      expect(
        (await again.listDecisions({ statuses: ['approved'], lastFundedYearAtMost: 2030 })).find(
          (s) => s.decision.ref === 'F 7',
        )?.decision.version,
      ).toBe(2);
    });

    it('agrees with the rule for any funding (property)', async () => {
      const allocation = fc.tuple(fc.integer({ min: 2018, max: 2030 }), fc.constantFrom(0, 1, 250_000));
      const funding = fc.array(fc.array(allocation, { maxLength: 3 }), { maxLength: 3 });
      const cases = fc.array(fc.record({ status: fc.constantFrom(...STATUSES), funding }), {
        minLength: 1,
        maxLength: 6,
      });
      const filter = fc.record(
        { statuses: fc.subarray([...STATUSES]), lastFundedYearAtMost: fc.integer({ min: 2017, max: 2031 }) },
        { requiredKeys: [] },
      );
      let run = 0;
      await fc.assert(
        fc.asyncProperty(cases, filter, async (generated, f) => {
          run++;
          const made = generated.map((g, i) =>
            decision(
              `P${run} ${i}`,
              g.status,
              g.funding.map((allocs, j) => line(`l${j}`, allocs)),
            ),
          );
          for (const d of made) await store().createDecision(d, created, provenance);
          const expected = made
            .filter((d) => f.statuses === undefined || f.statuses.includes(d.status))
            .filter((d) => {
              if (f.lastFundedYearAtMost === undefined) return true;
              const year = earliestLastFundedYear(d);
              return year !== null && year <= f.lastFundedYearAtMost;
            })
            .map((d) => d.ref)
            .sort();
          const listed = (await refs(store(), f)).filter((ref) => ref.startsWith(`P${run} `));
          expect(listed).toEqual(expected);
        }),
        { numRuns: 25 },
      );
    });
  });
}

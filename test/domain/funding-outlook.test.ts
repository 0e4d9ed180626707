/**
 * The funding outlook over a known register on a known day (Wednesday 7 December 2022): PCD 1065
 * approved (GPS Tagging ended, MAPPA renewed), a two-year approved line, one ended last year,
 * a draft, one decision at each sign-off stage, and a rejected and a withdrawn one that commit
 * nothing. Figures are exact pence, shown through the money formatter.
 */
import { summarize } from '../../domain/decision-summary';
import { fundingOutlook, type OutlookDecision } from '../../domain/funding-outlook';
import { formatMoney } from '../../domain/money';
import type { Decision, FundingLine, FundingOutcome } from '../../domain/types';
import { mopacProfile, profileWith } from '../fixtures/profiles';
import { seedActors, seedDecision } from '../fixtures/seed-decision';

const TODAY = '2022-12-07';
const line = (service: string, allocations: [number, number][]): FundingLine => ({
  id: service.toLowerCase().replace(/\W+/g, '-'),
  service,
  source: 'Police Grant',
  allocations: allocations.map(([year, amount]) => ({ year, amount })),
});
const outcome = (lineId: string, o: Partial<FundingOutcome>): FundingOutcome => ({
  lineId,
  outcome: 'ended',
  by: seedActors.director,
  at: '2022-10-03T10:00:00.000Z',
  ...o,
});
const pending = { ticks: {}, signatures: {}, approvedAt: null, waitingSince: undefined } as const;
const seed = seedDecision();

const pcd1065 = seedDecision({
  fundingOutcomes: [
    outcome('gps-tagging', { reason: 'The pilot has ended' }),
    outcome('mappa', { outcome: 'renewed', renewalRef: 'PCD 1190' }),
  ],
});
const register: Decision[] = [
  pcd1065,
  seedDecision({ ref: 'PCD 1050', funding: [line('Old service', [[2021, 5_000_000]])] }),
  seedDecision({
    ref: 'PCD 1060',
    funding: [
      line('Knife crime', [
        [2021, 10_000_000],
        [2022, 12_500_050],
        [2023, 0],
      ]),
    ],
  }),
  seedDecision({ ref: 'PCD 1100', status: 'draft', ...pending, funding: [line('Draft', [[2023, 10_000_050]])] }),
  seedDecision({
    ref: 'PCD 1101',
    status: 'in_review',
    ...pending,
    ticks: { finance: seed.ticks.finance!, legal: seed.ticks.legal! },
    waitingSince: '2022-11-30T16:00:00.000Z',
    funding: [line('In review', [[2023, 25_000_000]])],
  }),
  seedDecision({
    ref: 'PCD 1102',
    status: 'awaiting_chief_executive',
    ...pending,
    ticks: seed.ticks,
    waitingSince: '2022-12-04T23:30:00.000Z',
    funding: [
      line('Awaiting chief', [
        [2022, 3_000_000],
        [2023, 3_000_000],
      ]),
    ],
  }),
  // No waitingSince (an older record): the wait began at submission, 00:30 on Tuesday 4 October in London
  // (still Monday in UTC, which would count one working day more).
  seedDecision({
    ref: 'PCD 1103',
    status: 'awaiting_decision_maker',
    ...pending,
    ticks: seed.ticks,
    submittedAt: '2022-10-03T23:30:00.000Z',
    funding: [line('Awaiting maker', [[2023, 60_000_000]])],
  }),
  seedDecision({ ref: 'PCD 1104', status: 'rejected', ...pending, funding: [line('Rejected', [[2023, 99_900]])] }),
  seedDecision({ ref: 'PCD 1105', status: 'withdrawn', ...pending, funding: [line('Withdrawn', [[2022, 99_900]])] }),
];

const outlook = fundingOutlook(register, mopacProfile, TODAY);
const money = (pence: number) => (pence === 0 ? '' : formatMoney(pence));

describe('commitments per financial year, by status', () => {
  it('adds each year’s money per status, rejected and withdrawn decisions left out', () => {
    const rows = outlook.commitments.map((y) => [
      y.label,
      money(y.byStatus.approved),
      money(y.byStatus.awaiting_decision_maker),
      money(y.byStatus.awaiting_chief_executive),
      money(y.byStatus.in_review),
      money(y.byStatus.draft),
      money(y.total),
    ]);
    expect(rows).toEqual([
      ['2021/22', '£150,000', '', '', '', '', '£150,000'],
      ['2022/23', '£2,455,000.50', '', '£30,000', '', '', '£2,485,000.50'],
      ['2023/24', '£760,000', '£600,000', '£30,000', '£250,000', '£100,000.50', '£1,740,000.50'],
      ['2024/25', '£650,000', '', '', '', '', '£650,000'],
    ]);
  });

  it('has no year for an empty register', () => {
    expect(fundingOutlook([], mopacProfile, TODAY)).toMatchObject({
      commitments: [],
      ending: { lines: [], stages: [], total: 0 },
      pipeline: { roles: [], waiting: 0 },
    });
  });
});

describe('funding lines ending in the next 12 months', () => {
  const { ending } = outlook;

  it('spans the twelve calendar months from this one', () => {
    expect([ending.from, ending.to]).toEqual(['2022-12-01', '2023-11-30']);
    expect(ending.months.map((m) => m.month)).toEqual([
      '2022-12',
      ...Array.from({ length: 11 }, (_, i) => `2023-${String(i + 1).padStart(2, '0')}`),
    ]);
  });

  it('lists approved lines ending from today, with the last year’s amount and what was decided', () => {
    expect(
      ending.lines.map((l) => [l.ref, l.service, l.endDate, formatMoney(l.amount), l.outcome, l.renewalRef, l.reason]),
    ).toEqual([
      ['PCD 1060', 'Knife crime', '2023-03-31', '£125,000.50', 'undecided', null, null],
      ['PCD 1065', 'Drug Testing in Police Custody', '2023-03-31', '£470,000', 'undecided', null, null],
      ['PCD 1065', 'MAPPA', '2023-03-31', '£40,000', 'renewed', 'PCD 1190', null],
      ['PCD 1065', 'GPS Tagging', '2023-03-31', '£900,000', 'ended', null, 'The pilot has ended'],
    ]);
    expect(formatMoney(ending.total)).toBe('£1,535,000.50');
  });

  it('puts them in their end month by outcome, the other months empty', () => {
    const march = ending.months[3]!;
    expect(march).toMatchObject({ month: '2023-03', start: '2023-03-01', end: '2023-03-31', lines: 4 });
    expect([march.amounts.renewed, march.amounts.ended, march.amounts.undecided].map(formatMoney)).toEqual([
      '£40,000',
      '£900,000',
      '£595,000.50',
    ]);
    expect(formatMoney(march.total)).toBe('£1,535,000.50');
    expect(ending.months.filter((m) => m.total > 0)).toEqual([march]);
  });

  it('marks the 6, 3 and 1-month reminder stages of the end date, and which have fallen due', () => {
    expect(ending.stages).toEqual([
      { stage: 6, dueDate: '2022-09-30', endDate: '2023-03-31', due: true },
      { stage: 3, dueDate: '2022-12-31', endDate: '2023-03-31', due: false },
      { stage: 1, dueDate: '2023-02-28', endDate: '2023-03-31', due: false },
    ]);
    expect(ending.months.map((m) => m.stages.map((s) => s.stage))).toEqual([
      [3],
      [],
      [1],
      [],
      [],
      [],
      [],
      [],
      [],
      [],
      [],
      [],
    ]);
  });

  it('gives an undecided line its latest stage due and the next; a decided one none', () => {
    const [knife, , mappa] = ending.lines;
    expect(knife!.reminder).toEqual({
      reached: { stage: 6, dueDate: '2022-09-30' },
      next: { stage: 3, dueDate: '2022-12-31' },
    });
    expect(mappa!.reminder).toBeNull();
  });

  it('counts a line ending today, not one that ended yesterday or after the twelfth month', () => {
    const endsOn = (year: number) =>
      seedDecision({ ref: `PCD ${year}`, funding: [line(`Ends ${year}`, [[year, 100]])] });
    const ends = (today: string) =>
      fundingOutlook([endsOn(2022), endsOn(2023)], mopacProfile, today).ending.lines.map((l) => l.endDate);
    expect(ends('2023-03-31')).toEqual(['2023-03-31']);
    expect(ends('2023-04-01')).toEqual(['2024-03-31']);
    expect(ends('2023-03-30')).toEqual(['2023-03-31']);
    expect(ends('2022-03-31')).toEqual([]);
  });

  it('follows the profile’s financial year: a July start ends funding on 30 June', () => {
    const july = profileWith({ financialYearStart: { month: 7, day: 1 } });
    const { ending: e } = fundingOutlook([seedDecision({ funding: [line('Y', [[2022, 100]])] })], july, TODAY);
    expect(e.lines.map((l) => l.endDate)).toEqual(['2023-06-30']);
    expect(e.months[6]).toMatchObject({ month: '2023-06', total: 100, lines: 1 });
    expect(e.stages.map((s) => s.dueDate)).toEqual(['2022-12-30', '2023-03-30', '2023-05-30']);
  });

  it('ignores lines of decisions that are not approved', () => {
    const drafts = register.filter((d) => d.status !== 'approved');
    expect(fundingOutlook(drafts, mopacProfile, TODAY).ending.lines).toEqual([]);
  });
});

describe('the sign-off pipeline', () => {
  const { pipeline } = outlook;

  it('bands waits by the profile’s nudge (3 working days)', () => {
    expect(pipeline.bands.map((b) => [b.label, b.from, b.to])).toEqual([
      ['Up to 3 working days', 0, 3],
      ['4 to 8 working days', 4, 8],
      ['9 working days or more', 9, null],
    ]);
  });

  it('lists each role waited for, in the profile’s order, with each decision and its wait in working days', () => {
    expect(
      pipeline.roles.map((r) => [r.name, r.decisions.map((d) => [d.ref, d.since, d.workingDays]), r.byBand]),
    ).toEqual([
      ...['Equalities', 'Public Health (Violence Reduction Unit)', 'Contract Management', 'Data Protection'].map(
        (name) => [name, [['PCD 1101', '2022-11-30', 5]], [0, 1, 0]],
      ),
      ['Drafting Officer', [['PCD 1101', '2022-11-30', 5]], [0, 1, 0]],
      ['Director/Head of Service', [['PCD 1101', '2022-11-30', 5]], [0, 1, 0]],
      ['Chief Executive Officer', [['PCD 1102', '2022-12-04', 3]], [1, 0, 0]],
      ['Deputy Mayor for Policing and Crime', [['PCD 1103', '2022-10-04', 46]], [0, 0, 1]],
    ]);
    expect(pipeline.waiting).toBe(3);
  });

  it('puts the longest wait first', () => {
    const older = { ...register[5]!, ref: 'PCD 1099', waitingSince: '2022-11-21T09:00:00.000Z' } as OutlookDecision;
    const { roles } = fundingOutlook([register[5]!, older], mopacProfile, TODAY).pipeline;
    expect(roles).toEqual([
      expect.objectContaining({
        role: 'chief-executive',
        decisions: [
          { ref: 'PCD 1099', since: '2022-11-21', workingDays: 12 },
          { ref: 'PCD 1102', since: '2022-12-04', workingDays: 3 },
        ],
        byBand: [1, 0, 1],
      }),
    ]);
  });
});

test('reads nothing beyond its documented fields', () => {
  const slim: OutlookDecision[] = register.map((d) => ({
    ref: d.ref,
    status: d.status,
    funding: d.funding,
    fundingOutcomes: d.fundingOutcomes,
    ticks: d.ticks,
    decisionMakerRole: d.decisionMakerRole,
    waitingSince: d.waitingSince,
    submittedAt: d.submittedAt,
    updatedAt: d.updatedAt,
  }));
  expect(fundingOutlook(slim, mopacProfile, TODAY)).toEqual(outlook);
});

test("gives the same outlook from the store's summaries as from the whole decisions", () => {
  expect(fundingOutlook(register.map(summarize), mopacProfile, TODAY)).toEqual(outlook);
});

test('refuses a day that is not a date', () => {
  expect(() => fundingOutlook(register, mopacProfile, '7 December 2022')).toThrow(/is not a date/);
});

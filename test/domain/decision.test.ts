import fc from 'fast-check';
import {
  citedRefs,
  decisionTotal,
  fundingYears,
  lineId,
  lineTotal,
  makeFundingLine,
  newDecision,
  normalizeRef,
  parseRefPrefix,
  refKey,
  yearTotals,
} from '../../domain/decision';
import { formatMoney } from '../../domain/money';
import type { Change, FundingLine } from '../../domain/types';
import { mopacProfile } from '../fixtures/profiles';
import { seedActors, seedDecision } from '../fixtures/seed-decision';

const now = '2021-11-15T10:00:00.000Z';
const actor = seedActors.draftingOfficer;

function created(ref: string, title: string): Change {
  const r = newDecision({ ref, title, profile: mopacProfile, actor, now });
  if (!r.ok) throw r.error;
  return r.value;
}

describe('re-exported references', () => {
  it('are available from decision.ts', () => {
    expect(normalizeRef('pcd1065')).toBe('PCD 1065');
    expect(refKey('PCD 1065')).toBe('pcd1065');
    expect(parseRefPrefix('PCD 1065 | x')).toEqual({ ref: 'PCD 1065', rest: '| x' });
  });
});

describe('lineId', () => {
  it.each([
    ["Women's wrap around service", 'womens-wrap-around-service'],
    ['Women’s wrap around service', 'womens-wrap-around-service'],
    ['Drug Testing in Police Custody', 'drug-testing-in-police-custody'],
    ['  GPS -- Tagging!! ', 'gps-tagging'],
    ['MAPPA', 'mappa'],
    ['МАРРА', 'марра'],
  ])('%j → %j', (service, id) => {
    expect(lineId(service)).toBe(id);
  });

  it('only ever holds lower-case letters, digits and single inner dashes', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const id = lineId(s);
        expect(id).not.toMatch(/--|^-|-$/);
        expect(id).toBe(id.toLowerCase());
      }),
    );
  });
});

describe('newDecision', () => {
  it('creates a draft at version 1 with a decision.created event', () => {
    const { decision, events, notices } = created(
      'pcd-1065',
      '  Criminal Justice System -   2022/23 Commissioning Decisions ',
    );
    expect(decision).toMatchObject({
      ref: 'PCD 1065',
      profileId: 'mopac',
      title: 'Criminal Justice System - 2022/23 Commissioning Decisions',
      status: 'draft',
      version: 1,
      funding: [],
      ticks: {},
      signatures: {},
      decisionMakerRole: null,
      createdBy: actor,
      createdAt: now,
      updatedAt: now,
      submittedAt: null,
      approvedAt: null,
      renews: null,
    });
    expect(events).toEqual([
      { type: 'decision.created', details: { ref: 'PCD 1065', title: decision.title, profileId: 'mopac' } },
    ]);
    expect(notices).toEqual([
      'PCD 1065 was created as a draft: Criminal Justice System - 2022/23 Commissioning Decisions.',
    ]);
  });

  it('records the decision it renews', () => {
    const r = newDecision({ ref: 'PCD 1200', title: 'Renewal', profile: mopacProfile, actor, now, renews: 'pcd1065' });
    expect(r.ok && r.value.decision.renews).toBe('PCD 1065');
    expect(r.ok && r.value.events[0]?.details).toMatchObject({ renews: 'PCD 1065' });
  });

  it.each([
    [
      'a blank title',
      'PCD 1065',
      '   ',
      /The title is empty: every decision needs one, e\.g\. "Criminal Justice System/,
    ],
    ['a long title', 'PCD 1065', 'x'.repeat(201), /201 characters long; keep it to 200/],
    ['a bad reference', 'not a ref', 'Title', /"not a ref" is not a decision reference; write it like "PCD 1066"/],
  ])('refuses %s', (_label, ref, title, message) => {
    const r = newDecision({ ref, title, profile: mopacProfile, actor, now });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('INVALID_INPUT');
      expect(r.error.message).toMatch(message);
    }
  });

  it('accepts a title of exactly 200 characters', () => {
    expect(newDecision({ ref: 'PCD 1', title: 'x'.repeat(200), profile: mopacProfile, actor, now }).ok).toBe(true);
  });

  it('refuses a decision that renews itself', () => {
    const r = newDecision({ ref: 'PCD 1065', title: 'T', profile: mopacProfile, actor, now, renews: 'PCD-1065' });
    expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
  });
});

describe('makeFundingLine', () => {
  it('validates, tidies and sorts allocations', () => {
    const r = makeFundingLine({
      service: " Women's  wrap around service ",
      source: 'Police Grant ',
      allocations: [
        { year: 2024, amount: 65_000_000 },
        { year: 2022, amount: 92_000_000 },
        { year: 2023, amount: 76_000_000 },
      ],
    });
    expect(r).toEqual({
      ok: true,
      value: {
        id: 'womens-wrap-around-service',
        service: "Women's wrap around service",
        source: 'Police Grant',
        allocations: [
          { year: 2022, amount: 92_000_000 },
          { year: 2023, amount: 76_000_000 },
          { year: 2024, amount: 65_000_000 },
        ],
      },
    });
  });

  const good = { service: 'GPS Tagging', source: 'Core funding', allocations: [{ year: 2022, amount: 90_000_000 }] };
  it.each([
    ['a blank service', { ...good, service: ' ' }, /has no service name/],
    ['a long service', { ...good, service: 'x'.repeat(121) }, /121 characters long; keep it to 120/],
    ['a service without letters', { ...good, service: '!!!' }, /has no letters or digits/],
    ['a missing source', { ...good, source: '' }, /GPS Tagging has no funding source/],
    ['a long source', { ...good, source: 'y'.repeat(81) }, /keep it to 80/],
    ['no allocations', { ...good, allocations: [] }, /GPS Tagging has no allocations/],
    [
      'a year given twice',
      {
        ...good,
        allocations: [
          { year: 2022, amount: 1 },
          { year: 2022, amount: 2 },
        ],
      },
      /2022\/23 appears twice for GPS Tagging/,
    ],
    [
      'a zero amount',
      { ...good, allocations: [{ year: 2022, amount: 0 }] },
      /2022\/23 amount for GPS Tagging must be more than £0/,
    ],
    ['a negative amount', { ...good, allocations: [{ year: 2022, amount: -5 }] }, /must be more than £0/],
    ['a fraction of a penny', { ...good, allocations: [{ year: 2022, amount: 1.5 }] }, /whole number of pence/],
    [
      'a year out of range',
      { ...good, allocations: [{ year: 1999, amount: 100 }] },
      /1999 is not a financial year between 2000\/01 and 2099\/00/,
    ],
    [
      'an absurd amount',
      { ...good, allocations: [{ year: 2022, amount: 10_000_000_000_001 }] },
      /more than £100,000,000,000/,
    ],
  ])('refuses %s', (_label, input, message) => {
    const r = makeFundingLine(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('INVALID_INPUT');
      expect(r.error.message).toMatch(message);
    }
  });
});

describe('totals of PCD 1065', () => {
  const seed = seedDecision();
  const byId = (id: string): FundingLine => seed.funding.find((l) => l.id === id) as FundingLine;

  it('adds the three one-year services to £1,410,000', () => {
    const oneYear = ['drug-testing-in-police-custody', 'mappa', 'gps-tagging'].map((id) => lineTotal(byId(id)));
    expect(formatMoney(oneYear.reduce((a, b) => a + b, 0))).toBe('£1,410,000');
  });

  it("adds the women's service to £2,330,000 over 2022-25", () => {
    expect(formatMoney(lineTotal(byId('womens-wrap-around-service')))).toBe('£2,330,000');
  });

  it('adds everything to £3,740,000', () => {
    expect(formatMoney(decisionTotal(seed))).toBe('£3,740,000');
  });

  it('totals each year and lists the funded years', () => {
    expect(fundingYears(seed)).toEqual([2022, 2023, 2024]);
    expect(yearTotals(seed).map((t) => ({ year: t.year, amount: formatMoney(t.amount) }))).toEqual([
      { year: 2022, amount: '£2,330,000' },
      { year: 2023, amount: '£760,000' },
      { year: 2024, amount: '£650,000' },
    ]);
  });

  it('has no totals without funding', () => {
    const empty = seedDecision({ funding: [] });
    expect(decisionTotal(empty)).toBe(0);
    expect(yearTotals(empty)).toEqual([]);
    expect(fundingYears(empty)).toEqual([]);
  });

  it('year totals and line totals both add up to the decision total (property)', () => {
    const allocation = fc.record({
      year: fc.integer({ min: 2000, max: 2099 }),
      amount: fc.integer({ min: 1, max: 10_000_000_000 }),
    });
    const line = fc.uniqueArray(allocation, { minLength: 1, maxLength: 5, selector: (a) => a.year });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), (lines) => {
        const funding = lines.map((allocations, i) => ({ id: `l${i}`, service: `L${i}`, source: 'S', allocations }));
        const d = seedDecision({ funding });
        const byYear = yearTotals(d).reduce((a, t) => a + t.amount, 0);
        const byLine = funding.reduce((a, l) => a + lineTotal(l), 0);
        expect(byYear).toBe(decisionTotal(d));
        expect(byLine).toBe(decisionTotal(d));
        expect(yearTotals(d).map((t) => t.year)).toEqual(fundingYears(d));
      }),
    );
  });
});

describe('citedRefs', () => {
  it('lists the references in the background papers of PCD 1065', () => {
    expect(citedRefs(seedDecision())).toEqual(['PCD 849', 'PCD 948', 'PCD 498']);
  });

  it('puts the decision it renews first, without repeats or itself', () => {
    const d = seedDecision({
      ref: 'PCD 1200',
      renews: 'PCD 1065',
      backgroundPapers: [
        'PCD 1065 approved the funding renewed here.',
        'See also MD2008, DD 2301 and Decision 44/2020.',
        'PCD 1200 is this decision.',
      ],
    });
    expect(citedRefs(d)).toEqual(['PCD 1065', 'MD 2008', 'DD 2301', 'Decision 44/2020']);
  });

  it("reads references with the decision's own prefix", () => {
    const d = seedDecision({ ref: 'ABC 12', backgroundPapers: ['abc-7 set the budget; XYZ 9 did not.'] });
    expect(citedRefs(d)).toEqual(['ABC 7']);
  });
});

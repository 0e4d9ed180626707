import type { FundingLine } from '../../domain/types';
import { addFundingLine, removeFundingLine, updateDetails } from '../../domain/workflow';
import { profileWith } from '../fixtures/profiles';
import {
  approved,
  as,
  awaitingChiefExecutive,
  awaitingDecisionMaker,
  draft,
  inReview,
  must,
  people,
  profile,
  refusal,
  ticked,
} from './workflow-support';

const gps: FundingLine = {
  id: 'gps-tagging',
  service: 'GPS Tagging',
  source: 'Core funding',
  allocations: [{ year: 2022, amount: 95_000_000 }],
};
const editor = () => as(people.draftingOfficer);

/**
 * A profile where items vouch for different parts: finance and commercial for the funding, legal for the
 * recommendations.
 */
const narrow = profileWith({
  declarations: profile.declarations.map((item) => ({
    ...item,
    affectedBy: ['finance', 'commercial'].includes(item.key)
      ? ['funding']
      : item.key === 'legal'
        ? ['recommendations']
        : ['title', 'summary', 'recommendations'],
  })),
});

describe('a change of substance under review', () => {
  it('resets every tick and signature it affects, returns to review and says so (MOPAC: every item vouches for everything)', () => {
    const d = awaitingDecisionMaker();
    const c = must(addFundingLine(d, profile, { ...editor(), line: gps }));
    expect(c.decision).toMatchObject({
      status: 'in_review',
      ticks: {},
      signatures: {},
      decisionMakerRole: 'dmpc',
      version: d.version + 1,
    });
    expect(c.notices).toEqual([
      'GPS Tagging was replaced in PCD 1065: it was £900,000 in 2022/23 from Core funding, now £950,000 in 2022/23 from Core funding. PCD 1065 now totals £3,790,000.',
      'Financial Advice, Legal Advice, Equalities Advice, Public Health Approach, Commercial Issues, GDPR/Data Privacy, Drafting Officer and Director/Head of Service ticks were reset because the funding changed.',
      'Chief Executive Officer signature was reset because the funding changed.',
      'PCD 1065 is back in review.',
    ]);
    expect(c.events.map((e) => e.type)).toEqual(['funding.line_replaced', 'decision.review_reset']);
    expect(c.events[1]?.details).toEqual({
      because: ['funding'],
      resetTicks: profile.declarations.map((i) => i.key),
      resetSignatures: ['chief-executive'],
      fromStatus: 'awaiting_decision_maker',
      toStatus: 'in_review',
      decisionMakerRole: 'dmpc',
    });
  });

  it('resets only the ticks whose items the changed field affects', () => {
    const d = ticked(
      inReview(),
      narrow.declarations.map((i) => i.key),
    );
    expect(d.status).toBe('awaiting_chief_executive');
    const c = must(addFundingLine(d, narrow, { ...editor(), line: gps }));
    expect(c.notices.slice(1)).toEqual([
      'Financial Advice and Commercial Issues ticks were reset because the funding changed.',
      'PCD 1065 is back in review.',
    ]);
    expect(Object.keys(c.decision.ticks)).toEqual([
      'legal',
      'equalities',
      'public-health',
      'data-protection',
      'drafting-officer',
      'director',
    ]);
  });

  it('gives each group of ticks its own reason', () => {
    const d = ticked(
      inReview(),
      narrow.declarations.map((i) => i.key),
    );
    const c = must(
      updateDetails(d, narrow, {
        ...editor(),
        title: 'Criminal Justice System - revised',
        recommendations: ['Approve it all.'],
      }),
    );
    expect(c.notices).toEqual([
      'Updated the title and recommendations of PCD 1065.',
      'Legal Advice tick was reset because the recommendations changed.',
      'Equalities Advice, Public Health Approach, GDPR/Data Privacy, Drafting Officer and Director/Head of Service ticks were reset because the title and recommendations changed.',
      'PCD 1065 is back in review.',
    ]);
    expect(Object.keys(c.decision.ticks)).toEqual(['finance', 'commercial']);
  });

  it('sends the decision back to the Chief Executive when no tick was affected', () => {
    const fundingOnly = profileWith({
      declarations: profile.declarations.map((item) => ({ ...item, affectedBy: ['funding'] })),
    });
    let d = ticked(
      inReview(),
      fundingOnly.declarations.map((i) => i.key),
    );
    d = { ...d, status: 'awaiting_decision_maker', signatures: awaitingDecisionMaker().signatures };
    const c = must(updateDetails(d, fundingOnly, { ...editor(), summary: 'A shorter summary.' }));
    expect(c.decision.status).toBe('awaiting_chief_executive');
    expect(Object.keys(c.decision.ticks)).toHaveLength(8);
    expect(c.notices).toEqual([
      'Updated the summary of PCD 1065.',
      'Chief Executive Officer signature was reset because the summary changed.',
      'PCD 1065 waits for the Chief Executive Officer to sign again.',
    ]);
  });

  it('recomputes the decision maker from the new total', () => {
    let d = inReview();
    for (const id of ['womens-wrap-around-service', 'gps-tagging'])
      d = must(removeFundingLine(d, profile, { ...editor(), lineId: id })).decision;
    expect(d.decisionMakerRole).toBe('dmpc');
    const c = must(removeFundingLine(d, profile, { ...editor(), lineId: 'MAPPA' }));
    expect(c.decision.decisionMakerRole).toBe('director-commissioning');
    expect(c.notices).toEqual([
      'MAPPA was removed from PCD 1065, which now totals £470,000.',
      'With the new total of £470,000, the decision maker is now the Director of Commissioning and Partnerships.',
    ]);
    expect(c.events[1]).toMatchObject({
      type: 'decision.review_reset',
      details: { decisionMakerRole: 'director-commissioning', resetTicks: [] },
    });
  });

  it('does not reset anything for background papers alone', () => {
    const d = awaitingDecisionMaker();
    const c = must(updateDetails(d, profile, { ...as(people.draftingOfficer, '2021-11-26T12:00:00.000Z'), backgroundPapers: ['PCD 849 approved 2021/22.'] }));
    expect(c.decision).toMatchObject({ status: 'awaiting_decision_maker', ticks: d.ticks, signatures: d.signatures, version: d.version + 1 });
    expect(c.notices).toEqual(['Updated the background papers of PCD 1065.']);
    expect(c.events.map((e) => e.type)).toEqual(['decision.updated']);
  });
});

describe('a change to what gets published under review', () => {
  it('resets the signatures (not the ticks) when the Part 1 deferral changes after the Chief Executive signed, and says so', () => {
    const d = { ...awaitingDecisionMaker(), part1Deferral: { until: '2022-03-31', reason: 'Contract negotiations' } };
    const c = must(updateDetails(d, profile, { ...as(people.draftingOfficer, '2021-11-26T12:00:00.000Z'), part1Deferral: null }));
    expect(c.decision).toMatchObject({ status: 'awaiting_chief_executive', ticks: d.ticks, signatures: {}, part1Deferral: null, stageVersion: d.version + 1 });
    expect(c.notices).toEqual([
      'Updated the Part 1 deferral of PCD 1065.',
      'Chief Executive Officer signature was reset because the Part 1 deferral changed.',
      'PCD 1065 waits for the Chief Executive Officer to sign again.',
    ]);
    expect(c.events.map((e) => e.type)).toEqual(['decision.updated', 'decision.review_reset']);
    expect(c.events[1]?.details).toMatchObject({ because: ['part1Deferral'], resetTicks: [], resetSignatures: ['chief-executive'], toStatus: 'awaiting_chief_executive' });
  });

  it('resets the signatures for a new deferral reason or Part 2 flag too, naming each', () => {
    const d = { ...awaitingDecisionMaker(), part1Deferral: { until: '2022-03-31', reason: 'Contract negotiations' } };
    const c = must(
      updateDetails(d, profile, { ...as(people.draftingOfficer, '2021-11-26T12:00:00.000Z'), part1Deferral: { until: '2022-03-31', reason: 'Tender live' }, hasPart2: true }),
    );
    expect(c.decision.signatures).toEqual({});
    expect(c.notices).toContain('Chief Executive Officer signature was reset because the Part 1 deferral and Part 2 flag changed.');
  });

  it('changes nothing else while no one has signed: ticks do not vouch for publication', () => {
    const d = awaitingChiefExecutive();
    const c = must(updateDetails(d, profile, { ...as(people.draftingOfficer, '2021-11-26T12:00:00.000Z'), hasPart2: true }));
    expect(c.decision).toMatchObject({ status: 'awaiting_chief_executive', ticks: d.ticks, hasPart2: true, stageVersion: d.version + 1 });
    expect(c.events.map((e) => e.type)).toEqual(['decision.updated']);
  });

  it('is refused once approved: a correction is a new decision', () => {
    const d = approved();
    expect(refusal(updateDetails(d, profile, { ...editor(), part1Deferral: { until: '2022-03-31', reason: 'Tender live' } })).code).toBe('IMMUTABLE');
  });
});

describe('editing a draft', () => {
  it('changes only what differs and never resets or names a decision maker', () => {
    const d = draft();
    const c = must(
      updateDetails(d, profile, {
        ...editor(),
        title: d.title,
        summary: ' New summary\r\nsecond paragraph ',
        recommendations: [...d.recommendations, '', '  '],
      }),
    );
    expect(c.decision.summary).toBe('New summary\nsecond paragraph');
    expect(c.decision.recommendations).toEqual(d.recommendations);
    expect(c.events).toEqual([
      { type: 'decision.updated', details: { changed: ['summary'], summary: 'New summary\nsecond paragraph' } },
    ]);
    expect(c.decision.decisionMakerRole).toBeNull();
  });

  it('is a no-op when nothing changes', () => {
    const d = draft();
    const c = must(
      updateDetails(d, profile, { ...editor(), title: ` ${d.title} `, hasPart2: false, part1Deferral: null }),
    );
    expect(c.decision).toBe(d);
    expect(c.events).toEqual([]);
    expect(c.notices).toEqual(['PCD 1065 already says that; nothing changed.']);
  });

  it.each([
    ['an empty title', { title: ' ' }, /The title is empty/],
    ['a long summary', { summary: 'x'.repeat(4001) }, /The summary is 4001 characters long; keep it to 4000\./],
    [
      '21 recommendations',
      { recommendations: Array.from({ length: 21 }, (_, i) => `R${i}`) },
      /There are 21 recommendations; a decision may have at most 20\./,
    ],
    [
      'a long recommendation',
      { recommendations: ['ok', 'y'.repeat(1001)] },
      /Recommendation 2 is 1001 characters long; keep each to 1000\./,
    ],
    [
      '21 background papers',
      { backgroundPapers: Array.from({ length: 21 }, (_, i) => `P${i}`) },
      /There are 21 background papers/,
    ],
    [
      'a long background paper',
      { backgroundPapers: ['z'.repeat(501)] },
      /Background paper 1 is 501 characters long; keep each to 500\./,
    ],
    [
      'a deferral date that is not a date',
      { part1Deferral: { until: '31/03/2022', reason: 'r' } },
      /"31\/03\/2022" is not a date/,
    ],
    ['an impossible deferral date', { part1Deferral: { until: '2022-02-30', reason: 'r' } }, /is not a date/],
    [
      'a deferral date in the past',
      { part1Deferral: { until: '2020-01-01', reason: 'r' } },
      /only be deferred until a date after today \(2021-11-16\)/,
    ],
    ['a deferral without reason', { part1Deferral: { until: '2022-03-31', reason: ' ' } }, /a deferral needs a reason/],
  ])('refuses %s', (_label, fields, message) => {
    const r = updateDetails(draft(), profile, { ...as(people.draftingOfficer, '2021-11-16T12:00:00.000Z'), ...fields });
    expect(refusal(r).code).toBe('INVALID_INPUT');
    expect(refusal(r).message).toMatch(message);
  });

  it('keeps a deferral date already on the decision even once it has passed', () => {
    const d = { ...draft(), part1Deferral: { until: '2021-12-01', reason: 'Contract negotiations' } };
    const c = must(
      updateDetails(d, profile, {
        ...as(people.draftingOfficer, '2022-01-10T12:00:00.000Z'),
        part1Deferral: { until: '2021-12-01', reason: 'Contract negotiations' },
      }),
    );
    expect(c.decision).toBe(d);
  });
});

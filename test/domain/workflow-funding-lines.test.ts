/** Funding lines added, replaced and removed, and edits refused once a decision is closed. */
import { makeFundingLine } from '../../domain/decision';
import type { FundingLine } from '../../domain/types';
import { addFundingLine, MAX_FUNDING_LINES, reject, removeFundingLine, updateDetails } from '../../domain/workflow';
import { seedDecision } from '../fixtures/seed-decision';
import {
  approved,
  as,
  awaitingChiefExecutive,
  draft,
  inReview,
  must,
  people,
  profile,
  refusal,
} from './workflow-support';

const gps: FundingLine = {
  id: 'gps-tagging',
  service: 'GPS Tagging',
  source: 'Core funding',
  allocations: [{ year: 2022, amount: 95_000_000 }],
};
const editor = () => as(people.draftingOfficer);

describe('funding lines', () => {
  it('adds a new line at the end and replaces a line with the same service in place', () => {
    const d = draft();
    const extra = makeFundingLine({
      service: 'Victim support',
      source: 'Police Grant',
      allocations: [{ year: 2023, amount: 1_000_000 }],
    });
    if (!extra.ok) throw extra.error;
    const added = must(addFundingLine(d, profile, { ...editor(), line: extra.value }));
    expect(added.decision.funding.map((l) => l.id)).toEqual([...d.funding.map((l) => l.id), 'victim-support']);
    const replaced = must(
      addFundingLine(added.decision, profile, { ...editor(), line: { ...gps, service: 'gps tagging' } }),
    );
    expect(replaced.decision.funding.map((l) => l.id)).toEqual(added.decision.funding.map((l) => l.id));
    expect(replaced.decision.funding[2]).toEqual({ ...gps, service: 'gps tagging' });
    expect(replaced.events[0]).toEqual({
      type: 'funding.line_replaced',
      details: { line: { ...gps, service: 'gps tagging' }, previous: d.funding[2], lineTotal: 95_000_000 },
    });
  });

  it('is a no-op when the same line is added again', () => {
    const d = draft();
    const c = must(addFundingLine(d, profile, { ...editor(), line: seedDecision().funding[2] as FundingLine }));
    expect(c.decision).toBe(d);
    expect(c.notices).toEqual(['GPS Tagging is already in PCD 1065 with those amounts; nothing changed.']);
  });

  it('validates the line it is given', () => {
    expect(
      refusal(addFundingLine(draft(), profile, { ...editor(), line: { ...gps, allocations: [] } })).message,
    ).toMatch(/GPS Tagging has no allocations/);
  });

  it(`holds at most ${MAX_FUNDING_LINES} lines`, () => {
    let d = { ...draft(), funding: [] as FundingLine[] };
    for (let i = 0; i < MAX_FUNDING_LINES; i++)
      d = { ...d, funding: [...d.funding, { ...gps, id: `s${i}`, service: `S${i}` }] };
    expect(refusal(addFundingLine(d, profile, { ...editor(), line: gps })).message).toBe(
      'PCD 1065 already has 40 funding lines, as many as its card can show; combine some lines or split the decision.',
    );
  });

  it('refuses to remove an unknown line or the last line under review', () => {
    expect(refusal(removeFundingLine(draft(), profile, { ...editor(), lineId: 'tasers' }))).toEqual({
      code: 'INVALID_INPUT',
      message: `PCD 1065 has no funding line "tasers"; its lines are Drug Testing in Police Custody, MAPPA, GPS Tagging and Women's wrap around service.`,
    });
    const one = { ...inReview(), funding: [gps] };
    expect(refusal(removeFundingLine(one, profile, { ...editor(), lineId: 'gps-tagging' }))).toEqual({
      code: 'INCOMPLETE',
      message:
        'GPS Tagging is the only funding line of PCD 1065, which is under review; add the line that replaces it first.',
    });
    expect(
      must(removeFundingLine({ ...draft(), funding: [gps] }, profile, { ...editor(), lineId: 'gps-tagging' })).decision
        .funding,
    ).toEqual([]);
  });
});

describe('closed decisions', () => {
  it('refuses every edit to an approved decision as immutable', () => {
    const d = approved();
    const message = 'PCD 1065 is approved and cannot change; a correction is a new decision that cites it: new <title>';
    expect(refusal(addFundingLine(d, profile, { ...editor(), line: gps }))).toEqual({ code: 'IMMUTABLE', message });
    expect(refusal(removeFundingLine(d, profile, { ...editor(), lineId: 'mappa' }))).toEqual({
      code: 'IMMUTABLE',
      message,
    });
    expect(refusal(updateDetails(d, profile, { ...editor(), hasPart2: true }))).toEqual({ code: 'IMMUTABLE', message });
  });

  it('refuses edits to a rejected decision as being in the wrong state', () => {
    const d = must(
      reject(awaitingChiefExecutive(), profile, { ...as(people.chiefExecutive), reason: 'Not now' }),
    ).decision;
    expect(refusal(updateDetails(d, profile, { ...editor(), summary: 'x' }))).toEqual({
      code: 'WRONG_STATE',
      message:
        'PCD 1065 was rejected by Chief Executive Officer ("Not now") and cannot change; start a new decision instead: new <title>',
    });
  });
});

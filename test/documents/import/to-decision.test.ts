import { readFileSync } from 'node:fs';
import path from 'node:path';
import { citedRefs, decisionTotal } from '../../../domain/decision';
import { DomainError } from '../../../domain/errors';
import { parseDecisionDocument } from '../../../documents/import/parse-decision';
import { IMPORTED_ID, importedDecision, UNKNOWN_DEFERRAL_DATE } from '../../../documents/import/to-decision';
import { mopacProfile } from '../../fixtures/profiles';

const seedText = readFileSync(path.resolve(__dirname, '../../fixtures/PCD-1065.md'), 'utf8');
const actor = { aadObjectId: '00000000-0000-4000-8000-000000000999', name: 'Import Officer' };
const now = '2026-11-25T20:00:00.000Z';

describe('importedDecision', () => {
  const parsed = parseDecisionDocument(seedText, mopacProfile);

  it('makes a draft of the seed with its lines, totals, recommendations and cited decisions', () => {
    const { decision, flags } = importedDecision(parsed, mopacProfile, { actor, now, asApproved: false });
    expect(flags).toEqual([]);
    expect(decision).toMatchObject({
      ref: 'PCD 1065',
      status: 'draft',
      imported: true,
      version: 1,
      createdBy: actor,
      createdAt: now,
      approvedAt: null,
      decisionMakerRole: null,
    });
    expect(decision.ticks).toEqual({});
    expect(decision.signatures).toEqual({});
    expect(decision.funding.map((l) => l.id)).toEqual([
      'drug-testing-in-police-custody',
      'mappa',
      'gps-tagging',
      'womens-wrap-around-service',
    ]);
    expect(decisionTotal(decision)).toBe(374_000_000);
    expect(decision.recommendations).toHaveLength(3);
    expect(citedRefs(decision)).toEqual(['PCD 849', 'PCD 948', 'PCD 498']);
  });

  it('records a signed document as approved when asked, dated from the document and marked as imported', () => {
    const { decision, flags } = importedDecision(parsed, mopacProfile, { actor, now, asApproved: true });
    expect(flags).toEqual([]);
    expect(decision.status).toBe('approved');
    expect(decision.imported).toBe(true);
    expect(decision.decisionMakerRole).toBe('dmpc');
    // 26 November 2021 in Europe/London is GMT, so the day starts at midnight UTC.
    expect(decision.approvedAt).toBe('2021-11-26T00:00:00.000Z');
    expect(decision.signatures['decision-maker']).toMatchObject({
      role: 'dmpc',
      at: '2021-11-26T00:00:00.000Z',
      statement: 'The above request has my approval.',
      interest: 'None',
    });
    expect(decision.signatures['chief-executive']).toMatchObject({
      role: 'chief-executive',
      at: '2021-11-26T00:00:00.000Z',
    });
    expect(decision.signatures['decision-maker']?.by.aadObjectId).toBe(IMPORTED_ID);
    expect(Object.keys(decision.ticks)).toEqual(mopacProfile.declarations.map((d) => d.key));
    expect(
      Object.values(decision.ticks).every(
        (t) => t.by.aadObjectId === IMPORTED_ID && t.at === '2021-11-26T00:00:00.000Z',
      ),
    ).toBe(true);
  });

  it('keeps an unsigned document a draft even when asked for approved, and says why', () => {
    const unsigned = parseDecisionDocument(seedText.replace(/Date 26-11-21/g, 'Date'), mopacProfile);
    expect(unsigned.approved).toBe(false);
    const { decision, flags } = importedDecision(unsigned, mopacProfile, { actor, now, asApproved: true });
    expect(decision.status).toBe('draft');
    expect(flags).toEqual([expect.stringMatching(/no dated decision maker's signature/)]);
  });

  it('dates a summer signature from the start of the London day (BST)', () => {
    const summer = parseDecisionDocument(seedText.replace(/Date 26-11-21/g, 'Date 30/06/2022'), mopacProfile);
    const { decision } = importedDecision(summer, mopacProfile, { actor, now, asApproved: true });
    expect(decision.approvedAt).toBe('2022-06-29T23:00:00.000Z');
  });

  it('refuses a document without a reference or a title: nothing is half-imported', () => {
    const noRef = parseDecisionDocument(seedText.replace('DMPC Decision – PCD 1065', 'DMPC Decision'), mopacProfile);
    expect(() => importedDecision(noRef, mopacProfile, { actor, now, asApproved: false })).toThrow(DomainError);
    const noTitle = parseDecisionDocument(seedText.replace('# Title: ', '# '), mopacProfile);
    expect(() => importedDecision(noTitle, mopacProfile, { actor, now, asApproved: false })).toThrow(
      /no "Title:" line/,
    );
  });

  it('holds Part 1 back when a deferral date cannot be read, and flags it', () => {
    const deferred = parseDecisionDocument(
      seedText
        .replace('to be deferred? NO', 'to be deferred? YES')
        .replace('If yes, for what reason:', 'If yes, for what reason: Commercial negotiations are ongoing')
        .replace('Until what date:', 'Until what date: when the contract is signed'),
      mopacProfile,
    );
    const { decision, flags } = importedDecision(deferred, mopacProfile, { actor, now, asApproved: true });
    expect(decision.part1Deferral).toEqual({
      until: UNKNOWN_DEFERRAL_DATE,
      reason: 'Commercial negotiations are ongoing',
    });
    expect(flags).toEqual([
      expect.stringContaining(
        'Part 1 deferral: publication is deferred but the date "when the contract is signed" could not be read',
      ),
    ]);
  });

  it('flags lines without a funding source and a service given twice for one year', () => {
    const doc = [
      'Decision 44/2020',
      'Title: Test',
      'Service\t2023/24',
      'Youth work\t£1,000',
      'Youth work\t£500',
      '',
    ].join('\n');
    const { decision, flags } = importedDecision(parseDecisionDocument(doc, mopacProfile), mopacProfile, {
      actor,
      now,
      asApproved: false,
    });
    expect(decision.ref).toBe('Decision 44/2020');
    expect(decision.funding).toEqual([
      { id: 'youth-work', service: 'Youth work', source: 'Not stated', allocations: [{ year: 2023, amount: 150_000 }] },
    ]);
    expect(flags).toEqual(
      expect.arrayContaining([
        'Funding table 1: there is no "Funding Source" column, so its lines have no source.',
        'Funding: Youth work appears twice for 2023/24; the amounts were added up.',
        'Funding: Youth work has no funding source in the document; recorded as "Not stated".',
      ]),
    );
  });

  it('keeps parts longer than the editor allows whole, and flags them', () => {
    const long = { ...parsed, summary: 'x'.repeat(4001), recommendations: ['y'.repeat(1001)] };
    const { decision, flags } = importedDecision(long, mopacProfile, { actor, now, asApproved: false });
    expect(decision.summary).toHaveLength(4001);
    expect(flags).toEqual([
      'The executive summary is 4001 characters long, more than the 4000 the editor allows; it was kept whole.',
      'Recommendation 1 is 1001 characters long, more than the 1000 the editor allows; it was kept whole.',
    ]);
  });
});

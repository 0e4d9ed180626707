/**
 * Whatever text arrives, the parser reads it without throwing, and every amount it reads is a
 * positive whole number of pence: arbitrary strings, and text built from the pieces documents
 * are made of (labels, table rows, amounts and years written every which way).
 */
import fc from 'fast-check';
import { DomainError } from '../../../domain/errors';
import { parseDecisionDocument, type ParsedDecision } from '../../../documents/import/parse-decision';
import { importedDecision } from '../../../documents/import/to-decision';
import { mopacProfile } from '../../fixtures/profiles';

const actor = { aadObjectId: '00000000-0000-4000-8000-000000000999', name: 'Import Officer' };

const amount = fc.oneof(
  fc.constantFrom(
    '£470,000',
    '£4.2m',
    '£1.5 million',
    '£250k',
    '£2,000,000.00',
    '(£500,000)',
    '-£5',
    '£0',
    '£TBC',
    '£1,00,0',
    '£9999999999999',
    '£0.001',
    '1,000',
    '–',
    '',
  ),
  fc.nat().map((n) => `£${n}`),
  fc
    .tuple(fc.nat({ max: 999 }), fc.nat({ max: 99 }), fc.constantFrom('', 'k', 'm', 'bn', ' million'))
    .map(([a, b, u]) => `£${a}.${b}${u}`),
);
const year = fc.constantFrom(
  '22/23',
  '2023/24',
  '2023-24',
  'FY23/24',
  'FY 2024/25',
  '2024-2025',
  '99/00',
  '23/25',
  'Allocation',
  'Total',
  '£000',
);
const label = fc.constantFrom(
  '# DMPC Decision – PCD 1065',
  'DECISION – MD3180',
  'Title: A decision 2023/24',
  'Title',
  'Executive Summary:',
  '1. Recommendation(s):',
  'Decision required',
  'Background papers',
  'The above request has my approval.',
  'Date 26-11-21',
  'Date: 4th April 2023',
  'Date',
  '31/02/2023',
  'Total',
  'Net cost',
  'Is the publication of Part 1 of this approval to be deferred? YES',
  'Until what date: 30 Feb 2024',
  'Is there a Part 2 form – YES',
  'Service Name',
  '| Signature | Date |',
  '|---|---|',
);
const row = fc
  .array(fc.oneof(amount, year, fc.string({ maxLength: 12 })), { minLength: 1, maxLength: 5 })
  .chain((cells) => fc.constantFrom(cells.join('\t'), `| ${cells.join(' | ')} |`, cells.join('\n')));
const documentText = fc
  .array(fc.oneof(label, row, amount, fc.string({ maxLength: 40 })), { maxLength: 40 })
  .chain((lines) => fc.constantFrom(lines.join('\n'), lines.join('\r\n'), lines.join('\n\n')));

function expectWholePositivePence(parsed: ParsedDecision): void {
  for (const line of parsed.funding) {
    for (const a of line.allocations) {
      expect(Number.isSafeInteger(a.amount)).toBe(true);
      expect(a.amount).toBeGreaterThan(0);
    }
  }
  for (const total of [...parsed.statedTotals, ...parsed.totalsCheck.map((c) => c.stated)]) {
    expect(Number.isSafeInteger(total)).toBe(true);
    expect(total).toBeGreaterThanOrEqual(0);
  }
}

describe('parseDecisionDocument on any text', () => {
  it('never throws on arbitrary strings, and reads only whole, positive pence', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 400 })), (text) => {
        expectWholePositivePence(parseDecisionDocument(text, mopacProfile));
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on text made of decision pieces, reads only whole, positive pence, and imports or refuses with a coded error', () => {
    fc.assert(
      fc.property(documentText, (text) => {
        const parsed = parseDecisionDocument(text, mopacProfile);
        expectWholePositivePence(parsed);
        try {
          const { decision } = importedDecision(parsed, mopacProfile, {
            actor,
            now: '2026-11-25T20:00:00.000Z',
            asApproved: true,
          });
          for (const line of decision.funding)
            for (const a of line.allocations) expect(Number.isSafeInteger(a.amount) && a.amount > 0).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(DomainError);
        }
      }),
      { numRuns: 400 },
    );
  });
});

import fc from 'fast-check';
import { lineId } from '../../../domain/decision';
import type { FundingLine } from '../../../domain/types';
import { renderMarkdown } from '../../../documents/export/render-markdown';
import { parseDecisionDocument } from '../../../documents/import/parse-decision';
import { mopacProfile } from '../../fixtures/profiles';
import { seedDecision } from '../../fixtures/seed-decision';

const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9'&()/,-]{0,11}$/);
const phrase = fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => w.join(' '));

const line: fc.Arbitrary<FundingLine> = fc
  .record({
    service: phrase,
    source: phrase,
    years: fc.uniqueArray(fc.integer({ min: 2000, max: 2098 }), { minLength: 1, maxLength: 4 }),
    amounts: fc.array(fc.integer({ min: 1, max: 50_000_000_000 }), { minLength: 4, maxLength: 4 }),
  })
  .map(({ service, source, years, amounts }) => ({
    id: lineId(service),
    service,
    source,
    allocations: [...years].sort((a, b) => a - b).map((year, i) => ({ year, amount: amounts[i] as number })),
  }));

describe('Markdown export and import', () => {
  it('read back every funding line, recommendation and title exactly, and every total matches (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(line, { minLength: 1, maxLength: 6, selector: (l) => l.id }),
        phrase,
        fc.array(phrase, { minLength: 1, maxLength: 5 }),
        (funding, title, recommendations) => {
          const decision = seedDecision({ funding, title, recommendations });
          const parsed = parseDecisionDocument(renderMarkdown(decision, mopacProfile), mopacProfile);
          expect(parsed.title).toBe(title);
          expect(parsed.recommendations).toEqual(recommendations);
          expect(parsed.funding).toEqual(
            funding.map(({ service, source, allocations }) => ({ service, source, allocations })),
          );
          expect(parsed.totalsCheck.filter((c) => !c.matches)).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never throws on arbitrary text, and lists what it could not read (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const parsed = parseDecisionDocument(text, mopacProfile);
        expect(Array.isArray(parsed.unread)).toBe(true);
        if (parsed.ref === null) expect(parsed.unread[0]).toMatch(/^Reference:/);
      }),
      { numRuns: 300 },
    );
  });
});

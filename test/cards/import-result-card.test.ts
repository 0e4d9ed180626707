import { readFileSync } from 'node:fs';
import path from 'node:path';
import { importResultCard, MAX_SHOWN_FLAGS } from '../../cards/import-result-card';
import { parseDecisionDocument } from '../../documents/import/parse-decision';
import { importedDecision } from '../../documents/import/to-decision';
import { mopacProfile } from '../fixtures/profiles';
import { cardText, findAction } from '../support/card-query';
import { CARD_BUDGET_BYTES, cardBytes, schemaErrors, unexpanded } from './card-schema';

const seed = readFileSync(path.resolve(__dirname, '../fixtures/PCD-1065.md'), 'utf8');
const actor = { aadObjectId: '00000000-0000-4000-8000-000000000999', name: 'Import Officer' };
const now = '2026-11-25T20:00:00.000Z';

function cardFor(text: string, asApproved: boolean, extraFlags: string[] = []) {
  const parsed = parseDecisionDocument(text, mopacProfile);
  const { decision, flags } = importedDecision(parsed, mopacProfile, { actor, now, asApproved });
  return importResultCard({
    decision,
    profile: mopacProfile,
    source: '"PCD-1065.md"',
    flags: [...flags, ...extraFlags],
    totals: parsed.totalsCheck,
    documentSigned: parsed.approved,
  });
}

describe('the import result card', () => {
  it('shows a clean draft import: facts, every total checked, nothing unread, and the Import as approved button', () => {
    const card = cardFor(seed, false);
    expect(schemaErrors(card)).toEqual([]);
    expect(unexpanded(card)).toEqual([]);
    const text = cardText(card);
    expect(text).toContain('PCD 1065 imported as a draft');
    expect(text).toContain('Total £3,740,000');
    expect(text).toContain('Cites PCD 849, PCD 948, PCD 498');
    expect(text).toContain('Everything in the document was read.');
    expect(findAction(card, 'import.approve')?.data).toEqual({ verb: 'import.approve', ref: 'PCD 1065', version: 1 });
    expect(findAction(card, 'decision.show')?.data).toEqual({ verb: 'decision.show', ref: 'PCD 1065' });
  });

  it('lists what could not be read and marks a total that does not add up', () => {
    const card = cardFor(seed.replace('Total\t£1,410,000', 'Total\t£1,510,000'), false);
    expect(schemaErrors(card)).toEqual([]);
    const text = cardText(card);
    expect(text).toMatch(
      /✗ £1,510,000 stated for the Total row of funding table 1 \(2022\/23\), but the lines add up to £1,410,000/,
    );
    expect(text).toMatch(/Could not be read, or to check \(1\)/);
    expect((card.body as { style?: string }[])[0]?.style).toBe('warning');
  });

  it('keeps a flood of flags under the size budget, saying how many more there are', () => {
    const many = Array.from({ length: 200 }, (_, i) => `Funding: row ${i} "${'x'.repeat(900)}" could not be read.`);
    const card = cardFor(seed, false, many);
    expect(schemaErrors(card)).toEqual([]);
    expect(cardBytes(card)).toBeLessThan(CARD_BUDGET_BYTES);
    expect(cardText(card)).toContain(
      `…and ${200 - MAX_SHOWN_FLAGS} more, not shown here; all are kept with the import in PCD 1065's audit trail.`,
    );
  });

  it('shows an approved (historic) import without the button', () => {
    const card = cardFor(seed, true);
    expect(schemaErrors(card)).toEqual([]);
    expect(cardText(card)).toContain('PCD 1065 imported as approved (historic)');
    expect(findAction(card, 'import.approve')).toBeUndefined();
  });
});

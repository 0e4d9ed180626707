/**
 * An imported decision cites every decision its text cites, not only those in its background
 * papers: "follows MD2841 and … MD2950" in the supporting report is recorded as cited too.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { citedRefs } from '../../../domain/decision';
import { findRefs, findRefsInProse } from '../../../domain/reference';
import { parseDecisionDocument } from '../../../documents/import/parse-decision';
import { importedDecision } from '../../../documents/import/to-decision';
import { glaProfile, mopacProfile } from '../../fixtures/profiles';

const documents = path.resolve(__dirname, '../../fixtures/documents');
const md2008 = readFileSync(path.join(documents, 'gla-md2008.md'), 'utf8');
const actor = { aadObjectId: '00000000-0000-4000-8000-000000000999', name: 'Import Officer' };
const now = '2026-11-25T20:00:00.000Z';

/** MD2008 with a supporting report that cites decisions its appendices do not list. */
const citing = md2008.replace(
  '1.1 The fund continues',
  [
    '1.0 This decision follows MD2841 and, for the pilot boroughs, MD 2950; it does not amend MD2008 itself.',
    'The delivery model was set out in Mayoral Decision md2841 (see also PCD 849), and we will add 20 more grants.',
    '',
    '1.1 The fund continues',
  ].join('\n'),
);

describe('citations in the text of an imported decision', () => {
  it('records each decision the text cites once, after the background papers, and never the decision itself', () => {
    const parsed = parseDecisionDocument(citing, glaProfile);
    expect(parsed.ref).toBe('MD 2008');
    expect(parsed.citedRefs).toEqual(['MD 1997', 'MD 2345/2022', 'MD 2841', 'MD 2950', 'PCD 849']);
  });

  it('keeps them on the imported decision, whose citedRefs include them', () => {
    const parsed = parseDecisionDocument(citing, glaProfile);
    const { decision } = importedDecision(parsed, glaProfile, { actor, now, asApproved: false });
    expect(decision.backgroundPapers.join(' ')).not.toContain('2841');
    expect(decision.documentCites).toEqual(['MD 1997', 'MD 2345/2022', 'MD 2841', 'MD 2950', 'PCD 849']);
    expect(citedRefs(decision)).toEqual(['MD 1997', 'MD 2345/2022', 'MD 2841', 'MD 2950', 'PCD 849']);
    // Renewing, or editing the papers, keeps what the document cited, once.
    const edited = { ...decision, renews: 'MD 2950', backgroundPapers: ['MD2841 Phase 2'] };
    expect(citedRefs(edited)).toEqual(['MD 2950', 'MD 2841', 'MD 1997', 'MD 2345/2022', 'PCD 849']);
  });

  it("uses the profile's own prefix as well as the well-known ones", () => {
    const profile = { ...mopacProfile, reference: { ...mopacProfile.reference, prefix: 'CHD' } };
    const text = citing.replace('(see also PCD 849)', '(see also CHD 12 and XYZ 7)');
    expect(parseDecisionDocument(text, profile).citedRefs).toContain('CHD 12');
    expect(parseDecisionDocument(text, profile).citedRefs).not.toContain('XYZ 7');
  });

  it('reads references in prose only as bodies write them, where background papers accept any case', () => {
    const prose = 'We will add 20 posts; md 5 is a ward. This follows MD2841, DD 2301 and Decision 44/2020.';
    expect(findRefsInProse(prose)).toEqual(['MD 2841', 'DD 2301', 'Decision 44/2020']);
    expect(findRefs(prose)).toEqual(['ADD 20', 'MD 5', 'MD 2841', 'DD 2301', 'Decision 44/2020']);
  });
});

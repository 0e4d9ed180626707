import { citedRefs, decisionTotal, yearTotals } from '../../../domain/decision';
import { renderMarkdown } from '../../../documents/export/render-markdown';
import { parseDecisionDocument } from '../../../documents/import/parse-decision';
import { importedDecision } from '../../../documents/import/to-decision';
import { mopacProfile } from '../../fixtures/profiles';
import { seedDecision } from '../../fixtures/seed-decision';

const actor = { aadObjectId: '00000000-0000-4000-8000-000000000999', name: 'Import Officer' };

describe('renderMarkdown', () => {
  const seed = seedDecision();
  const markdown = renderMarkdown(seed, mopacProfile, { heading: 'DMPC Decision' });

  it('lays Part 1 out like the seed: title block, summary, recommendations, signature blocks, sections', () => {
    const order = [
      '# MOPAC',
      "### MAYOR'S OFFICE FOR POLICING AND CRIME",
      '# DMPC Decision – PCD 1065',
      '# Title: Criminal Justice System - 2022/23 Commissioning Decisions',
      '### Executive Summary:',
      '### Recommendation:',
      'The Deputy Mayor for Policing and Crime is recommended to:',
      '1. Approve the one-year funding',
      '# Deputy Mayor for Policing and Crime',
      'I confirm I have considered whether or not I have any personal or prejudicial interest',
      'Interests declared: None',
      'The above request has my approval.',
      'Signature: Deputy Mayor for Policing and Crime',
      'Date 26 November 2021',
      '### PART I - NON-CONFIDENTIAL FACTS AND ADVICE',
      '### 1. Financial Comments',
      '| Service | 2022/23 | 2023/24 | 2024/25 | Total | Funding Source |',
      "| Women's wrap around service | £920,000 | £760,000 | £650,000 | £2,330,000 | Police Grant |",
      '| Total | £2,330,000 | £760,000 | £650,000 | £3,740,000 | |',
      '### 2. Background/supporting papers',
      '- 2.1. PCD 849 was signed in October 2020',
      '# Public access to information',
      'Is the publication of Part 1 of this approval to be deferred? NO',
      'Is there a Part 2 form - NO',
      '### ORIGINATING OFFICER DECLARATION',
      '| Financial Advice | The Strategic Finance and Resource Management Team has been consulted on this proposal. | ✓ Finance Officer, 22 November 2021 |',
      '## Chief Executive Officer',
      'I have been consulted about the proposal',
      'Signature: Chief Executive Officer',
      'Date 26 November 2021',
    ];
    let from = 0;
    for (const text of order) {
      const at = markdown.indexOf(text, from);
      expect({ text, found: at >= 0 }).toEqual({ text, found: true });
      from = at + text.length;
    }
  });

  it('round-trips: seed decision -> Markdown -> parse gives the same record', () => {
    const parsed = parseDecisionDocument(markdown, mopacProfile);
    expect(parsed.unread).toEqual([]);
    expect(parsed.ref).toBe(seed.ref);
    expect(parsed.title).toBe(seed.title);
    expect(parsed.summary).toBe(seed.summary);
    expect(parsed.recommendations).toEqual(seed.recommendations);
    expect(parsed.backgroundPapers).toEqual(seed.backgroundPapers);
    expect(parsed.citedRefs).toEqual(citedRefs(seed));
    expect(parsed.funding).toEqual(
      seed.funding.map(({ service, source, allocations }) => ({ service, source, allocations })),
    );
    expect(parsed.totalsCheck.length).toBeGreaterThan(0);
    expect(parsed.totalsCheck.every((c) => c.matches)).toBe(true);
    expect(parsed.statedTotals).toContain(decisionTotal(seed));
    expect(parsed.part1Deferral).toBeNull();
    expect(parsed.hasPart2).toBe(false);
    expect(parsed.signatures).toEqual(
      expect.arrayContaining([
        { key: 'decision-maker', date: '2021-11-26' },
        { key: 'chief-executive', date: '2021-11-26' },
      ]),
    );

    const again = importedDecision(parsed, mopacProfile, { actor, now: '2026-11-25T20:00:00.000Z', asApproved: true });
    expect(again.flags).toEqual([]);
    expect(again.decision.funding).toEqual(seed.funding);
    expect(yearTotals(again.decision)).toEqual(yearTotals(seed));
    expect(again.decision.status).toBe('approved');
    expect(again.decision.decisionMakerRole).toBe(seed.decisionMakerRole);
  });

  it('round-trips a deferred decision with a Part 2, pipes in names and a summary in paragraphs', () => {
    const decision = seedDecision({
      title: 'Youth | Violence 2023/24',
      summary: 'First paragraph.\n\n1. Not a list: a paragraph that starts with a number.\n\n# Not a heading either',
      part1Deferral: { until: '2024-04-01', reason: 'Negotiations with providers are ongoing.' },
      hasPart2: true,
      funding: [
        { id: 'a-b', service: 'A | B', source: 'Core | Grant', allocations: [{ year: 2023, amount: 123_456_789 }] },
      ],
      recommendations: ['Approve £1,234,567.89 for A | B.'],
    });
    const parsed = parseDecisionDocument(renderMarkdown(decision, mopacProfile), mopacProfile);
    expect(parsed.unread).toEqual([]);
    expect(parsed.title).toBe(decision.title);
    expect(parsed.summary).toBe(decision.summary);
    expect(parsed.funding).toEqual([
      { service: 'A | B', source: 'Core | Grant', allocations: [{ year: 2023, amount: 123_456_789 }] },
    ]);
    expect(parsed.part1Deferral).toEqual({ until: '2024-04-01', reason: 'Negotiations with providers are ongoing.' });
    expect(parsed.hasPart2).toBe(true);
  });

  it('leaves the signature dates empty while a decision is unsigned', () => {
    const draft = seedDecision({ status: 'draft', signatures: {}, ticks: {}, approvedAt: null });
    const md = renderMarkdown(draft, mopacProfile);
    expect(md).toContain('# MOPAC Decision – PCD 1065');
    expect(md).toMatch(/^Signature:$/m);
    expect(md).toMatch(/^Date$/m);
    const parsed = parseDecisionDocument(md, mopacProfile);
    expect(parsed.signatures).toEqual([]);
    expect(parsed.approved).toBe(false);
  });
});

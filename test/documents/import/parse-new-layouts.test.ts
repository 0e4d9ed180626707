/**
 * Layouts and spellings beyond the first fixtures, read through the bot's own path: the file as
 * readDocumentFile takes it, then parseDecisionDocument and importedDecision.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { GovernanceProfile } from '../../../domain/profile';
import { parseDecisionDocument, type ParsedDecision } from '../../../documents/import/parse-decision';
import { readDocumentFile } from '../../../documents/import/read-document';
import { importedDecision } from '../../../documents/import/to-decision';
import { glaProfile, mopacProfile } from '../../fixtures/profiles';

// Not in fixtures/documents: test/scripts/import-decisions.test.ts imports that whole folder and counts it.
const documents = path.resolve(__dirname, '../../fixtures/import-layouts');
const actor = { aadObjectId: '00000000-0000-4000-8000-000000000999', name: 'Import Officer' };
const now = '2026-11-25T20:00:00.000Z';

async function imported(name: string, profile: GovernanceProfile): Promise<ParsedDecision> {
  const read = await readDocumentFile(name, readFileSync(path.join(documents, name)), [profile.reference.prefix]);
  if ('error' in read) throw new Error(read.error);
  return parseDecisionDocument(read.text, profile);
}

describe('importing decision documents in other layouts', () => {
  it('reads a DMPC decision with "a)" items, £250k and £1.5 million in prose, 2024-25 years and a bold Total row', async () => {
    const parsed = await imported('pcd-1187-prose-and-table.md', mopacProfile);
    expect(parsed.unread).toEqual([]);
    expect(parsed.ref).toBe('PCD 1187');
    expect(parsed.title).toBe('Violence Against Women and Girls – Rape Crisis Centre Uplift 2024-25');
    expect(parsed.recommendations).toHaveLength(3);
    expect(parsed.funding).toEqual([
      {
        service: 'Rape Crisis Centre uplift',
        source: 'Victims Grant',
        allocations: [{ year: 2024, amount: 25_000_000 }],
      },
      {
        service: 'Embedded ISVAs',
        source: 'MoJ Victims Fund',
        allocations: [
          { year: 2024, amount: 75_000_000 },
          { year: 2025, amount: 75_000_000 },
        ],
      },
    ]);
    expect(parsed.citedRefs).toEqual(['PCD 1042', 'PCD 998']);
    expect(parsed.hasPart2).toBe(true);
    expect(parsed.signatures).toEqual([
      { key: 'decision-maker', date: '2024-04-04' },
      { key: 'chief-executive', date: '2024-04-02' },
    ]);
    expect(parsed.statedTotals).toEqual([175_000_000, 100_000_000, 75_000_000]);
    expect(parsed.totalsCheck.map((c) => [c.stated, c.computed, c.matches])).toEqual([
      [100_000_000, 100_000_000, true],
      [75_000_000, 75_000_000, true],
      [175_000_000, 175_000_000, true],
    ]);
  });

  it('reads a GLA "DECISION – MD3180" with plain headings and £1.5m / £250k in a tab table', async () => {
    const parsed = await imported('md-3180-decision-dash.txt', glaProfile);
    expect(parsed.unread).toEqual([]);
    expect(parsed.ref).toBe('MD 3180');
    expect(parsed.recommendations).toHaveLength(2);
    expect(parsed.funding).toEqual([
      {
        service: 'Retrofit Accelerator grants',
        source: 'Green New Deal budget',
        allocations: [
          { year: 2024, amount: 150_000_000 },
          { year: 2025, amount: 150_000_000 },
        ],
      },
      {
        service: 'Technical assistance',
        source: 'Green New Deal budget',
        allocations: [
          { year: 2024, amount: 25_000_000 },
          { year: 2025, amount: 25_000_000 },
        ],
      },
    ]);
    expect(parsed.citedRefs).toEqual(['MD 2950']);
    expect(parsed.signatures).toEqual([
      { key: 'decision-maker', date: '2024-06-12' },
      { key: 'chief-executive', date: '2024-06-11' },
    ]);
    expect(parsed.statedTotals).toEqual([350_000_000, 175_000_000]);
    expect(parsed.totalsCheck.every((c) => c.matches)).toBe(true);
  });

  it('reads Word text: CRLF, "1.\\t" numbering, capitals headings, smart quotes, non-breaking spaces and hyphens, FY 2024/25', async () => {
    const parsed = await imported('dd-2719-word-tabs-crlf.txt', glaProfile);
    expect(parsed.unread).toEqual([]);
    expect(parsed.ref).toBe('DD 2719');
    expect(parsed.title).toBe('London Skills Bootcamps – Digital Pathways 2024-25');
    expect(parsed.summary).toMatch(
      /the GLA's "Digital Pathways" strand, at a total cost of £480,000 in FY 2024\/25\.$/,
    );
    expect(parsed.recommendations).toEqual([
      'approves expenditure of £480,000 in FY 2024/25 on the Digital Pathways strand of the Skills Bootcamps programme;',
      'approves the receipt of £120,000 from the Department for Education towards the strand; and',
      'delegates to the Assistant Director, Skills and Employment, the award of the grant agreements.',
    ]);
    expect(parsed.funding).toEqual([
      {
        service: 'Digital Pathways grants',
        source: 'Skills Bootcamps budget',
        allocations: [{ year: 2024, amount: 42_000_000 }],
      },
      { service: 'Evaluation', source: 'Skills Bootcamps budget', allocations: [{ year: 2024, amount: 6_000_000 }] },
    ]);
    expect(parsed.backgroundPapers).toEqual([]);
    expect(parsed.signatures).toEqual([{ key: 'decision-maker', date: '2024-07-18' }]);
    expect(parsed.totalsCheck).toEqual([
      { stated: 48_000_000, computed: 48_000_000, matches: true, label: 'the Total row of funding table 1 (2024/25)' },
      {
        stated: 48_000_000,
        computed: 48_000_000,
        matches: true,
        label: 'all funding lines (Digital Pathways grants, Evaluation)',
      },
    ]);
    expect(parsed.hasPart2).toBe(false);
  });

  it('imports an Assistant Director decision with no funding at all, without flagging funding as unread', async () => {
    const parsed = await imported('add-2811-no-funding.md', glaProfile);
    expect(parsed.unread).toEqual([]);
    expect(parsed.ref).toBe('ADD 2811');
    expect(parsed.funding).toEqual([]);
    expect(parsed.recommendations).toHaveLength(1);
    expect(parsed.signatures).toEqual([{ key: 'decision-maker', date: '2024-08-22' }]);
    const { decision } = importedDecision(parsed, glaProfile, { actor, now, asApproved: false });
    expect(decision).toMatchObject({ ref: 'ADD 2811', status: 'draft', funding: [] });
  });

  it('reads a table in £000 as thousands of pounds, with its Total column and row', async () => {
    const parsed = await imported('md-3204-thousands-table.md', glaProfile);
    expect(parsed.unread).toEqual([]);
    expect(parsed.recommendations).toHaveLength(2);
    expect(parsed.funding).toEqual([
      {
        service: 'Emergency grants',
        source: 'Culture budget',
        allocations: [
          { year: 2024, amount: 100_000_000 },
          { year: 2025, amount: 100_000_000 },
          { year: 2026, amount: 100_000_000 },
        ],
      },
      {
        service: 'Advice and case work',
        source: 'Culture budget',
        allocations: [
          { year: 2024, amount: 40_000_000 },
          { year: 2025, amount: 40_000_000 },
          { year: 2026, amount: 40_000_000 },
        ],
      },
    ]);
    expect(parsed.statedTotals).toEqual([140_000_000, 420_000_000]);
    expect(parsed.totalsCheck).toHaveLength(6);
    expect(parsed.totalsCheck.every((c) => c.matches)).toBe(true);
    expect(parsed.signatures).toEqual([
      { key: 'decision-maker', date: '2024-05-09' },
      { key: 'chief-executive', date: '2024-05-08' },
    ]);
  });

  it('reads signatures dated in tables, £2,000,000.00 and FY23/24, and names income and net rows instead of reading them as lines', async () => {
    const parsed = await imported('pcd-1244-signature-table.md', mopacProfile);
    expect(parsed.unread).toEqual([
      'Funding table 1, row "Less: Home Office contribution": it reads as income or a net figure, not a funding line, so it was not read as one.',
      'Funding table 1, row "Net cost to MOPAC": it reads as income or a net figure, not a funding line, so it was not read as one.',
    ]);
    expect(parsed.funding.map((l) => [l.service, l.allocations])).toEqual([
      ['CCTV upgrade – north and east', [{ year: 2023, amount: 110_000_000 }]],
      ['CCTV upgrade – south and west', [{ year: 2023, amount: 40_000_000 }]],
      ['CCTV upgrade – Home Office match', [{ year: 2023, amount: 50_000_000 }]],
    ]);
    expect(parsed.signatures).toEqual([
      { key: 'decision-maker', date: '2023-03-31' },
      { key: 'chief-executive', date: '2023-03-29' },
    ]);
    expect(parsed.approved).toBe(true);
    expect(parsed.part1Deferral).toEqual({
      until: '2023-09-30',
      reason: 'Publication would prejudice the procurement of the cameras.',
    });
    expect(parsed.totalsCheck[0]).toEqual({
      stated: 200_000_000,
      computed: 200_000_000,
      matches: true,
      label: 'the Total row of funding table 1 (2023/24)',
    });

    const { decision, flags } = importedDecision(parsed, mopacProfile, { actor, now, asApproved: true });
    expect(decision.status).toBe('approved');
    expect(flags).toEqual(parsed.unread);
  });

  it('reads numbered headings ("1. Executive Summary", "2. Recommendation(s):"), "(i)" items and a table whose year is in its caption', async () => {
    const parsed = await imported('pcd-1302-prose-small-table.txt', mopacProfile);
    expect(parsed.unread).toEqual([]);
    expect(parsed.ref).toBe('PCD 1302');
    expect(parsed.summary).toMatch(/^Custody navigators work with children/);
    expect(parsed.recommendations).toEqual([
      'approve expenditure of £125,000 in 2023/24 on the custody navigator service and its evaluation;',
      'note that the service will be re-procured for 2024/25 onwards under a separate decision.',
    ]);
    expect(parsed.funding).toEqual([
      {
        service: 'Navigator service (St Giles Trust)',
        source: 'VRU budget',
        allocations: [{ year: 2023, amount: 8_500_000 }],
      },
      { service: 'Independent evaluation', source: 'VRU budget', allocations: [{ year: 2023, amount: 4_000_000 }] },
    ]);
    expect(parsed.backgroundPapers).toEqual(['PCD 980 Custody Navigators Pilot 2021/22']);
    expect(parsed.citedRefs).toEqual(['PCD 980']);
    expect(parsed.signatures).toEqual([{ key: 'decision-maker', date: '2023-04-04' }]);
    expect(parsed.totalsCheck).toEqual([
      {
        stated: 12_500_000,
        computed: 12_500_000,
        matches: true,
        label: 'all funding lines (Navigator service (St Giles Trust), Independent evaluation)',
      },
    ]);
  });
});

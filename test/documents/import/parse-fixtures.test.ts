import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDecisionDocument } from '../../../documents/import/parse-decision';
import { importedDecision } from '../../../documents/import/to-decision';
import { glaProfile, mopacProfile } from '../../fixtures/profiles';

const documents = path.resolve(__dirname, '../../fixtures/documents');
const read = (name: string): string => readFileSync(path.join(documents, name), 'utf8');
const actor = { aadObjectId: '00000000-0000-4000-8000-000000000999', name: 'Import Officer' };
const now = '2026-11-25T20:00:00.000Z';

describe('parseDecisionDocument on other layouts', () => {
  it('reads a GLA Mayoral Decision: "Decision required", £1.8m, a pipe table over 2023/24 and 2024/25, a deferral', () => {
    const parsed = parseDecisionDocument(read('gla-md2008.md'), glaProfile);
    expect(parsed.unread).toEqual([]);
    expect(parsed.ref).toBe('MD 2008');
    expect(parsed.title).toBe('London Community Resilience Fund 2023-25');
    expect(parsed.summary).toMatch(/^The London Community Resilience Fund supports/);
    expect(parsed.recommendations).toEqual([
      'expenditure of up to £1.8m over 2023/24 and 2024/25 on the London Community Resilience Fund, a total commitment of £1.8m;',
      'the receipt of £250k from London Councils as a contribution to the grants programme.',
    ]);
    expect(parsed.funding).toEqual([
      {
        service: 'Community grants',
        source: 'Communities and Skills budget',
        allocations: [
          { year: 2023, amount: 70_000_000 },
          { year: 2024, amount: 80_000_000 },
        ],
      },
      {
        service: 'Grant management partner',
        source: 'Communities and Skills budget',
        allocations: [
          { year: 2023, amount: 15_000_000 },
          { year: 2024, amount: 15_000_000 },
        ],
      },
    ]);
    expect(parsed.citedRefs).toEqual(['MD 1997', 'MD 2345/2022']);
    expect(parsed.part1Deferral).toEqual({
      until: '2023-04-30',
      reason: 'The grant recipients are to be told before the fund is announced.',
    });
    expect(parsed.hasPart2).toBe(false);
    expect(parsed.signatures).toEqual([
      { key: 'decision-maker', date: '2023-03-31' },
      { key: 'chief-executive', date: '2023-03-30' },
    ]);
    expect(parsed.statedTotals).toEqual([180_000_000, 85_000_000, 95_000_000]);
    expect(parsed.totalsCheck.every((c) => c.matches)).toBe(true);

    const { decision, flags } = importedDecision(parsed, glaProfile, { actor, now, asApproved: true });
    expect(flags).toEqual([]);
    expect(decision).toMatchObject({
      ref: 'MD 2008',
      status: 'approved',
      decisionMakerRole: 'mayor',
      part1Deferral: { until: '2023-04-30' },
    });
    // 31 March 2023 is in British Summer Time: the London day starts at 23:00 UTC the day before.
    expect(decision.approvedAt).toBe('2023-03-30T23:00:00.000Z');
  });

  it('reads a Director Decision with an "Executive Director approval" block dated 4 April 2023', () => {
    const parsed = parseDecisionDocument(read('dd2301.txt'), glaProfile);
    expect(parsed.unread).toEqual([]);
    expect(parsed.ref).toBe('DD 2301');
    expect(parsed.recommendations).toEqual([
      'expenditure of £95,000 in 2023/24 on an independent evaluation of the youth violence outreach pilot.',
    ]);
    expect(parsed.funding).toEqual([
      {
        service: 'Youth violence outreach evaluation',
        source: 'Violence Reduction budget',
        allocations: [{ year: 2023, amount: 9_500_000 }],
      },
    ]);
    expect(parsed.backgroundPapers).toEqual([]);
    expect(parsed.signatures).toEqual([{ key: 'decision-maker', date: '2023-04-04' }]);
    expect(parsed.approved).toBe(true);
    expect(parsed.totalsCheck).toEqual([
      {
        stated: 9_500_000,
        computed: 9_500_000,
        matches: true,
        label: 'all funding lines (Youth violence outreach evaluation)',
      },
    ]);

    const { decision, flags } = importedDecision(parsed, glaProfile, { actor, now, asApproved: true });
    expect(decision.status).toBe('approved');
    // £95,000 is over £50,000: the Executive Director's under the GLA scheme.
    expect(decision.decisionMakerRole).toBe('executive-director');
    expect(flags).toEqual([
      'Signatures: the document has no Chief Officer signature date; the decision is recorded as approved without it.',
    ]);
  });

  it('reads a multi-year pipe table with a Total column and row, amounts like £1.2m', () => {
    const parsed = parseDecisionDocument(read('multi-year-pipe.md'), mopacProfile);
    expect(parsed.unread).toEqual([]);
    expect(parsed.ref).toBe('PCD 1101');
    expect(parsed.funding).toEqual([
      {
        service: 'Independent Sexual Violence Advisers',
        source: 'Ministry of Justice Grant',
        allocations: [
          { year: 2023, amount: 120_000_000 },
          { year: 2024, amount: 100_000_000 },
          { year: 2025, amount: 80_000_000 },
        ],
      },
      {
        service: 'Hate Crime Advocacy',
        source: 'Core funding',
        allocations: [
          { year: 2023, amount: 40_000_000 },
          { year: 2024, amount: 40_000_000 },
          { year: 2025, amount: 40_000_000 },
        ],
      },
    ]);
    expect(parsed.statedTotals).toEqual([420_000_000, 160_000_000, 140_000_000, 120_000_000]);
    expect(parsed.totalsCheck).toHaveLength(7);
    expect(parsed.totalsCheck.every((c) => c.matches)).toBe(true);
    // The decision maker's block is there but undated: not approved.
    expect(parsed.signatures).toEqual([]);
    expect(parsed.approved).toBe(false);
  });

  it('reads odd spellings: "£ 40,000", "£ 10k", "FY2022-23" and "22/23" headers, "1)" items, dates like 26.11.2021, CRLF', () => {
    const parsed = parseDecisionDocument(read('odd-spellings.txt'), mopacProfile);
    expect(parsed.unread).toEqual([]);
    expect(parsed.ref).toBe('PCD 1102');
    expect(parsed.recommendations).toEqual(['Approve the extension of two services in FY2022-23.']);
    expect(parsed.funding).toEqual([
      { service: 'MAPPA', source: 'Police Grant', allocations: [{ year: 2022, amount: 4_000_000 }] },
      {
        service: 'Integrated Offender Management',
        source: 'Core funding',
        allocations: [{ year: 2022, amount: 6_500_000 }],
      },
      {
        service: 'Drug Intervention Programme',
        source: 'Police Grant',
        allocations: [{ year: 2022, amount: 1_000_000 }],
      },
    ]);
    expect(parsed.signatures).toEqual([
      { key: 'decision-maker', date: '2021-11-26' },
      { key: 'chief-executive', date: '2021-11-24' },
    ]);
    expect(parsed.totalsCheck).toEqual([
      {
        stated: 10_500_000,
        computed: 10_500_000,
        matches: true,
        label: 'funding table 1 (MAPPA, Integrated Offender Management)',
      },
    ]);
  });

  it('flags a stated total the lines do not add up to, and names the amount it could not read', () => {
    const parsed = parseDecisionDocument(read('total-mismatch.md'), mopacProfile);
    expect(parsed.funding.map((l) => l.service)).toEqual(['Drug Testing in Police Custody', 'MAPPA', 'GPS Tagging']);
    expect(parsed.unread).toEqual([
      'Funding table 1, row "Restorative Justice": the amount "£TBC" could not be read as money.',
    ]);
    expect(parsed.totalsCheck).toEqual([
      {
        stated: 150_000_000,
        computed: 141_000_000,
        matches: false,
        label: 'the Total row of funding table 1 (2023/24)',
      },
      expect.objectContaining({ stated: 160_000_000, computed: null, matches: false }),
    ]);
    const { flags } = importedDecision(parsed, mopacProfile, { actor, now, asApproved: false });
    expect(flags).toEqual([
      'Funding table 1, row "Restorative Justice": the amount "£TBC" could not be read as money.',
      'Totals: the document states £1,500,000 for the Total row of funding table 1 (2023/24), but its lines add up to £1,410,000.',
      expect.stringMatching(
        /^Totals: the document states £1,600,000 in "This decision requests funding for three projects at a total financial commit\.\.\.": no line, table or year adds up to it \(all lines come to £1,410,000\)\.$/,
      ),
    ]);
  });

  it('names every part it could not find in a document that has only a reference', () => {
    const parsed = parseDecisionDocument('Decision 44/2020\n\nSome notes.\n\n£470,000\n', mopacProfile);
    expect(parsed.ref).toBe('Decision 44/2020');
    expect(parsed.unread).toEqual([
      'Title: no line starting "Title:" was found.',
      'Executive summary: no "Executive Summary" part with text was found.',
      'Recommendations: no "Recommendation" or "Decision required" part with items was found.',
      'Funding: no funding table with a financial-year column (such as "22/23" or "2023/24") was found.',
      'Funding: the amount "£470,000" stands alone outside any table (a table pasted one cell per line?); give tables as tab-separated or Markdown rows.',
      'Part 1 deferral: the question "Is the publication of Part 1 of this approval to be deferred?" was not found; read as not deferred.',
      'Part 2: the question "Is there a Part 2 form" was not found; read as no Part 2.',
    ]);
  });

  it('names a table with amounts but no year column, and a signature date it cannot read', () => {
    const doc = [
      'DMPC Decision – PCD 1200',
      'Title: T',
      'Service\tCost\tSource',
      'A\t£5\tGrant',
      'The above request has my approval.',
      'Date 31st Smarch 2023',
    ].join('\n');
    const parsed = parseDecisionDocument(doc, mopacProfile);
    expect(parsed.unread).toEqual(
      expect.arrayContaining([
        'Funding: the table headed "Service | Cost | Source" has amounts but no column naming a financial year (such as "2022/23"), so its lines were not read.',
        `Signatures: the decision maker's signature date "31st Smarch 2023" could not be read as a date (write it like 26-11-21, 31/03/2023 or 4 April 2023).`,
      ]),
    );
    expect(parsed.approved).toBe(false);
  });

  it('takes the year of a table whose amount column names none from the title', () => {
    const doc = [
      'DMPC Decision – PCD 1201',
      'Title: Knife Crime - 2024/25 Commissioning',
      'Service\tAllocation\tFunding Source',
      'Bleed kits\t£12,500\tCore funding',
    ].join('\n');
    expect(parseDecisionDocument(doc, mopacProfile).funding).toEqual([
      { service: 'Bleed kits', source: 'Core funding', allocations: [{ year: 2024, amount: 1_250_000 }] },
    ]);
  });

  it('reads a service whose name begins with "Total" as a line, and a "Grand total" row as a total', () => {
    const doc = [
      'DMPC Decision – PCD 1202',
      'Title: T',
      'Service\t2024/25\tFunding Source',
      'Total Place pilot\t£10,000\tCore funding',
      'Grand total:\t£10,000\t',
    ].join('\n');
    const parsed = parseDecisionDocument(doc, mopacProfile);
    expect(parsed.funding.map((l) => l.service)).toEqual(['Total Place pilot']);
    expect(parsed.totalsCheck).toEqual([
      { stated: 1_000_000, computed: 1_000_000, matches: true, label: 'the Total row of funding table 1 (2024/25)' },
    ]);
  });
  it('does not take a part of a total ("of which", "including") for a total the lines must add up to', () => {
    const doc = [
      'DMPC Decision – PCD 1203',
      'Title: Street lighting pilot',
      'The total cost is £30,000 in 2024/25, of which £7,500 is met by the borough. The commitment is £30,000 including £2,000 for evaluation.',
      'Service\t2024/25\tFunding Source',
      'Lighting\t£30,000\tCore funding',
    ].join('\n');
    const parsed = parseDecisionDocument(doc, mopacProfile);
    expect(parsed.statedTotals).toEqual([3_000_000]);
    expect(parsed.totalsCheck).toEqual([
      { stated: 3_000_000, computed: 3_000_000, matches: true, label: 'all funding lines (Lighting)' },
    ]);
  });
});

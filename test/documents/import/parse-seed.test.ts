import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDecisionDocument } from '../../../documents/import/parse-decision';
import { mopacProfile } from '../../fixtures/profiles';

const seedPath = path.resolve(__dirname, '../../fixtures/PCD-1065.md');
const parsed = parseDecisionDocument(readFileSync(seedPath, 'utf8'), mopacProfile);

describe('parseDecisionDocument on the seed, PCD 1065', () => {
  it('reads the reference and title from the title block', () => {
    expect(parsed.ref).toBe('PCD 1065');
    expect(parsed.title).toBe('Criminal Justice System - 2022/23 Commissioning Decisions');
  });

  it('reads the executive summary, with "£" restored where the conversion wrote "$\\pm$"', () => {
    expect(parsed.summary).toMatch(/^Recognising that repeat offenders/);
    expect(parsed.summary).toContain('- MAPPA funding contribution for London Executive Office of the MAPPA');
    expect(parsed.summary).toMatch(/For a total financial commitment of £3,740,000\.$/);
    expect(parsed.summary).not.toContain('Recommendation');
  });

  it('reads the three numbered recommendations without their introduction', () => {
    expect(parsed.recommendations).toEqual([
      'Approve the one-year funding of three Criminal Justice System projects in 2022/23, at a total financial commitment of £1,410,000.',
      'Approve a three-year budget for the Female Offenders wraparound service from 2022/23 -2024/25 at a total financial commitment of £2,330,000',
      'Delegate responsibility for agreeing the specific terms and amounts relating to individual grants, contracts or extensions to the Director of Commissioning and Partnerships.',
    ]);
  });

  it('reads both funding tables: the single-year table without its Total row, and the multi-year table', () => {
    expect(parsed.funding).toEqual([
      {
        service: 'Drug Testing in Police Custody',
        source: 'Police Grant',
        allocations: [{ year: 2022, amount: 47_000_000 }],
      },
      // The document spells MAPPA with Cyrillic letters; they are read as the Latin ones they look like.
      { service: 'MAPPA', source: 'Police Grant', allocations: [{ year: 2022, amount: 4_000_000 }] },
      { service: 'GPS Tagging', source: 'Core funding', allocations: [{ year: 2022, amount: 90_000_000 }] },
      {
        service: "Women's wrap around service",
        source: 'Police Grant',
        allocations: [
          { year: 2022, amount: 92_000_000 },
          { year: 2023, amount: 76_000_000 },
          { year: 2024, amount: 65_000_000 },
        ],
      },
    ]);
  });

  it('reads the background papers 9.1-9.3 and the decisions they cite', () => {
    expect(parsed.backgroundPapers).toHaveLength(3);
    expect(parsed.backgroundPapers[0]).toBe(
      'PCD 849 was signed in October 2020, and approved funding in 2021/22 for all of the services continued within this decision.',
    );
    expect(parsed.backgroundPapers[1]).not.toContain('<u>');
    expect(parsed.citedRefs).toEqual(['PCD 849', 'PCD 948', 'PCD 498']);
  });

  it('reads the Part 1 deferral and Part 2 answers (both NO)', () => {
    expect(parsed.part1Deferral).toBeNull();
    expect(parsed.hasPart2).toBe(false);
  });

  it('reads both signature dates, 26-11-21, and so reads the decision as approved', () => {
    expect(parsed.signatures).toEqual(
      expect.arrayContaining([
        { key: 'decision-maker', date: '2021-11-26' },
        { key: 'chief-executive', date: '2021-11-26' },
      ]),
    );
    expect(parsed.signatures).toHaveLength(2);
    expect(parsed.approved).toBe(true);
  });

  it('finds the stated totals and checks the lines against each of them', () => {
    expect(parsed.statedTotals).toEqual([141_000_000, 233_000_000, 374_000_000]);
    const byAmount = (amount: number) => parsed.totalsCheck.filter((c) => c.stated === amount);
    expect(byAmount(141_000_000).every((c) => c.matches && c.computed === 141_000_000)).toBe(true);
    expect(byAmount(141_000_000).map((c) => c.label)).toContain(
      'funding table 1 (Drug Testing in Police Custody, MAPPA, GPS Tagging)',
    );
    expect(byAmount(141_000_000).map((c) => c.label)).toContain('the Total row of funding table 1 (2022/23)');
    expect(byAmount(233_000_000)).toEqual([
      {
        stated: 233_000_000,
        computed: 233_000_000,
        matches: true,
        label: "funding table 2 (Women's wrap around service)",
      },
    ]);
    expect(byAmount(374_000_000)).toEqual([
      expect.objectContaining({
        computed: 374_000_000,
        matches: true,
        label: expect.stringMatching(/^all funding lines/),
      }),
    ]);
  });

  it('leaves nothing unread', () => {
    expect(parsed.unread).toEqual([]);
  });
});

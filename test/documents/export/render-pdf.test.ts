import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodePng } from '../../../scripts/png';
import { renderPdf, winAnsi } from '../../../documents/export/render-pdf';
import { mopacProfile } from '../../fixtures/profiles';
import { seedDecision } from '../../fixtures/seed-decision';
import { pdfPageCount, pdfStructureProblems, pdfTextRuns } from './pdf-reader';

/** `runs` contains `sequence` as consecutive entries. */
function containsRun(runs: readonly string[], sequence: readonly string[]): boolean {
  return runs.some((_, i) => sequence.every((s, j) => runs[i + j] === s));
}

describe('renderPdf', () => {
  let pdf: Buffer;
  let runs: string[];
  beforeAll(async () => {
    pdf = await renderPdf(seedDecision(), mopacProfile, { heading: 'DMPC Decision' });
    runs = pdfTextRuns(pdf);
  });

  it('is a well-formed PDF file', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfStructureProblems(pdf)).toEqual([]);
    expect(pdfPageCount(pdf)).toBeGreaterThanOrEqual(2);
  });

  it('shows the title block and recommendations', () => {
    expect(runs.slice(0, 4)).toEqual([
      'MOPAC',
      "MAYOR'S OFFICE FOR POLICING AND CRIME",
      'DMPC Decision – PCD 1065',
      'Title: Criminal Justice System - 2022/23 Commissioning Decisions',
    ]);
    expect(runs.some((r) => r.startsWith('1. Approve the one-year funding'))).toBe(true);
  });

  it('shows the funding table with its years, lines, sources and totals', () => {
    expect(containsRun(runs, ['Service', '2022/23', '2023/24', '2024/25', 'Total', 'Funding Source'])).toBe(true);
    expect(containsRun(runs, ['GPS Tagging', '£900,000', '£900,000', 'Core funding'])).toBe(true);
    expect(
      containsRun(runs, [
        "Women's wrap around service",
        '£920,000',
        '£760,000',
        '£650,000',
        '£2,330,000',
        'Police Grant',
      ]),
    ).toBe(true);
    expect(containsRun(runs, ['Total', '£2,330,000', '£760,000', '£650,000', '£3,740,000'])).toBe(true);
  });

  it('shows both signature blocks with names and dates, and only whether a Part 2 exists', () => {
    expect(
      containsRun(runs, [
        'The above request has my approval.',
        'Signature: Deputy Mayor for Policing and Crime',
        'Date: 26 November 2021',
      ]),
    ).toBe(true);
    expect(runs).toContain('Chief Executive Officer');
    expect(containsRun(runs, ['Signature: Chief Executive Officer', 'Date: 26 November 2021'])).toBe(true);
    expect(runs).toContain('Is there a Part 2 form - NO');
    expect(runs).toContain('Is the publication of Part 1 of this approval to be deferred? NO');
  });

  it('lists the declaration with who confirmed each item and when', () => {
    // Cells wrap onto several runs; read the table as running text.
    const text = runs.join(' ').replace(/\s+/g, ' ');
    expect(text).toContain(
      'Drafting Officer The drafting officer has drafted this report in accordance with MOPAC procedures. Ruth Bloomfield, 23 November 2021',
    );
    expect(text).toContain('Item Statement Tick Confirmed by Financial Advice');
  });

  it('is the same file for the same decision', async () => {
    expect((await renderPdf(seedDecision(), mopacProfile, { heading: 'DMPC Decision' })).equals(pdf)).toBe(true);
  });

  it('breaks a long funding table over pages, repeating its header', async () => {
    const funding = Array.from({ length: 80 }, (_, i) => ({
      id: `s${i}`,
      service: `Service number ${i}`,
      source: 'Core funding',
      allocations: [{ year: 2023, amount: 100_000 + i }],
    }));
    const long = await renderPdf(seedDecision({ funding }), mopacProfile);
    expect(pdfStructureProblems(long)).toEqual([]);
    const longRuns = pdfTextRuns(long);
    expect(longRuns.filter((r) => r === 'Funding Source').length).toBeGreaterThanOrEqual(2);
    expect(longRuns).toContain('Service number 79');
  });

  it('shows a deferral with its reason and date, a Part 2 as YES, and empty signature lines while unsigned', async () => {
    const decision = seedDecision({
      status: 'awaiting_decision_maker',
      approvedAt: null,
      signatures: {},
      hasPart2: true,
      part1Deferral: { until: '2022-04-01', reason: 'Contract negotiations are ongoing.' },
    });
    const text = pdfTextRuns(await renderPdf(decision, mopacProfile))
      .join(' ')
      .replace(/\s+/g, ' ');
    expect(text).toContain(
      'Is the publication of Part 1 of this approval to be deferred? YES If yes, for what reason: Contract negotiations are ongoing. Until what date: 1 April 2022',
    );
    expect(text).toContain('Is there a Part 2 form - YES');
    expect(text).toContain('The above request has my approval. Signature: Date: ');
  });

  it('prints characters the standard fonts lack as "?"', () => {
    expect(winAnsi('Café – £5 ✓ МАРРА')).toBe('Café – £5 ? ?????');
  });

  it('opens in a real PDF reader: pdf.js counts the pages, finds the totals and draws page 1', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pdf-'));
    try {
      writeFileSync(path.join(dir, 'p.pdf'), pdf);
      const read = JSON.parse(
        execFileSync(process.execPath, [
          path.join(__dirname, 'pdfjs-read.mjs'),
          path.join(dir, 'p.pdf'),
          path.join(dir, 'page-1.png'),
        ]).toString('utf8'),
      ) as { pages: number; text: string[] };
      expect(read.pages).toBe(pdfPageCount(pdf));
      expect(read.text[0]).toContain('DMPC Decision – PCD 1065');
      expect(read.text.join('\n')).toContain('£3,740,000');
      // A4 at 50 dpi, with ink on it: the text is drawn, not just an empty page.
      const page1 = decodePng(readFileSync(path.join(dir, 'page-1.png')));
      expect([page1.width, page1.height]).toEqual([414, 585]);
      let inked = 0;
      for (let i = 0; i < page1.pixels.length; i += 4)
        if (page1.pixels[i + 3]! > 128 && page1.pixels[i]! < 128) inked++;
      expect(inked / (page1.width * page1.height)).toBeGreaterThan(0.01);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

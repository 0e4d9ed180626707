import { regroupCellPerLineTables } from '../../../documents/import/cell-per-line-tables';
import { documentLines } from '../../../documents/import/document-text';
import { parseDecisionDocument } from '../../../documents/import/parse-decision';
import { mopacProfile } from '../../fixtures/profiles';

const texts = (text: string): string[] => regroupCellPerLineTables(documentLines(text)).map((l) => l.text);

describe('regroupCellPerLineTables', () => {
  it('regroups a multi-year table and its Total row into tab-separated rows', () => {
    const text = [
      'Intro.',
      'Service',
      '2023/24',
      '2024/25',
      'Funding Source',
      'Youth work',
      '£1,000',
      '£2,000',
      'Core funding',
      'Outreach',
      '£500',
      '-',
      'Police Grant',
      'Total',
      '£1,500',
      '£2,000',
      'After.',
    ].join('\n');
    expect(texts(text)).toEqual([
      'Intro.',
      'Service\t2023/24\t2024/25\tFunding Source',
      'Youth work\t£1,000\t£2,000\tCore funding',
      'Outreach\t£500\t-\tPolice Grant',
      'Total\t£1,500\t£2,000',
      'After.',
    ]);
  });

  it('stops where a row does not fit (an empty cell was lost) and the parser names the loose amounts', () => {
    const text = [
      'DMPC Decision – PCD 1300',
      'Title: T',
      'Service',
      '2023/24',
      '2024/25',
      'Funding Source',
      'Youth work',
      '£1,000',
      '£2,000',
      'Core funding',
      'Outreach',
      '£500',
      'Police Grant',
      'Detached work',
      '£700',
      '£800',
      'Core funding',
    ].join('\n');
    expect(texts(text).slice(2, 4)).toEqual([
      'Service\t2023/24\t2024/25\tFunding Source',
      'Youth work\t£1,000\t£2,000\tCore funding',
    ]);
    const parsed = parseDecisionDocument(text, mopacProfile);
    expect(parsed.funding.map((l) => l.service)).toEqual(['Youth work']);
    expect(parsed.unread).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Funding: the amount "£500" stands alone outside any table'),
        expect.stringContaining('Funding: the amount "£700" stands alone outside any table'),
        expect.stringContaining('Funding: the amount "£800" stands alone outside any table'),
      ]),
    );
  });

  it('leaves prose that merely starts with "Service" alone', () => {
    const text = ['Services', 'are listed in the annex.', 'Service', 'Notes follow.'].join('\n');
    expect(texts(text)).toEqual(['Services', 'are listed in the annex.', 'Service', 'Notes follow.']);
  });
});

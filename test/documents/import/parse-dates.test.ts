import fc from 'fast-check';
import { findDocumentDate, parseDocumentDate } from '../../../documents/import/parse-dates';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

describe('parseDocumentDate', () => {
  it.each([
    ['26-11-21', '2021-11-26'],
    ['31/03/2023', '2023-03-31'],
    ['4 April 2023', '2023-04-04'],
    ['26.11.2021', '2021-11-26'],
    ['4th Apr 2023', '2023-04-04'],
    ['1st of September 2022', '2022-09-01'],
    ['Sept 3, 2022', '2022-09-03'],
    ['April 4, 2023', '2023-04-04'],
    ['2023-04-04', '2023-04-04'],
    ['4/4/23', '2023-04-04'],
    ['29/02/2024', '2024-02-29'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseDocumentDate(text)).toBe(iso);
  });

  it.each([
    '',
    '31/02/2023',
    '29/02/2023',
    '13/13/2023',
    '4 Smarch 2023',
    '2023',
    'tomorrow',
    '00/01/2023',
    '4 Ma 2023',
  ])('refuses %j', (text) => {
    expect(parseDocumentDate(text)).toBeNull();
  });

  it('reads every real day back from each way of writing it (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        (date) => {
          const iso = date.toISOString().slice(0, 10);
          const [y, m, d] = iso.split('-') as [string, string, string];
          const month = MONTHS[Number(m) - 1] as string;
          for (const text of [
            `${d}-${m}-${y.slice(2)}`,
            `${d}/${m}/${y}`,
            `${d}.${m}.${y}`,
            `${Number(d)} ${month} ${y}`,
            `${Number(d)} ${month.slice(0, 3)} ${y}`,
            iso,
          ]) {
            expect(parseDocumentDate(text)).toBe(iso);
          }
        },
      ),
    );
  });
});

describe('findDocumentDate', () => {
  it('finds a date inside a line', () => {
    expect(findDocumentDate('Signed: 4 April 2023 (by post)')).toBe('2023-04-04');
    expect(findDocumentDate('no date here')).toBeNull();
  });
});

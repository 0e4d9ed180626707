import { readAmount, unitScaleOf } from '../../../documents/import/read-amount';

describe('readAmount', () => {
  it.each([
    ['£470,000', 47_000_000],
    ['£4.2m', 420_000_000],
    ['£1.5 million', 150_000_000],
    ['£250k', 25_000_000],
    ['£2,000,000.00', 200_000_000],
    ['*£40,000*', 4_000_000],
    ['£1.5m (£1,500,000)', 150_000_000],
    ['470000', 47_000_000],
  ])('reads %s as %i pence', (cell, pence) => {
    expect(readAmount(cell)).toBe(pence);
  });

  it.each(['', '-', '–', 'nil', 'N/A', '£0', '£0.00'])('reads %j as no amount', (cell) => {
    expect(readAmount(cell)).toBeNull();
  });

  it.each(['(£500,000)', '-£500,000', '−£500,000', '– £20k'])(
    'names the negative %s instead of reading it as positive',
    (cell) => {
      expect(readAmount(cell)).toEqual({
        unreadable: cell,
        why: 'it is negative (income or a saving?), which a funding line cannot hold',
      });
    },
  );

  it('names a cell with two different amounts', () => {
    expect(readAmount('£100,000 revenue, £50,000 capital')).toEqual({
      unreadable: '£100,000 revenue, £50,000 capital',
      why: 'the cell holds more than one amount',
    });
  });

  it('scales bare numbers by the table unit, and leaves amounts written in pounds alone', () => {
    expect(readAmount('1,000', 1_000)).toBe(100_000_000);
    expect(readAmount('1.4', 1_000_000)).toBe(140_000_000);
    expect(readAmount('£1,000', 1_000)).toBe(100_000);
    expect(readAmount('£TBC', 1_000)).toEqual({ unreadable: '£TBC' });
  });
});

describe('unitScaleOf', () => {
  it.each([
    [['Budget line (£000)'], 1_000],
    [["£'000s"], 1_000],
    [['(£k)'], 1_000],
    [['Amounts are in £m'], 1_000_000],
    [['£ million'], 1_000_000],
    [['Service', '2024/25', 'The £4.2m will be met'], 1],
  ])('%j is in units of £%i', (texts, scale) => {
    expect(unitScaleOf(texts)).toBe(scale);
  });
});

import fc from 'fast-check';
import { DomainError, ErrorCode } from '../../domain/errors';
import { formatMoney, MAX_PENCE, parseMoney, sumPence } from '../../domain/money';
import { errorOf } from './domain-error';

describe('parseMoney', () => {
  it.each([
    ['£470,000', 47_000_000],
    ['£3,183,094.27', 318_309_427],
    ['£4.2m', 420_000_000],
    ['£4.25m', 425_000_000],
    ['£1.8million', 180_000_000],
    ['£1.8 million', 180_000_000],
    ['£950k', 95_000_000],
    ['470000', 47_000_000],
    ['£ 40,000', 4_000_000],
    ['470,000.5', 47_000_050],
    ['£0', 0],
    ['£0.01', 1],
    ['  £920,000  ', 92_000_000],
    ['£2bn', 200_000_000_000],
    ['£100,000,000,000', MAX_PENCE],
    ['£1.23456789m', 123_456_789],
    ['10p', 10],
    ['50 pence', 50],
    ['1,250p', 1250],
  ])('reads %s as %i pence', (text, pence) => {
    expect(parseMoney(text)).toBe(pence);
  });

  it('quotes the text and says what to type', () => {
    const e = errorOf(() => parseMoney('£abc'));
    expect(e.code).toBe(ErrorCode.InvalidInput);
    expect(e.message).toBe('I could not read "£abc" as an amount of money. Write it like £470,000 or £4.2m.');
  });

  it.each([
    ['', 'there is no amount'],
    ['£', 'there is no amount'],
    ['-£5', 'cannot be negative'],
    ['£-5', 'cannot be negative'],
    ['£1.234', 'more than two decimal places'],
    ['£1.230', 'more than two decimal places'],
    ['£4,70,000', 'groups of three'],
    ['£47,0000', 'groups of three'],
    ['£100,000,000,000.01', 'more than £100,000,000,000'],
    ['£101bn', 'more than £100,000,000,000'],
    ['£1.2345678912m', 'whole number of pence'],
    ['£4.2 apples', ''],
    ['1e6', ''],
    ['£.5', ''],
    ['10.5p', ''],
    ['100000000000001p', 'more than £100,000,000,000'],
  ])('rejects %j (%s)', (text, why) => {
    const e = errorOf(() => parseMoney(text));
    expect(e.code).toBe(ErrorCode.InvalidInput);
    expect(e.message).toContain(`"${text.trim()}"`);
    expect(e.message).toContain(why);
    expect(e.message).toContain('Write it like £470,000 or £4.2m.');
  });
});

describe('formatMoney', () => {
  it.each([
    [141_000_000, '£1,410,000'],
    [318_309_427, '£3,183,094.27'],
    [0, '£0'],
    [5, '£0.05'],
    [100, '£1'],
    [99_999_90, '£99,999.90'],
    [MAX_PENCE, '£100,000,000,000'],
  ])('shows %i pence as %s', (pence, text) => {
    expect(formatMoney(pence)).toBe(text);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %p', (value) => {
    expect(() => formatMoney(value)).toThrow(DomainError);
  });

  it('round-trips through parseMoney for any amount up to £100bn', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_PENCE }), (pence) => {
        expect(parseMoney(formatMoney(pence))).toBe(pence);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('sumPence', () => {
  it('adds PCD 1065 to £3,740,000', () => {
    expect(sumPence([47_000_000, 4_000_000, 90_000_000, 92_000_000, 76_000_000, 65_000_000])).toBe(374_000_000);
    expect(sumPence([])).toBe(0);
  });

  it('refuses values that are not whole pence and totals past the safe range', () => {
    expect(() => sumPence([1, 0.5])).toThrow(DomainError);
    expect(() => sumPence([Number.MAX_SAFE_INTEGER + 1])).toThrow(DomainError);
    expect(() => sumPence([Number.MAX_SAFE_INTEGER, 1])).toThrow('too large');
  });

  const amounts = fc.array(fc.integer({ min: 0, max: MAX_PENCE }), { maxLength: 50 });

  it('equals the BigInt sum', () => {
    fc.assert(
      fc.property(amounts, (values) => {
        expect(BigInt(sumPence(values))).toBe(values.reduce((a, b) => a + BigInt(b), 0n));
      }),
    );
  });

  it('is commutative and associative', () => {
    fc.assert(
      fc.property(amounts, amounts, amounts, (a, b, c) => {
        expect(sumPence([...a, ...b])).toBe(sumPence([...b, ...a]));
        expect(sumPence([sumPence([...a, ...b]), ...c])).toBe(sumPence([...a, sumPence([...b, ...c])]));
        expect(sumPence([...a].reverse())).toBe(sumPence(a));
      }),
    );
  });
});

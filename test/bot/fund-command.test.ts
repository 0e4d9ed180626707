import { DomainError } from '../../src/domain/errors';
import { parseAllocations, parseFundCommand } from '../../src/bot/fund-command';

describe('the fund command grammar', () => {
  test("reads the seed's multi-year line", () => {
    const cmd = parseFundCommand("PCD 1065 | Women's wrap around service | 2022/23 £920,000, 2023/24 £760,000, 2024/25 £650,000 | Police Grant");
    expect(cmd).toEqual({
      ref: 'PCD 1065',
      service: "Women's wrap around service",
      source: 'Police Grant',
      allocations: [
        { year: 2022, amount: 92_000_000 },
        { year: 2023, amount: 76_000_000 },
        { year: 2024, amount: 65_000_000 },
      ],
    });
  });

  test('reads other spellings of years and amounts', () => {
    expect(parseAllocations('FY2023-24 £4.2m, 22/23 470000')).toEqual([
      { year: 2022, amount: 47_000_000 },
      { year: 2023, amount: 420_000_000 },
    ]);
  });

  const refusal = (args: string): string => {
    try {
      parseFundCommand(args);
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      return (e as DomainError).message;
    }
    throw new Error('expected a refusal');
  };

  test.each([
    ['PCD 1065 | MAPPA | 2022/23 £40,000', /four parts .* I found 3/],
    ['PCD 1065 | MAPPA | 2022/23 £abc | Police Grant', /"£abc"/],
    ['PCD 1065 | MAPPA | 2022/24 £40,000 | Police Grant', /"2022\/24" is not a financial year/],
    ['PCD 1065 | MAPPA | next year £40,000 | Police Grant', /"next year £40,000"/],
    ['PCD 1065 |  | 2022/23 £40,000 | Police Grant', /service name is missing/],
    ['PCD 1065 | MAPPA | 2022/23 £40,000 | ', /funding source is missing/],
    ['PCD 1065 | MAPPA | 2022/23 £40,000, 2022/23 £1 | Police Grant', /appears twice/],
  ])('quotes what it could not read in %s', (args, pattern) => {
    const message = refusal(args);
    expect(message).toMatch(pattern);
    expect(message).toContain('Type it like this: fund PCD 1065 |');
  });
});

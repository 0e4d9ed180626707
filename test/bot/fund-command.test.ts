import { DomainError } from '../../domain/errors';
import { parseAllocations, parseFundCommand } from '../../bot/fund-command';

describe('the fund command grammar', () => {
  test("reads the seed's multi-year line", () => {
    const cmd = parseFundCommand(
      "PCD 1065 | Women's wrap around service | 2022/23 £920,000, 2023/24 £760,000, 2024/25 £650,000 | Police Grant",
    );
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

  test.each([
    ['£1.5m 2024/25', [{ year: 2024, amount: 150_000_000 }]],
    ['10p 24/25', [{ year: 2024, amount: 10 }]],
    ['2022/23: £40,000', [{ year: 2022, amount: 4_000_000 }]],
    [
      '2022/23 £40,000; 2023/24 £1',
      [
        { year: 2022, amount: 4_000_000 },
        { year: 2023, amount: 100 },
      ],
    ],
    [
      '2022/23 £40,000 2023/24 £1',
      [
        { year: 2022, amount: 4_000_000 },
        { year: 2023, amount: 100 },
      ],
    ],
    [
      '2022/23 £1 and 2023/24 £2',
      [
        { year: 2022, amount: 100 },
        { year: 2023, amount: 200 },
      ],
    ],
    [
      '£920,000 2022/23, £760,000 2023/24',
      [
        { year: 2022, amount: 92_000_000 },
        { year: 2023, amount: 76_000_000 },
      ],
    ],
  ])('reads %j, which can only mean one thing', (text, allocations) => {
    expect(parseAllocations(text)).toEqual(allocations);
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
    ['', /`fund` needs four parts after it, separated by "\|"/],
    ['PCD 1065 | MAPPA | £-5 2024/25 | Police Grant', /"£-5" as an amount of money: amounts cannot be negative/],
    ['PCD 1065 | MAPPA | 2022/23 £1.5m 2099/00 | Police Grant', /There is no amount for 2099\/00/],
    ['PCD 1065 | MAPPA | 2022 £40,000 | Police Grant', /I could not find a financial year in "2022 £40,000"/],
    ['PCD 1065 | MAPPA | £5 2024/25 extra | Police Grant', /I could not read "extra" after the last year/],
  ])('quotes what it could not read in %s', (args, pattern) => {
    const message = refusal(args);
    expect(message).toMatch(pattern);
    expect(message).toContain('Type it like this: fund PCD 1065 |');
  });
});

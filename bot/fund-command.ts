/**
 * The `fund` grammar: `fund <ref> | <service> | <FY> <amount>[, <FY> <amount>...] | <source>`.
 * Every failure quotes the part it could not read and shows the form to type.
 */
import { DomainError, ErrorCode } from '../domain/errors';
import { parseFinancialYear } from '../domain/financial-year';
import { parseMoney } from '../domain/money';
import type { Allocation } from '../domain/types';

export const FUND_EXAMPLE =
  "fund PCD 1065 | Women's wrap around service | 2022/23 £920,000, 2023/24 £760,000, 2024/25 £650,000 | Police Grant";

export interface FundCommand {
  readonly ref: string;
  readonly service: string;
  readonly source: string;
  readonly allocations: readonly Allocation[];
}

const invalid = (message: string): never => {
  throw new DomainError(ErrorCode.InvalidInput, `${message}\nType it like this: ${FUND_EXAMPLE}`);
};

/** Money and year refusals from the domain, with the whole command's form added. */
function withExample<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof DomainError) invalid(e.message);
    throw e;
  }
}

const YEAR = String.raw`(?:FY\s*)?\d{2}(?:\d{2})?\s*[/-]\s*\d{2}(?:\d{2})?`;
const YEARS_IN_TEXT = new RegExp(String.raw`(?<![\p{L}\d/.,£])${YEAR}(?![\d/])`, 'giu');
/** What may sit between a year and its amount, or between one year's amount and the next year. */
const trimSeparators = (text: string): string =>
  text
    .replace(/^[\s:=,;]+/, '')
    .replace(/(?:[\s,;\-–]|\band\b|&)+$/i, '')
    .trim();

/**
 * The years and amounts of one line: `2022/23 £920,000, 2023/24 £760,000`, also with `;`, `:` or
 * no comma between them, or each amount before its year (`£920,000 2022/23`).
 */
export function parseAllocations(text: string): Allocation[] {
  const shown = text.trim();
  if (shown === '') invalid('The funding part is empty: give each financial year and its amount.');
  const years = [...shown.matchAll(YEARS_IN_TEXT)].map((m) => ({
    text: m[0],
    start: m.index ?? 0,
    end: (m.index ?? 0) + m[0].length,
  }));
  if (years.length === 0)
    invalid(
      `I could not find a financial year in "${shown}": give each year with its amount, such as 2022/23 £920,000.`,
    );
  const yearFirst = years[0]!.start === 0;
  const pieces = years.map((year, i) => {
    const from = yearFirst ? year.end : i === 0 ? 0 : years[i - 1]!.end;
    const to = yearFirst ? (years[i + 1]?.start ?? shown.length) : year.start;
    return { year: year.text, amount: trimSeparators(shown.slice(from, to)) };
  });
  const leftOver = yearFirst ? '' : trimSeparators(shown.slice(years[years.length - 1]!.end));
  if (leftOver)
    invalid(
      `I could not read "${leftOver}" after the last year; give each year with its amount, such as 2022/23 £920,000.`,
    );
  const allocations: Allocation[] = [];
  for (const piece of pieces) {
    const year = withExample(() => parseFinancialYear(piece.year));
    if (!piece.amount)
      invalid(`There is no amount for ${piece.year}: give each year with its amount, such as 2022/23 £920,000.`);
    const amount = withExample(() => parseMoney(piece.amount));
    if (amount <= 0) invalid(`The amount for ${piece.year} must be more than £0 (got "${piece.amount}").`);
    if (allocations.some((a) => a.year === year)) invalid(`The year ${piece.year} appears twice in this line.`);
    allocations.push({ year, amount });
  }
  return allocations.sort((a, b) => a.year - b.year);
}

/** `args` is everything after `fund`. The reference is the first part, before the first `|`. */
export function parseFundCommand(args: string): FundCommand {
  if (args.trim() === '')
    invalid(
      '`fund` needs four parts after it, separated by "|": the reference, the service, each year with its amount, and the source.',
    );
  const parts = args.split('|').map((p) => p.trim());
  if (parts.length !== 4)
    invalid(
      `A funding line has four parts separated by "|" (reference | service | years and amounts | source); I found ${parts.length}.`,
    );
  const [ref, service, years, source] = parts as [string, string, string, string];
  if (!ref) invalid('The reference is missing before the first "|".');
  if (!service) invalid('The service name is missing (the second part).');
  if (!source) invalid('The funding source is missing (the last part), e.g. Police Grant or Core funding.');
  return { ref, service, source, allocations: parseAllocations(years) };
}

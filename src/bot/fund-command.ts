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
const splitAllocations = new RegExp(String.raw`,\s*(?=${YEAR}\s)`, 'i');
const allocation = new RegExp(String.raw`^(${YEAR})\s+(.+)$`, 'i');

export function parseAllocations(text: string): Allocation[] {
  const parts = text.split(splitAllocations).map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) invalid('The funding part is empty: give each financial year and its amount.');
  const allocations: Allocation[] = [];
  for (const part of parts) {
    const match = allocation.exec(part);
    if (!match) invalid(`I could not read "${part}" as a financial year and an amount, such as 2022/23 £920,000.`);
    const year = withExample(() => parseFinancialYear(match![1]!));
    const amount = withExample(() => parseMoney(match![2]!.trim()));
    if (amount <= 0) invalid(`The amount for ${match![1]} must be more than £0 (got "${match![2]}").`);
    if (allocations.some((a) => a.year === year)) invalid(`The year in "${part}" appears twice in this line.`);
    allocations.push({ year, amount });
  }
  return allocations.sort((a, b) => a.year - b.year);
}

/** `args` is everything after `fund`. The reference is the first part, before the first `|`. */
export function parseFundCommand(args: string): FundCommand {
  const parts = args.split('|').map((p) => p.trim());
  if (parts.length !== 4)
    invalid(`A funding line has four parts separated by "|" (reference | service | years and amounts | source); I found ${parts.length}.`);
  const [ref, service, years, source] = parts as [string, string, string, string];
  if (!ref) invalid('The reference is missing before the first "|".');
  if (!service) invalid('The service name is missing (the second part).');
  if (!source) invalid('The funding source is missing (the last part), e.g. Police Grant or Core funding.');
  return { ref, service, source, allocations: parseAllocations(years) };
}

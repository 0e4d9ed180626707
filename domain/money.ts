/**
 * Money as integer pence. Parsing works on the digits as text and BigInt, never through a float,
 * so "£3,183,094.27" is exactly 318309427 and "£4.2m" exactly 420000000.
 */
import { DomainError, ErrorCode } from './errors';
import type { Pence } from './types';

/** The largest amount a decision could sensibly hold: £100,000,000,000. */
export const MAX_PENCE: Pence = 10_000_000_000_000;

const HOW_TO_WRITE = 'Write it like £470,000 or £4.2m.';

/** Pence per unit of each written multiplier. */
const MULTIPLIERS: Readonly<Record<string, bigint>> = {
  '': 100n,
  k: 100_000n,
  thousand: 100_000n,
  m: 100_000_000n,
  million: 100_000_000n,
  bn: 100_000_000_000n,
  billion: 100_000_000_000n,
};

// Digits either plainly ("470000") or in correct groups of three ("470,000"), then optional
// decimals and an optional multiplier ("4.2m", "1.8 million", "950k").
const AMOUNT = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(k|thousand|m|million|bn|billion)?$/i;

// Whole pence written as such: "10p", "50 pence".
const PENCE = /^(\d{1,3}(?:,\d{3})+|\d{1,15})\s*(?:p|pence)$/i;

const invalid = (text: string, why: string): DomainError =>
  new DomainError(ErrorCode.InvalidInput, `I could not read "${text}" as an amount of money${why} ${HOW_TO_WRITE}`, {
    text,
  });

/** Reads an amount written the way people write money in a decision; throws INVALID_INPUT otherwise. */
export function parseMoney(text: string): Pence {
  const shown = text.trim();
  // Non-breaking and other Unicode spaces behave like ordinary ones.
  const body = shown
    .replace(/\s+/g, ' ')
    .replace(/^£\s*/, '')
    .replace(/^gbp\s*/i, '');
  if (body === '') throw invalid(shown, ': there is no amount in it.');
  if (/^[-−–(]/.test(body) || /^-/.test(shown)) throw invalid(shown, ': amounts cannot be negative.');
  const inPence = PENCE.exec(body);
  if (inPence) {
    const value = Number((inPence[1] ?? '').replace(/,/g, ''));
    if (value > MAX_PENCE) throw invalid(shown, `: it is more than ${formatMoney(MAX_PENCE)}.`);
    return value;
  }
  const match = AMOUNT.exec(body);
  if (!match) {
    const why = /\d,/.test(body) && /^[\d,]+(\.\d+)?$/.test(body) ? ': its commas are not in groups of three.' : '.';
    throw invalid(shown, why);
  }
  const [, whole = '', fraction = '', unit = ''] = match;
  if (unit === '' && fraction.length > 2) throw invalid(shown, ': it has more than two decimal places (pence).');
  const perUnit = MULTIPLIERS[unit.toLowerCase()] ?? 100n;
  const scale = 10n ** BigInt(fraction.length);
  const numerator = (BigInt(whole.replace(/,/g, '')) * scale + BigInt(fraction === '' ? '0' : fraction)) * perUnit;
  if (numerator % scale !== 0n) {
    throw invalid(shown, ': it does not come to a whole number of pence.');
  }
  const pence = numerator / scale;
  if (pence > BigInt(MAX_PENCE)) throw invalid(shown, `: it is more than ${formatMoney(MAX_PENCE)}.`);
  return Number(pence);
}

/** "£1,410,000" for whole pounds, "£3,183,094.27" otherwise. */
export function formatMoney(pence: Pence): string {
  assertPence(pence, 'format');
  if (pence < 0)
    throw new DomainError(ErrorCode.InvalidInput, `A negative amount (${pence} pence) cannot be shown as money.`);
  const pounds = Math.floor(pence / 100);
  const rest = pence % 100;
  const grouped = String(pounds).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return rest === 0 ? `£${grouped}` : `£${grouped}.${String(rest).padStart(2, '0')}`;
}

/** Adds pence exactly; throws if a value is not a safe integer or the total would not be one. */
export function sumPence(values: readonly Pence[]): Pence {
  let total = 0n;
  for (const value of values) {
    assertPence(value, 'add');
    total += BigInt(value);
  }
  if (total > BigInt(Number.MAX_SAFE_INTEGER) || total < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new DomainError(ErrorCode.InvalidInput, 'The total is too large to add up exactly.', {
      total: total.toString(),
    });
  }
  return Number(total);
}

function assertPence(value: Pence, what: 'add' | 'format'): void {
  if (!Number.isSafeInteger(value)) {
    throw new DomainError(
      ErrorCode.InvalidInput,
      `Cannot ${what} ${String(value)}: money must be a whole number of pence.`,
    );
  }
}

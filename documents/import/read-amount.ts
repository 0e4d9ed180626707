/**
 * One cell's amount in a funding table. Tables write money as "£470,000", "£4.2m", "£250k",
 * "£2,000,000.00", or as bare numbers under a unit in the header or caption ("£000", "£'000",
 * "£m"). A cell that is negative ("(£500,000)", "-£500,000": income or a saving) or holds two
 * different amounts is named as unreadable rather than read as something it does not say.
 */
import { MAX_PENCE, parseMoney } from '../../domain/money';
import type { Pence } from '../../domain/types';

export const MONEY_IN_CELL = /£\s?\d[\d,]*(?:\.\d+)?\s*(?:bn|billion|m|million|k|thousand)?\b/i;
const MONEY_ALL = new RegExp(MONEY_IN_CELL.source, 'gi');
const NOTHING = /^(?:-+|–|—|n\/?a|nil|none|£?\s?0(?:\.00)?)$/i;
const NEGATIVE = /^(?:\(\s*£?\s*\d.*\)|[-−–—]\s*£?\s*\d)/;
const BARE_NUMBER = /^\d[\d,]*(?:\.\d+)?$/;

const THOUSANDS = /£\s?['’]?0{3}s?(?!\d)|£\s?(?:k|thousands?)\b/i;
const MILLIONS = /£\s?(?:m|mn|millions?)\b/i;

/** What one bare number in a table stands for, in pounds: 1, or 1,000 under "£000", 1,000,000 under "£m". */
export function unitScaleOf(texts: readonly string[]): number {
  if (texts.some((t) => MILLIONS.test(t))) return 1_000_000;
  if (texts.some((t) => THOUSANDS.test(t))) return 1_000;
  return 1;
}

export type ReadAmount = Pence | null | { unreadable: string; why?: string };

/**
 * An amount in a cell: null when the cell holds none ("", "-", "nil", "£0"), `unreadable` when
 * it cannot be read as one amount of money. `scale` multiplies a bare number ("1,000" under "£000").
 */
export function readAmount(cell: string, scale = 1): ReadAmount {
  const text = cell.replace(/^\*+|\*+$/g, '').trim();
  if (text === '' || NOTHING.test(text)) return null;
  if (NEGATIVE.test(text))
    return { unreadable: text, why: 'it is negative (income or a saving?), which a funding line cannot hold' };
  const amounts = [...text.matchAll(MONEY_ALL)].map((m) => m[0]);
  try {
    const values = amounts.map((a) => parseMoney(a));
    if (new Set(values).size > 1) return { unreadable: text, why: 'the cell holds more than one amount' };
    if (values.length > 0) return values[0] === 0 ? null : (values[0] as Pence);
    const amount = parseMoney(text);
    if (amount === 0) return null;
    if (scale === 1 || !BARE_NUMBER.test(text)) return amount;
    const scaled = amount * scale;
    return scaled > MAX_PENCE ? { unreadable: text } : scaled;
  } catch {
    return { unreadable: text };
  }
}

/**
 * Calendar dates as decision documents write them beside a signature: "26-11-21", "31/03/2023",
 * "26.11.2021", "4 April 2023", "4th Apr 2023", "April 4, 2023", "2023-04-04". British order
 * (day first) throughout; a two-digit year is in this century. The result is an ISO date, a day
 * in the body's own time zone, so no clock or zone is involved.
 */
import type { IsoDate } from '../../domain/types';

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

const NUMERIC = /^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{2}|\d{4})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MONTH_YEAR = /^(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)\.?,?\s+(\d{4})$/i;
const MONTH_DAY_YEAR = /^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/i;

const pad = (n: number): string => String(n).padStart(2, '0');

/** 1-12 for a month name or its abbreviation of at least three letters ("Apr", "Sept"), else null. */
function monthNumber(name: string): number | null {
  const lower = name.toLowerCase();
  if (lower.length < 3) return null;
  const index = MONTHS.findIndex((m) => m.startsWith(lower) || (lower === 'sept' && m === 'september'));
  return index === -1 ? null : index + 1;
}

function isoIfReal(year: number, month: number, day: number): IsoDate | null {
  if (month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = [
    31,
    year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  if (day > (daysInMonth[month - 1] ?? 0)) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** The ISO date a document's date text names, or null when it is not a real date written a known way. */
export function parseDocumentDate(text: string): IsoDate | null {
  const t = text
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/[.,;]$/, '');
  let m = ISO.exec(t);
  if (m) return isoIfReal(Number(m[1]), Number(m[2]), Number(m[3]));
  m = NUMERIC.exec(t);
  if (m) {
    const rawYear = m[3] ?? '';
    const year = rawYear.length === 2 ? 2000 + Number(rawYear) : Number(rawYear);
    return isoIfReal(year, Number(m[2]), Number(m[1]));
  }
  m = DAY_MONTH_YEAR.exec(t);
  if (m) {
    const month = monthNumber(m[2] ?? '');
    return month === null ? null : isoIfReal(Number(m[3]), month, Number(m[1]));
  }
  m = MONTH_DAY_YEAR.exec(t);
  if (m) {
    const month = monthNumber(m[1] ?? '');
    return month === null ? null : isoIfReal(Number(m[3]), month, Number(m[2]));
  }
  return null;
}

/** A date somewhere in a line of text ("Date: 4 April 2023 (signed)"), found by the same rules. */
export const DATE_IN_TEXT =
  /\b(\d{4}-\d{2}-\d{2}|\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*(?:\d{4}|\d{2})|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[A-Za-z]{3,9}\.?,?\s+\d{4}|[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})\b/;

export function findDocumentDate(text: string): IsoDate | null {
  const m = DATE_IN_TEXT.exec(text);
  return m ? parseDocumentDate(m[1] ?? '') : null;
}

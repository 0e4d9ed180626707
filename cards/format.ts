/**
 * How cards write instants and dates: in the governance profile's time zone, the same on every
 * machine. Cards are rendered on every click, so this avoids luxon's per-call zone work: one
 * Intl formatter per zone gives the local wall-clock fields, and the words are our own.
 */
import type { IsoDate, IsoInstant } from '../domain/types';

// Fixed English month names: ICU data differs between Node builds ("Sep" or "Sept").
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** Numeric local fields in `timeZone`, 24-hour; throws RangeError for an unknown zone. */
function wallClock(timeZone: string): Intl.DateTimeFormat {
  let f = wallClocks.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    wallClocks.set(timeZone, f);
  }
  return f;
}

/** "26 Nov 2021 10:15" for an instant, in the zone (Europe/London for MOPAC). */
export function formatDateTime(at: IsoInstant, timeZone: string): string {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) return at;
  const parts: Record<string, string> = {};
  for (const p of wallClock(timeZone).formatToParts(ms)) parts[p.type] = p.value;
  return `${Number(parts.day)} ${MONTHS[Number(parts.month) - 1]} ${parts.year} ${parts.hour}:${parts.minute}`;
}

/** "31 Mar 2023" for a calendar date. */
export function formatDate(date: IsoDate): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const month = m ? Number(m[2]) : 0;
  const day = m ? Number(m[3]) : 0;
  if (!m || month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(Number(m[1]), month, 0)).getUTCDate())
    return date;
  return `${day} ${MONTHS[month - 1]} ${m[1]}`;
}

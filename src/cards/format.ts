/** How cards write instants and dates: in the governance profile's time zone, the same on every machine. */
import { DateTime } from 'luxon';
import type { IsoDate, IsoInstant } from '../domain/types';

// Fixed English month names: ICU data differs between Node builds ("Sep" or "Sept").
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** "26 Nov 2021 10:15" for an instant, in the zone (Europe/London for MOPAC). */
export function formatDateTime(at: IsoInstant, timeZone: string): string {
  const t = DateTime.fromISO(at, { zone: 'utc' }).setZone(timeZone);
  if (!t.isValid) return at;
  return `${t.day} ${MONTHS[t.month - 1]} ${t.year} ${t.toFormat('HH:mm')}`;
}

/** "31 Mar 2023" for a calendar date. */
export function formatDate(date: IsoDate): string {
  const d = DateTime.fromISO(date, { zone: 'utc' });
  if (!d.isValid) return date;
  return `${d.day} ${MONTHS[d.month - 1]} ${d.year}`;
}

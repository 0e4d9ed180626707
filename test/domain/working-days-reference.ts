/**
 * Working days counted the straightforward way, one calendar day at a time (as working-days.ts
 * did before it worked the offset out from the weekday): the reference its property tests and
 * the nudge scan's compare against.
 */
import { DateTime } from 'luxon';

const weekday = (t: DateTime): boolean => t.weekday <= 5;

export function referenceAddWorkingDays(start: string, days: number, timeZone: string): string {
  const from = DateTime.fromISO(start, { zone: timeZone });
  let offset = 0;
  for (let counted = 0; counted < days;) {
    offset++;
    if (weekday(from.plus({ days: offset }))) counted++;
  }
  return from.plus({ days: offset }).toUTC().toISO() as string;
}

export function referenceWorkingDaysBetween(a: string, b: string, timeZone: string): number {
  const from = DateTime.fromISO(a, { zone: timeZone });
  const end = DateTime.fromISO(b, { zone: timeZone });
  let count = 0;
  for (let day = from.plus({ days: 1 }), offset = 1; day <= end; day = from.plus({ days: ++offset }))
    if (weekday(day)) count++;
  return count;
}

/** Whole calendar days: the largest k with from.plus({ days: k }) <= to. */
export function referenceCalendarDaysBetween(from: DateTime, to: DateTime): number {
  let k = 0;
  while (from.plus({ days: k + 1 }) <= to) k++;
  return k;
}

/**
 * Working days for sign-off nudges: Monday to Friday in the governance profile's time zone, with
 * the local time of day kept across clock changes. Bank holidays are not modelled: a nudge can
 * fall due on one (the profile has no holiday calendar yet), which errs on the side of reminding.
 * The nudge scan runs these for every pending decision each minute, so each works out its
 * calendar-day offset from the weekday arithmetically and makes one or two luxon steps, whatever
 * the count.
 */
import { DateTime } from 'luxon';
import { DomainError, ErrorCode } from './errors';
import { assertZone } from './financial-year';
import type { GovernanceProfile } from './profile';
import type { IsoInstant } from './types';

type ZoneProfile = Pick<GovernanceProfile, 'timeZone'>;

/** The same local time `days` working days later; from a weekend, the first step lands on Monday. */
export function addWorkingDays(start: IsoInstant, days: number, profile: ZoneProfile): IsoInstant {
  return toIso(plusWorkingDays(instantIn(start, profile), days));
}

/** addWorkingDays for a DateTime already in the profile's zone, for callers that go on computing with it. */
export function plusWorkingDays(from: DateTime, days: number): DateTime {
  if (!Number.isInteger(days) || days < 0) {
    throw new DomainError(
      ErrorCode.InvalidInput,
      `${days} is not a number of working days: use a whole number, 0 or more.`,
    );
  }
  // Always counted from the start, so a day that passes a clock change keeps the start's local time.
  const end = from.plus({ days: calendarDaysFor(from.weekday, days) });
  if (!end.isValid)
    throw new DomainError(
      ErrorCode.InvalidInput,
      `${days} working days from ${toIso(from)} is past the end of the calendar.`,
      { days },
    );
  return end;
}

/**
 * Calendar days from a day of this ISO weekday (1 Monday … 7 Sunday) to the `days`-th weekday
 * after it. From a weekend, as from the Friday before (Saturday and Sunday add no working day)
 * less the days since that Friday.
 */
function calendarDaysFor(weekday: number, days: number): number {
  if (days === 0) return 0;
  const sinceMonday = weekday - 1;
  const fromWeekday = Math.min(sinceMonday, 4);
  return days + 2 * Math.floor((fromWeekday + days) / 5) - (sinceMonday - fromWeekday);
}

/**
 * Whole working days from a to b: the largest n with addWorkingDays(a, n) <= b, so a sign-off
 * waiting since Friday 10:00 has waited 1 working day at Monday 10:00. 0 when b is not after a.
 */
export function workingDaysBetween(a: IsoInstant, b: IsoInstant, profile: ZoneProfile): number {
  const from = instantIn(a, profile);
  const end = instantIn(b, profile);
  if (end <= from) return 0;
  // The weekdays among the calendar days counted from a: 5 a week, then those of the part week.
  const span = calendarDaysBetween(from, end);
  let count = Math.floor(span / 7) * 5;
  for (let step = 1; step <= span % 7; step++) if ((from.weekday - 1 + step) % 7 < 5) count++;
  return count;
}

/**
 * Whole calendar days from `from` to `to` (both in the profile's zone): the largest k with
 * from.plus({ days: k }) <= to, 0 when `to` is before. To's date, less one when from's time of
 * day is still to come on it.
 */
export function calendarDaysBetween(from: DateTime, to: DateTime): number {
  if (to <= from) return 0;
  const dates = localDayNumber(to) - localDayNumber(from);
  return from.plus({ days: dates }) > to ? dates - 1 : dates;
}

/** Days since 1970-01-01 of the local calendar date, so two dates subtract to whole days. */
function localDayNumber(t: DateTime): number {
  const date = new Date(0);
  date.setUTCFullYear(t.year, t.month - 1, t.day); // unlike Date.UTC, takes years 0 to 99 as they are
  return date.getTime() / 86_400_000;
}

/** The instant in the profile's zone; a bad zone is a CONFIG error, a bad instant INVALID_INPUT. */
export function instantIn(instant: IsoInstant, profile: ZoneProfile): DateTime {
  const parsed = DateTime.fromISO(instant, { zone: profile.timeZone });
  if (parsed.isValid) return parsed; // then the zone is valid too: checking it first costs more than the parse
  assertZone(profile.timeZone);
  throw new DomainError(ErrorCode.InvalidInput, `"${instant}" is not a moment in time (ISO 8601).`, { instant });
}

export const toIso = (instant: DateTime): IsoInstant => instant.toUTC().toISO() as IsoInstant;

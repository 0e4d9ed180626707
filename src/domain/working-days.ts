/**
 * Working days for sign-off nudges: Monday to Friday in the governance profile's time zone, with
 * the local time of day kept across clock changes. Bank holidays are not modelled: a nudge can
 * fall due on one (the profile has no holiday calendar yet), which errs on the side of reminding.
 */
import { DateTime } from 'luxon';
import { DomainError, ErrorCode } from './errors';
import { assertZone } from './financial-year';
import type { GovernanceProfile } from './profile';
import type { IsoInstant } from './types';

type ZoneProfile = Pick<GovernanceProfile, 'timeZone'>;

const isWeekend = (day: DateTime): boolean => day.weekday >= 6;

/** The same local time `days` working days later; from a weekend, the first step lands on Monday. */
export function addWorkingDays(start: IsoInstant, days: number, profile: ZoneProfile): IsoInstant {
  if (!Number.isInteger(days) || days < 0) {
    throw new DomainError(ErrorCode.InvalidInput, `${days} is not a number of working days: use a whole number, 0 or more.`);
  }
  const from = instantIn(start, profile);
  let offset = 0;
  for (let counted = 0; counted < days; ) {
    offset++;
    if (!isWeekend(from.plus({ days: offset }))) counted++;
  }
  // Always counted from the start, so a day that passes a clock change keeps the start's local time.
  return toIso(from.plus({ days: offset }));
}

/**
 * Whole working days from a to b: the largest n with addWorkingDays(a, n) <= b, so a sign-off
 * waiting since Friday 10:00 has waited 1 working day at Monday 10:00. 0 when b is not after a.
 */
export function workingDaysBetween(a: IsoInstant, b: IsoInstant, profile: ZoneProfile): number {
  const from = instantIn(a, profile);
  const end = instantIn(b, profile);
  if (end <= from) return 0;
  // Whole weeks first (5 working days each, whatever the weekday), then day by day.
  const weeks = Math.max(0, Math.floor(end.diff(from, 'weeks').weeks) - 1);
  let count = weeks * 5;
  let offset = weeks * 7;
  for (;;) {
    const next = from.plus({ days: offset + 1 });
    if (next > end) break;
    offset++;
    if (!isWeekend(next)) count++;
  }
  return count;
}

function instantIn(instant: IsoInstant, profile: ZoneProfile): DateTime {
  assertZone(profile.timeZone);
  const parsed = DateTime.fromISO(instant, { zone: profile.timeZone });
  if (!parsed.isValid) throw new DomainError(ErrorCode.InvalidInput, `"${instant}" is not a moment in time (ISO 8601).`, { instant });
  return parsed;
}

export const toIso = (instant: DateTime): IsoInstant => instant.toUTC().toISO() as IsoInstant;

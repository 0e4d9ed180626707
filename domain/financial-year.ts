/**
 * Financial years, named by the calendar year they start in (2022 is "2022/23"). Where a year
 * starts comes from the governance profile (1 April for UK public bodies).
 */
import { DateTime, IANAZone } from 'luxon';
import { DomainError, ErrorCode } from './errors';
import type { GovernanceProfile } from './profile';
import type { IsoDate } from './types';

export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2099;

type YearProfile = Pick<GovernanceProfile, 'financialYearStart' | 'timeZone'>;

// "2022/23", "2022-23", "FY2022-23", "FY 2022/23", "2022/2023", "22/23", "FY22/23", "2022 / 23".
const FINANCIAL_YEAR = /^(?:FY\s*)?(\d{2}|\d{4})\s*[/\-–—]\s*(\d{2}|\d{4})$/i;

const notAYear = (text: string, why: string): DomainError =>
  new DomainError(ErrorCode.InvalidInput, `"${text}" is not a financial year${why}`, { text });

/** The start year of a financial year as people write it; throws INVALID_INPUT otherwise. */
export function parseFinancialYear(text: string): number {
  const shown = text.trim();
  const match = FINANCIAL_YEAR.exec(shown);
  if (!match) throw notAYear(shown, ': write it as the two years it spans, as in 2022/23.');
  const [, firstText = '', secondText = ''] = match;
  const first = firstText.length === 2 ? 2000 + Number(firstText) : Number(firstText);
  const second = Number(secondText);
  const follows = secondText.length === 2 ? second === (first + 1) % 100 : second === first + 1;
  if (!follows) throw notAYear(shown, ': the second year must follow the first, as in 2022/23.');
  if (first < FIRST_YEAR || first > LAST_YEAR) {
    throw notAYear(
      shown,
      `: I can only record years from ${formatFinancialYear(FIRST_YEAR)} to ${formatFinancialYear(LAST_YEAR)}.`,
    );
  }
  return first;
}

/** "2022/23"; the century wraps as "2099/00". */
export function formatFinancialYear(year: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new DomainError(ErrorCode.InvalidInput, `${year} is not the start year of a financial year.`);
  }
  return `${year}/${String((year + 1) % 100).padStart(2, '0')}`;
}

/** The first day of the financial year, e.g. "2022-04-01". */
export function financialYearStartDate(year: number, profile: YearProfile): IsoDate {
  return startOf(year, profile).toISODate() as IsoDate;
}

/** The last day of the financial year: the day before the next one starts, e.g. "2023-03-31". */
export function financialYearEndDate(year: number, profile: YearProfile): IsoDate {
  return startOf(year + 1, profile)
    .minus({ days: 1 })
    .toISODate() as IsoDate;
}

/** The financial year (its start year) that a calendar date falls in. */
export function financialYearOf(date: IsoDate, profile: YearProfile): number {
  const day = parseIsoDate(date, profile.timeZone);
  const { month, day: startDay } = profile.financialYearStart;
  const beforeStart = day.month < month || (day.month === month && day.day < startDay);
  return beforeStart ? day.year - 1 : day.year;
}

/** A calendar date ("2023-03-31") as the start of that day in the zone; throws INVALID_INPUT if it is not one. */
export function parseIsoDate(date: IsoDate, timeZone: string): DateTime {
  assertZone(timeZone);
  const day = /^\d{4}-\d{2}-\d{2}$/.test(date)
    ? DateTime.fromISO(date, { zone: timeZone })
    : DateTime.invalid('not a date');
  if (!day.isValid) {
    throw new DomainError(
      ErrorCode.InvalidInput,
      `"${date}" is not a date: write it as year-month-day, as in 2023-03-31.`,
      { date },
    );
  }
  return day.startOf('day');
}

function startOf(year: number, profile: YearProfile): DateTime {
  if (!Number.isInteger(year))
    throw new DomainError(ErrorCode.InvalidInput, `${year} is not the start year of a financial year.`);
  assertZone(profile.timeZone);
  const { month, day } = profile.financialYearStart;
  return DateTime.fromObject({ year, month, day }, { zone: profile.timeZone });
}

/**
 * Zones already found valid. luxon's isValidZone builds an Intl.DateTimeFormat on every call
 * (~0.1 ms), and the check runs for every date parsed; a profile has one zone.
 */
const knownZones = new Set<string>();

/** Throws CONFIG unless the zone is an IANA time zone luxon knows, e.g. "Europe/London". */
export function assertZone(timeZone: string): void {
  if (knownZones.has(timeZone)) return;
  if (IANAZone.isValidZone(timeZone)) knownZones.add(timeZone);
  else {
    throw new DomainError(
      ErrorCode.Config,
      `The governance profile's time zone "${timeZone}" is not one I know; use a name like Europe/London.`,
    );
  }
}

/**
 * addWorkingDays and workingDaysBetween work the calendar-day offset out from the weekday; they
 * must agree with counting one day at a time, for any instant and count, across clock changes
 * (the weeks around the last Sundays of March and October in London) and in other zones.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { DomainError } from '../../domain/errors';
import { addWorkingDays, calendarDaysBetween, workingDaysBetween } from '../../domain/working-days';
import {
  referenceAddWorkingDays,
  referenceCalendarDaysBetween,
  referenceWorkingDaysBetween,
} from './working-days-reference';

const LONDON = 'Europe/London';
// New York changes on other dates, Lord Howe by half an hour, Santiago at midnight, Kolkata never.
const ZONES = [LONDON, 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kolkata'];

const anyInstant = fc
  .integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2030-01-01T00:00:00Z') })
  .map((ms) => new Date(ms).toISOString());

/**
 * A London local time within 10 days of a clock change, often on the hour (01:00 to 02:00 is skipped in March,
 * repeated in October).
 */
const londonDstWeek = fc
  .record({
    year: fc.integer({ min: 2020, max: 2029 }),
    month: fc.constantFrom(3, 10),
    dayFromChange: fc.integer({ min: -10, max: 10 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.constantFrom(0, 30, 59),
    ms: fc.integer({ min: 0, max: 59_999 }),
  })
  .map(({ year, month, dayFromChange, hour, minute, ms }) => {
    const last = DateTime.fromObject({ year, month, day: 31 }, { zone: LONDON });
    const lastSunday = last.minus({ days: last.weekday % 7 });
    return lastSunday
      .plus({ days: dayFromChange })
      .set({ hour, minute })
      .plus({ milliseconds: ms })
      .toUTC()
      .toISO() as string;
  });

const instant = fc.oneof(anyInstant, londonDstWeek);
const zone = fc.oneof(
  { weight: 3, arbitrary: fc.constant(LONDON) },
  { weight: 2, arbitrary: fc.constantFrom(...ZONES) },
);
// Mostly the few days nudges wait, sometimes over a year: the reference takes a luxon step a day.
const days = fc.oneof(
  { weight: 9, arbitrary: fc.integer({ min: 0, max: 15 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 400 }) },
);

describe('addWorkingDays', () => {
  it('is what counting one day at a time gives', () => {
    fc.assert(
      fc.property(instant, days, zone, (start, n, timeZone) => {
        expect(addWorkingDays(start, n, { timeZone })).toBe(referenceAddWorkingDays(start, n, timeZone));
      }),
      { numRuns: 500 },
    );
  });

  it('lands on every weekday from every weekday across the March and October changes', () => {
    // Each day of the fortnight around each change of 2023, at 00:30, 01:30 and 10:00 London time, plus 0 to 11 working
    // days.
    for (const change of ['2023-03-26', '2023-10-29']) {
      for (let day = -7; day <= 7; day++) {
        for (const time of ['00:30', '01:30', '10:00']) {
          const start = DateTime.fromISO(`${change}T${time}`, { zone: LONDON })
            .plus({ days: day })
            .toUTC()
            .toISO() as string;
          for (let n = 0; n <= 11; n++)
            expect(addWorkingDays(start, n, { timeZone: LONDON })).toBe(referenceAddWorkingDays(start, n, LONDON));
        }
      }
    }
  });

  it('refuses a count past the end of the calendar, and a zone luxon does not know', () => {
    expect(() => addWorkingDays('2022-11-25T10:00:00.000Z', 1e15, { timeZone: LONDON })).toThrow(DomainError);
    expect(() => addWorkingDays('2022-11-25T10:00:00.000Z', 1, { timeZone: 'Europe/Atlantis' })).toThrow(
      expect.objectContaining({ code: 'CONFIG' }),
    );
  });
});

describe('workingDaysBetween', () => {
  const gap = fc.oneof(
    { weight: 9, arbitrary: fc.integer({ min: -86_400_000, max: 21 * 86_400_000 }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 500 * 86_400_000 }) },
  );

  it('is what counting one day at a time gives, for any two instants', () => {
    fc.assert(
      fc.property(instant, gap, zone, (a, ms, timeZone) => {
        const b = new Date(Date.parse(a) + ms).toISOString();
        expect(workingDaysBetween(a, b, { timeZone })).toBe(referenceWorkingDaysBetween(a, b, timeZone));
      }),
      { numRuns: 300 },
    );
  });

  it('counts a working day exactly at its local time, not a millisecond before', () => {
    fc.assert(
      fc.property(instant, days, zone, (a, n, timeZone) => {
        const b = referenceAddWorkingDays(a, n, timeZone);
        const justBefore = new Date(Date.parse(b) - 1).toISOString();
        expect(workingDaysBetween(a, b, { timeZone })).toBe(referenceWorkingDaysBetween(a, b, timeZone));
        expect(workingDaysBetween(a, justBefore, { timeZone })).toBe(
          referenceWorkingDaysBetween(a, justBefore, timeZone),
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('calendarDaysBetween', () => {
  it('is the largest number of whole local days from one instant not past the other', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 60 * 86_400_000 }), zone, (a, ms, timeZone) => {
        const from = DateTime.fromISO(a, { zone: timeZone });
        const to = from.plus({ milliseconds: ms });
        expect(calendarDaysBetween(from, to)).toBe(referenceCalendarDaysBetween(from, to));
      }),
      { numRuns: 300 },
    );
  });
});

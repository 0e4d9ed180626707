import fc from 'fast-check';
import { DateTime } from 'luxon';
import { DomainError } from '../../domain/errors';
import { addWorkingDays, workingDaysBetween } from '../../domain/reminder-schedule';
import { mopacProfile } from '../fixtures/profiles';

const zone = mopacProfile.timeZone;
const local = (iso: string) => DateTime.fromISO(iso, { zone });

describe('addWorkingDays', () => {
  it('skips the weekend: Friday 10:00 + 3 working days is Wednesday 10:00', () => {
    expect(addWorkingDays('2022-11-25T10:00:00.000Z', 3, mopacProfile)).toBe('2022-11-30T10:00:00.000Z');
    expect(addWorkingDays('2022-11-21T10:00:00.000Z', 3, mopacProfile)).toBe('2022-11-24T10:00:00.000Z');
    expect(addWorkingDays('2022-11-21T10:00:00.000Z', 0, mopacProfile)).toBe('2022-11-21T10:00:00.000Z');
  });

  it('keeps the London time of day across the clock change', () => {
    // Friday 24 March 2023 10:00 GMT; the clocks go forward on Sunday 26 March.
    expect(addWorkingDays('2023-03-24T10:00:00.000Z', 1, mopacProfile)).toBe('2023-03-27T09:00:00.000Z');
    // Friday 28 October 2022 10:00 BST; the clocks go back on Sunday 30 October.
    expect(addWorkingDays('2022-10-28T09:00:00.000Z', 1, mopacProfile)).toBe('2022-10-31T10:00:00.000Z');
  });

  it('takes the first step from a weekend to Monday', () => {
    expect(addWorkingDays('2022-11-26T10:00:00.000Z', 1, mopacProfile)).toBe('2022-11-28T10:00:00.000Z');
  });

  it('counts weekdays in the profile zone, not UTC', () => {
    // 23:30 UTC on Friday is already Saturday 00:30 in BST.
    expect(addWorkingDays('2022-09-30T23:30:00.000Z', 1, mopacProfile)).toBe('2022-10-02T23:30:00.000Z');
  });

  it('refuses a negative or fractional count and a bad instant', () => {
    expect(() => addWorkingDays('2022-11-25T10:00:00.000Z', -1, mopacProfile)).toThrow(DomainError);
    expect(() => addWorkingDays('2022-11-25T10:00:00.000Z', 1.5, mopacProfile)).toThrow(DomainError);
    expect(() => addWorkingDays('yesterday', 1, mopacProfile)).toThrow(DomainError);
  });
});

describe('workingDaysBetween', () => {
  it('counts whole working days', () => {
    expect(workingDaysBetween('2022-11-25T10:00:00.000Z', '2022-11-28T09:59:59.000Z', mopacProfile)).toBe(0);
    expect(workingDaysBetween('2022-11-25T10:00:00.000Z', '2022-11-28T10:00:00.000Z', mopacProfile)).toBe(1);
    expect(workingDaysBetween('2022-11-25T10:00:00.000Z', '2022-11-30T10:00:00.000Z', mopacProfile)).toBe(3);
    expect(workingDaysBetween('2022-11-21T10:00:00.000Z', '2023-11-21T10:00:00.000Z', mopacProfile)).toBe(261);
    expect(workingDaysBetween('2022-11-30T10:00:00.000Z', '2022-11-25T10:00:00.000Z', mopacProfile)).toBe(0);
  });

  const instants = fc
    .integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2030-01-01T00:00:00Z') })
    .map((ms) => new Date(ms).toISOString());

  it('undoes addWorkingDays, lands on weekdays at the same local time, and grows with time', () => {
    fc.assert(
      fc.property(
        instants,
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 10_000_000_000 }),
        (start, days, extraMs) => {
          const end = addWorkingDays(start, days, mopacProfile);
          expect(workingDaysBetween(start, end, mopacProfile)).toBe(days);
          if (days > 0) {
            expect(local(end).weekday).toBeLessThanOrEqual(5);
            expect(local(end).toFormat('HH:mm:ss.SSS')).toBe(local(start).toFormat('HH:mm:ss.SSS'));
          }
          const later = new Date(Date.parse(end) + extraMs).toISOString();
          expect(workingDaysBetween(start, later, mopacProfile)).toBeGreaterThanOrEqual(days);
          expect(workingDaysBetween(start, later, mopacProfile)).toBeLessThanOrEqual(
            days + Math.ceil(extraMs / 86_400_000),
          );
        },
      ),
    );
  });
});

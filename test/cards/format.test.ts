import fc from 'fast-check';
import { DateTime } from 'luxon';
import { formatDate, formatDateTime } from '../../cards/format';

describe('card dates and times', () => {
  it('writes instants in London time, GMT in winter and BST in summer', () => {
    expect(formatDateTime('2021-11-26T10:15:00.000Z', 'Europe/London')).toBe('26 Nov 2021 10:15');
    expect(formatDateTime('2022-06-01T09:15:00.000Z', 'Europe/London')).toBe('1 Jun 2022 10:15');
    expect(formatDateTime('2022-03-27T00:59:00.000Z', 'Europe/London')).toBe('27 Mar 2022 00:59');
    expect(formatDateTime('2022-03-27T01:00:00.000Z', 'Europe/London')).toBe('27 Mar 2022 02:00');
    expect(formatDateTime('2022-09-30T23:30:00.000Z', 'Europe/London')).toBe('1 Oct 2022 00:30');
  });

  it('writes calendar dates as they are, whatever the zone', () => {
    expect(formatDate('2023-03-31')).toBe('31 Mar 2023');
    expect(formatDate('2024-09-30')).toBe('30 Sep 2024');
  });

  it('agrees with luxon for any instant, in London and in other zones', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.constantFrom('Europe/London', 'UTC', 'America/New_York', 'Australia/Sydney'),
        (d, zone) => {
          const t = DateTime.fromJSDate(d).setZone(zone);
          expect(formatDateTime(d.toISOString(), zone)).toBe(
            `${t.day} ${t.toFormat('LLL', { locale: 'en-GB' }).slice(0, 3)} ${t.year} ${t.toFormat('HH:mm')}`,
          );
        },
      ),
    );
  });

  it('leaves what is not a date or an instant as it was', () => {
    expect(formatDateTime('not a time', 'Europe/London')).toBe('not a time');
    expect(formatDate('2023-02-30')).toBe('2023-02-30');
    expect(formatDate('2024-02-29')).toBe('29 Feb 2024');
    expect(formatDate('31/03/2023')).toBe('31/03/2023');
  });

  it('always gives day, short month, year and 24-hour time', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }),
        (d) => {
          expect(formatDateTime(d.toISOString(), 'Europe/London')).toMatch(
            /^([1-9]|[12]\d|3[01]) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} ([01]\d|2[0-3]):[0-5]\d$/,
          );
        },
      ),
    );
  });
});

import fc from 'fast-check';
import { DateTime } from 'luxon';
import { DomainError, ErrorCode } from '../../domain/errors';
import {
  financialYearEndDate,
  financialYearOf,
  financialYearStartDate,
  formatFinancialYear,
  parseFinancialYear,
  parseIsoDate,
} from '../../domain/financial-year';
import { mopacProfile, profileWith } from '../fixtures/profiles';
import { errorOf } from './domain-error';

describe('parseFinancialYear', () => {
  it.each([
    '2022/23',
    '2022-23',
    'FY2022-23',
    'FY 2022/23',
    '2022/2023',
    '22/23',
    'FY22/23',
    '2022 / 23',
    'fy2022/23',
    ' 2022–23 ',
  ])('reads %j as 2022', (text) => {
    expect(parseFinancialYear(text)).toBe(2022);
  });

  it('handles the century wrap', () => {
    expect(parseFinancialYear('2099/00')).toBe(2099);
    expect(parseFinancialYear('2099/2100')).toBe(2099);
    expect(parseFinancialYear('99/00')).toBe(2099);
    expect(parseFinancialYear('00/01')).toBe(2000);
  });

  it('says why a year that does not follow is wrong', () => {
    const e = errorOf(() => parseFinancialYear('2022/24'));
    expect(e.code).toBe(ErrorCode.InvalidInput);
    expect(e.message).toBe('"2022/24" is not a financial year: the second year must follow the first, as in 2022/23.');
  });

  it.each([
    ['2022', 'as in 2022/23'],
    ['abc', 'as in 2022/23'],
    ['', 'as in 2022/23'],
    ['2022/22', 'must follow'],
    ['2023/22', 'must follow'],
    ['2022/2024', 'must follow'],
    ['1999/00', 'from 2000/01 to 2099/00'],
    ['2100/01', 'from 2000/01 to 2099/00'],
    ['FY2022/23/24', 'as in 2022/23'],
  ])('rejects %j', (text, why) => {
    const e = errorOf(() => parseFinancialYear(text));
    expect(e.code).toBe(ErrorCode.InvalidInput);
    expect(e.message).toContain(`"${text}" is not a financial year`);
    expect(e.message).toContain(why);
  });
});

describe('formatFinancialYear', () => {
  it('writes the start year and the last two digits of the next', () => {
    expect(formatFinancialYear(2022)).toBe('2022/23');
    expect(formatFinancialYear(2009)).toBe('2009/10');
    expect(formatFinancialYear(2099)).toBe('2099/00');
    expect(formatFinancialYear(1999)).toBe('1999/00');
  });

  it('refuses what is not a year', () => {
    expect(() => formatFinancialYear(2022.5)).toThrow(DomainError);
    expect(() => formatFinancialYear(99)).toThrow(DomainError);
  });

  it('round-trips through parseFinancialYear', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2099 }), (year) => {
        expect(parseFinancialYear(formatFinancialYear(year))).toBe(year);
      }),
    );
  });
});

describe('financial year dates (MOPAC: 1 April)', () => {
  it('runs 1 April to 31 March', () => {
    expect(financialYearStartDate(2022, mopacProfile)).toBe('2022-04-01');
    expect(financialYearEndDate(2022, mopacProfile)).toBe('2023-03-31');
    expect(financialYearEndDate(2024, mopacProfile)).toBe('2025-03-31');
  });

  it('places dates in their year', () => {
    expect(financialYearOf('2022-04-01', mopacProfile)).toBe(2022);
    expect(financialYearOf('2023-03-31', mopacProfile)).toBe(2022);
    expect(financialYearOf('2022-03-31', mopacProfile)).toBe(2021);
    expect(financialYearOf('2024-02-29', mopacProfile)).toBe(2023);
    expect(financialYearOf('2022-12-25', mopacProfile)).toBe(2022);
  });

  it('follows another start from the profile (6 April, the UK tax year)', () => {
    const tax = profileWith({ financialYearStart: { month: 4, day: 6 } });
    expect(financialYearStartDate(2022, tax)).toBe('2022-04-06');
    expect(financialYearEndDate(2022, tax)).toBe('2023-04-05');
    expect(financialYearOf('2023-04-05', tax)).toBe(2022);
    expect(financialYearOf('2023-04-06', tax)).toBe(2023);
    const calendar = profileWith({ financialYearStart: { month: 1, day: 1 } });
    expect(financialYearEndDate(2022, calendar)).toBe('2022-12-31');
  });

  it('refuses a date that is not one and a zone that is not known', () => {
    expect(() => financialYearOf('2023-02-30', mopacProfile)).toThrow('"2023-02-30" is not a date');
    expect(() => financialYearOf('31/03/2023', mopacProfile)).toThrow(DomainError);
    expect(errorOf(() => parseIsoDate('2023-03-31', 'Mars/Olympus')).code).toBe(ErrorCode.Config);
    expect(errorOf(() => financialYearStartDate(2022, { ...mopacProfile, timeZone: 'Nowhere' })).code).toBe(
      ErrorCode.Config,
    );
  });

  const profiles = fc
    .record({ month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) })
    .map((financialYearStart) => ({
      ...mopacProfile,
      financialYearStart,
    }));

  it('ends the day before the next year starts, and contains both its ends', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2099 }), profiles, (year, profile) => {
        const end = financialYearEndDate(year, profile);
        const nextStart = financialYearStartDate(year + 1, profile);
        expect(DateTime.fromISO(end).plus({ days: 1 }).toISODate()).toBe(nextStart);
        expect(financialYearOf(financialYearStartDate(year, profile), profile)).toBe(year);
        expect(financialYearOf(end, profile)).toBe(year);
        expect(financialYearOf(nextStart, profile)).toBe(year + 1);
      }),
    );
  });
});

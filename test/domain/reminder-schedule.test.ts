import fc from 'fast-check';
import { DateTime } from 'luxon';
import { DomainError } from '../../domain/errors';
import {
  dueReminders,
  expiringLines,
  fundingEndDate,
  groupByDecisionAndDay,
  lastFundedYear,
  monthsLeft,
  reminderDueDates,
} from '../../domain/reminder-schedule';
import type { Decision, FundingLine, FundingOutcome } from '../../domain/types';
import { mopacProfile, profileWith } from '../fixtures/profiles';
import { seedActors, seedDecision } from '../fixtures/seed-decision';

const seed = seedDecision();
const line = (id: string): FundingLine => seed.funding.find((l) => l.id === id) as FundingLine;
const gps = line('gps-tagging');
const womens = line('womens-wrap-around-service');
const oneYear = (year: number, amount = 100_000): FundingLine => ({
  id: 'x',
  service: 'X',
  source: 'Core funding',
  allocations: [{ year, amount }],
});
const ended = (lineId: string): FundingOutcome => ({
  lineId,
  outcome: 'ended',
  by: seedActors.director,
  at: '2022-10-03T10:00:00.000Z',
  reason: 'Pilot finished',
});

describe('when funding ends', () => {
  it('ends PCD 1065 lines on the last day of their last funded year', () => {
    expect(lastFundedYear(gps)).toBe(2022);
    expect(fundingEndDate(gps, mopacProfile)).toBe('2023-03-31');
    expect(lastFundedYear(womens)).toBe(2024);
    expect(fundingEndDate(womens, mopacProfile)).toBe('2025-03-31');
  });

  it('ignores years with nothing allocated and refuses a line with no money', () => {
    const tail: FundingLine = {
      ...gps,
      allocations: [
        { year: 2022, amount: 5 },
        { year: 2023, amount: 0 },
      ],
    };
    expect(lastFundedYear(tail)).toBe(2022);
    expect(() => lastFundedYear({ ...gps, allocations: [] })).toThrow(DomainError);
  });
});

describe('reminderDueDates', () => {
  it('puts GPS Tagging at 30 Sep 2022 09:00 BST, 31 Dec 2022 09:00 GMT and 28 Feb 2023', () => {
    expect(reminderDueDates(gps, mopacProfile)).toEqual([
      { stage: 6, dueDate: '2022-09-30', dueAt: '2022-09-30T08:00:00.000Z' },
      { stage: 3, dueDate: '2022-12-31', dueAt: '2022-12-31T09:00:00.000Z' },
      { stage: 1, dueDate: '2023-02-28', dueAt: '2023-02-28T09:00:00.000Z' },
    ]);
  });

  it("puts the women's service six months before 31 March 2025", () => {
    expect(reminderDueDates(womens, mopacProfile)[0]).toEqual({
      stage: 6,
      dueDate: '2024-09-30',
      dueAt: '2024-09-30T08:00:00.000Z',
    });
  });

  it('clamps to 29 February in a leap year', () => {
    expect(fundingEndDate(oneYear(2023), mopacProfile)).toBe('2024-03-31');
    expect(reminderDueDates(oneYear(2023), mopacProfile)[2]).toEqual({
      stage: 1,
      dueDate: '2024-02-29',
      dueAt: '2024-02-29T09:00:00.000Z',
    });
  });

  it('gets the UTC hour right on the last Sunday of March (clocks go forward at 01:00 GMT)', () => {
    // Year 2022 ends 2023-04-26; one month before is Sunday 26 March 2023.
    const at = (hour: number) =>
      reminderDueDates(
        oneYear(2022),
        profileWith({ financialYearStart: { month: 4, day: 27 }, reminders: { stagesMonths: [1], hour } }),
      )[0];
    expect(at(9)).toEqual({ stage: 1, dueDate: '2023-03-26', dueAt: '2023-03-26T08:00:00.000Z' });
    expect(at(0)?.dueAt).toBe('2023-03-26T00:00:00.000Z');
    // 01:00 does not exist that day in London: the first hour that does (02:00 BST) is used.
    expect(at(1)?.dueAt).toBe('2023-03-26T01:00:00.000Z');
    expect(at(2)?.dueAt).toBe('2023-03-26T01:00:00.000Z');
  });

  it('gets the UTC hour right on the last Sunday of October (clocks go back at 01:00 GMT)', () => {
    // Year 2021 ends 2022-11-30; one month before is Sunday 30 October 2022.
    const at = (hour: number) =>
      reminderDueDates(
        oneYear(2021),
        profileWith({ financialYearStart: { month: 12, day: 1 }, reminders: { stagesMonths: [1], hour } }),
      )[0];
    expect(at(9)).toEqual({ stage: 1, dueDate: '2022-10-30', dueAt: '2022-10-30T09:00:00.000Z' });
    expect(at(0)?.dueAt).toBe('2022-10-29T23:00:00.000Z');
    expect(DateTime.fromISO(at(1)?.dueAt as string, { zone: 'Europe/London' }).hour).toBe(1);
  });

  const zones = fc.constantFrom(
    'Europe/London',
    'America/New_York',
    'Australia/Sydney',
    'Asia/Kolkata',
    'UTC',
    'Europe/Berlin',
  );
  it('always falls at the configured local hour in the profile zone (or just after a skipped hour)', () => {
    fc.assert(
      fc.property(
        zones,
        fc.integer({ min: 0, max: 23 }),
        fc.record({ month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) }),
        fc.uniqueArray(fc.integer({ min: 1, max: 24 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 2000, max: 2090 }),
        (timeZone, hour, financialYearStart, stagesMonths, year) => {
          const profile = profileWith({ timeZone, financialYearStart, reminders: { stagesMonths, hour } });
          for (const due of reminderDueDates(oneYear(year), profile)) {
            const local = DateTime.fromISO(due.dueAt, { zone: timeZone });
            expect(due.dueAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/);
            expect(local.minute).toBe(0);
            expect(local.toISODate()).toBe(due.dueDate);
            const skipped = local.hour === hour + 1 && local.minus({ hours: 1 }).offset !== local.offset;
            expect(local.hour === hour || skipped).toBe(true);
          }
        },
      ),
    );
  });
});

describe('monthsLeft', () => {
  it.each([
    ['2022-09-30', '2023-03-31', 6],
    ['2022-12-31', '2023-03-31', 3],
    ['2023-02-28', '2023-03-31', 1],
    ['2023-03-01', '2023-03-31', 0],
    ['2022-10-01', '2023-03-31', 5],
    ['2023-03-31', '2023-03-31', 0],
    ['2023-04-30', '2023-03-31', 0],
  ])('from %s to %s is %i', (from, end, months) => {
    expect(monthsLeft(from, end)).toBe(months);
  });

  it('refuses what is not a date', () => {
    expect(() => monthsLeft('2022-13-01', '2023-03-31')).toThrow(DomainError);
  });
});

describe('expiringLines', () => {
  it("lists the three one-year lines on the day their 6-month reminder falls due, with PCD 1065's amounts", () => {
    const lines = expiringLines([seed], mopacProfile, '2022-09-30', 6);
    expect(lines.map((l) => l.lineId)).toEqual(['drug-testing-in-police-custody', 'mappa', 'gps-tagging']);
    expect(lines[2]).toEqual({
      ref: 'PCD 1065',
      title: 'Criminal Justice System - 2022/23 Commissioning Decisions',
      lineId: 'gps-tagging',
      service: 'GPS Tagging',
      source: 'Core funding',
      lastYear: 2022,
      lastYearAmount: 90_000_000,
      total: 90_000_000,
      endDate: '2023-03-31',
      monthsLeft: 6,
      outcome: null,
    });
    expect(expiringLines([seed], mopacProfile, '2022-09-29', 6)).toEqual([]);
    expect(expiringLines([seed], mopacProfile, '2023-03-31', 0)).toHaveLength(3);
    expect(expiringLines([seed], mopacProfile, '2023-04-01', 24).map((l) => l.lineId)).toEqual([
      'womens-wrap-around-service',
    ]);
  });

  it("gives the women's service's last year and total, and what was decided", () => {
    const outcome = ended('womens-wrap-around-service');
    const [womensLine] = expiringLines([seedDecision({ fundingOutcomes: [outcome] })], mopacProfile, '2024-10-01', 6);
    expect(womensLine).toMatchObject({
      lastYear: 2024,
      lastYearAmount: 65_000_000,
      total: 233_000_000,
      endDate: '2025-03-31',
      monthsLeft: 5,
      outcome,
    });
  });

  it('takes only approved decisions and sorts by end date, then reference', () => {
    const older: Decision = seedDecision({
      ref: 'PCD 999',
      funding: [{ ...gps, id: 'a', allocations: [{ year: 2022, amount: 1 }] }],
    });
    const sooner: Decision = seedDecision({
      ref: 'PCD 2000',
      funding: [{ ...gps, id: 'b', allocations: [{ year: 2021, amount: 1 }] }],
    });
    const draft: Decision = seedDecision({ ref: 'PCD 1', status: 'draft' });
    const lines = expiringLines([seed, draft, older, sooner], mopacProfile, '2022-03-01', 13);
    expect(lines.map((l) => `${l.ref}:${l.lineId}`)).toEqual([
      'PCD 2000:b',
      'PCD 999:a',
      'PCD 1065:drug-testing-in-police-custody',
      'PCD 1065:mappa',
      'PCD 1065:gps-tagging',
    ]);
  });

  it('refuses a window that is not a whole number of months', () => {
    expect(() => expiringLines([seed], mopacProfile, '2022-09-30', -1)).toThrow(DomainError);
    expect(() => expiringLines([seed], mopacProfile, '2022-09-30', 1.5)).toThrow(DomainError);
  });
});

describe('dueReminders', () => {
  it('owes nothing at 08:59 BST on 30 September 2022 and the 6-month stage for three lines at 09:00', () => {
    expect(dueReminders([seed], mopacProfile, '2022-09-30T07:59:59.999Z')).toEqual([]);
    const due = dueReminders([seed], mopacProfile, '2022-09-30T08:00:00.000Z');
    expect(due.map((d) => d.lineId)).toEqual(['drug-testing-in-police-custody', 'mappa', 'gps-tagging']);
    expect(due[2]).toEqual({
      ref: 'PCD 1065',
      lineId: 'gps-tagging',
      stage: 6,
      escalation: false,
      dueDate: '2022-09-30',
      dueAt: '2022-09-30T08:00:00.000Z',
      endDate: '2023-03-31',
      monthsLeft: 6,
    });
  });

  it('escalates at 3 months on 31 December 2022 at 09:00 GMT', () => {
    expect(dueReminders([seed], mopacProfile, '2022-12-31T08:59:00.000Z').every((d) => d.stage === 6)).toBe(true);
    const due = dueReminders([seed], mopacProfile, '2022-12-31T09:00:00.000Z');
    expect(due.map((d) => [d.lineId, d.stage, d.escalation, d.monthsLeft])).toEqual([
      ['drug-testing-in-police-custody', 3, true, 3],
      ['mappa', 3, true, 3],
      ['gps-tagging', 3, true, 3],
    ]);
  });

  it('after downtime over several stages owes only the latest, and nothing once funding has ended', () => {
    expect(dueReminders([seed], mopacProfile, '2023-03-20T12:00:00.000Z').map((d) => d.stage)).toEqual([1, 1, 1]);
    expect(dueReminders([seed], mopacProfile, '2023-03-31T22:59:59.000Z')).toHaveLength(3);
    expect(dueReminders([seed], mopacProfile, '2023-03-31T23:00:00.000Z')).toEqual([]);
  });

  it("reaches the women's service on 30 September 2024", () => {
    expect(dueReminders([seed], mopacProfile, '2024-09-30T07:00:00.000Z')).toEqual([]);
    expect(dueReminders([seed], mopacProfile, '2024-09-30T08:00:00.000Z')).toMatchObject([
      {
        lineId: 'womens-wrap-around-service',
        stage: 6,
        dueDate: '2024-09-30',
        endDate: '2025-03-31',
        escalation: false,
      },
    ]);
  });

  it('stops for lines with an outcome and for decisions that are not approved', () => {
    const decided = seedDecision({ fundingOutcomes: [ended('gps-tagging')] });
    expect(dueReminders([decided], mopacProfile, '2022-10-01T08:00:00.000Z').map((d) => d.lineId)).toEqual([
      'drug-testing-in-police-custody',
      'mappa',
    ]);
    expect(dueReminders([seedDecision({ status: 'withdrawn' })], mopacProfile, '2022-10-01T08:00:00.000Z')).toEqual([]);
  });

  it('always owes the latest stage already due, before the funding ends', () => {
    const from = Date.parse('2022-01-01T00:00:00Z');
    const to = Date.parse('2025-06-01T00:00:00Z');
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), (ms) => {
        const now = new Date(ms).toISOString();
        for (const due of dueReminders([seed], mopacProfile, now)) {
          const stages = reminderDueDates(line(due.lineId), mopacProfile).filter((s) => s.dueAt <= now);
          expect(due.dueAt <= now).toBe(true);
          expect(due.stage).toBe(Math.min(...stages.map((s) => s.stage)));
          expect(DateTime.fromISO(due.endDate, { zone: 'Europe/London' }).plus({ days: 1 }).toMillis()).toBeGreaterThan(
            ms,
          );
        }
      }),
    );
  });
});

describe('groupByDecisionAndDay', () => {
  it('puts lines of one decision due the same day in one group', () => {
    const other = seedDecision({ ref: 'PCD 1070' });
    const groups = groupByDecisionAndDay(dueReminders([seed, other], mopacProfile, '2022-12-31T09:00:00.000Z'));
    expect(groups.map((g) => [g.ref, g.dueDate, g.escalation, g.reminders.length])).toEqual([
      ['PCD 1065', '2022-12-31', true, 3],
      ['PCD 1070', '2022-12-31', true, 3],
    ]);
    expect(groupByDecisionAndDay([])).toEqual([]);
  });

  it('keeps different due days apart', () => {
    const later = seedDecision({
      funding: [gps, { ...line('mappa'), allocations: [{ year: 2023, amount: 4_000_000 }] }],
    });
    const due = [
      ...dueReminders([seed], mopacProfile, '2022-09-30T08:00:00.000Z'),
      ...dueReminders([later], mopacProfile, '2023-09-30T08:00:00.000Z'),
    ];
    expect(groupByDecisionAndDay(due).map((g) => [g.dueDate, g.reminders.map((r) => r.lineId)])).toEqual([
      ['2022-09-30', ['drug-testing-in-police-custody', 'mappa', 'gps-tagging']],
      ['2023-09-30', ['mappa']],
    ]);
  });
});

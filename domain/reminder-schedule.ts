/**
 * When funding ends and when its renewal reminders fall due. Funding ends on the last day of the
 * last financial year a line has money for; reminders fall due a number of calendar months
 * before that (the profile's stages, 6, 3 and 1 for MOPAC) at the profile's hour in its zone.
 * Pure over plain data: the scheduler passes the decisions and the clock in.
 */
import { DateTime } from 'luxon';
import { DomainError, ErrorCode } from './errors';
import { assertZone, financialYearEndDate, parseIsoDate } from './financial-year';
import { sumPence } from './money';
import type { GovernanceProfile } from './profile';
import type { Decision, FundingLine, FundingOutcome, IsoDate, IsoInstant, Pence } from './types';

/** What the schedule reads of a decision: a full decision or its summary both carry it. */
export type ScheduledDecision = Pick<Decision, 'ref' | 'title' | 'status' | 'funding' | 'fundingOutcomes'>;
import { toIso } from './working-days';

export { addWorkingDays, workingDaysBetween } from './working-days';

type ScheduleProfile = Pick<GovernanceProfile, 'financialYearStart' | 'timeZone' | 'reminders'>;

export interface ReminderDue {
  /** Months before the funding ends. */
  readonly stage: number;
  readonly dueDate: IsoDate;
  readonly dueAt: IsoInstant;
}

export interface ExpiringLine {
  readonly ref: string;
  readonly title: string;
  readonly lineId: string;
  readonly service: string;
  readonly source: string;
  readonly lastYear: number;
  readonly lastYearAmount: Pence;
  readonly total: Pence;
  readonly endDate: IsoDate;
  readonly monthsLeft: number;
  readonly outcome: FundingOutcome | null;
}

export interface DueReminder {
  readonly ref: string;
  readonly lineId: string;
  readonly stage: number;
  /** True from the second stage on: the escalation role joins the recipients. */
  readonly escalation: boolean;
  readonly dueDate: IsoDate;
  readonly dueAt: IsoInstant;
  readonly endDate: IsoDate;
  readonly monthsLeft: number;
}

export interface ReminderGroup {
  readonly ref: string;
  readonly dueDate: IsoDate;
  readonly escalation: boolean;
  readonly reminders: readonly DueReminder[];
}

const funded = (line: FundingLine) => line.allocations.filter((a) => a.amount > 0);

/** The start year of the last financial year the line has money for. */
export function lastFundedYear(line: FundingLine): number {
  const years = funded(line).map((a) => a.year);
  if (years.length === 0) {
    throw new DomainError(
      ErrorCode.InvalidInput,
      `"${line.service}" has no money allocated to any year, so it has no end date.`,
      { lineId: line.id },
    );
  }
  return Math.max(...years);
}

/** The last day of the line's last funded financial year: GPS Tagging in PCD 1065 ends on 2023-03-31. */
export function fundingEndDate(
  line: FundingLine,
  profile: Pick<GovernanceProfile, 'financialYearStart' | 'timeZone'>,
): IsoDate {
  return financialYearEndDate(lastFundedYear(line), profile);
}

/**
 * One entry per stage: the end date minus that many calendar months (clamped to the month's
 * end: 31 March - 1 month = 28 or 29 February), due at the profile's hour there, in UTC.
 */
export function reminderDueDates(line: FundingLine, profile: ScheduleProfile): ReminderDue[] {
  const end = parseIsoDate(fundingEndDate(line, profile), profile.timeZone);
  return profile.reminders.stagesMonths.map((stage) => {
    const day = end.minus({ months: stage });
    return { stage, dueDate: day.toISODate() as IsoDate, dueAt: atHour(day, profile) };
  });
}

/** Whole calendar months from one date to a later one, rounded down; 0 once the end has passed. */
export function monthsLeft(fromDate: IsoDate, endDate: IsoDate): number {
  const from = parseIsoDate(fromDate, 'UTC');
  const end = parseIsoDate(endDate, 'UTC');
  if (end <= from) return 0;
  return Math.floor(end.diff(from, 'months').months);
}

/**
 * Funding lines of approved decisions whose funding ends between today and today + windowMonths
 * (both inclusive), soonest first, then by reference. The window is counted back from each end
 * date the way reminder stages are (end - windowMonths <= today), so on the day the 6-month
 * reminder for 31 March falls due (30 September) a 6-month window lists the line.
 */
export function expiringLines(
  decisions: readonly ScheduledDecision[],
  profile: ScheduleProfile,
  today: IsoDate,
  windowMonths: number,
): ExpiringLine[] {
  if (!Number.isInteger(windowMonths) || windowMonths < 0 || windowMonths > 120) {
    throw new DomainError(
      ErrorCode.InvalidInput,
      `${windowMonths} is not a number of months I can look ahead: use a whole number from 0 to 120.`,
    );
  }
  const from = parseIsoDate(today, profile.timeZone);
  const lines: ExpiringLine[] = [];
  for (const decision of decisions) {
    if (decision.status !== 'approved') continue;
    for (const line of decision.funding) {
      if (funded(line).length === 0) continue;
      const endDate = fundingEndDate(line, profile);
      if (endDate < today || parseIsoDate(endDate, profile.timeZone).minus({ months: windowMonths }) > from) continue;
      const lastYear = lastFundedYear(line);
      lines.push({
        ref: decision.ref,
        title: decision.title,
        lineId: line.id,
        service: line.service,
        source: line.source,
        lastYear,
        lastYearAmount: sumPence(line.allocations.filter((a) => a.year === lastYear).map((a) => a.amount)),
        total: sumPence(line.allocations.map((a) => a.amount)),
        endDate,
        monthsLeft: monthsLeft(today, endDate),
        outcome: outcomeOf(decision, line.id),
      });
    }
  }
  return stableSort(lines, (a, b) => compareText(a.endDate, b.endDate) || compareRefs(a.ref, b.ref));
}

/**
 * The reminders owed at `now`: for each unresolved line of each approved decision, the latest
 * stage that has fallen due while the funding has not yet ended. A scheduler that was down over
 * several stages therefore owes only the latest one; its outbox keeps that to once per stage.
 */
export function dueReminders(
  decisions: readonly ScheduledDecision[],
  profile: ScheduleProfile,
  now: IsoInstant,
): DueReminder[] {
  assertZone(profile.timeZone);
  const at = DateTime.fromISO(now, { zone: profile.timeZone });
  if (!at.isValid)
    throw new DomainError(ErrorCode.InvalidInput, `"${now}" is not a moment in time (ISO 8601).`, { now });
  const today = at.toISODate() as IsoDate;
  const firstStage = Math.max(...profile.reminders.stagesMonths);
  // Everything below depends only on the line's last funded year: worked out once per year, not
  // per line (luxon date arithmetic made a scan of 100,000 lines take 40 s; this takes well under 1).
  const byLastYear = new Map<
    number,
    { endDate: IsoDate; ended: boolean; latest: ReminderDue | undefined; monthsLeft: number }
  >();
  const owed: DueReminder[] = [];
  for (const decision of decisions) {
    if (decision.status !== 'approved') continue;
    for (const line of decision.funding) {
      if (funded(line).length === 0 || outcomeOf(decision, line.id) !== null) continue;
      const lastYear = lastFundedYear(line);
      let year = byLastYear.get(lastYear);
      if (year === undefined) {
        const endDate = fundingEndDate(line, profile);
        // Funding runs to the end of its last day; after that there is nothing left to warn about.
        const endsAt = parseIsoDate(endDate, profile.timeZone).plus({ days: 1 });
        const latest = reminderDueDates(line, profile)
          .filter((due) => DateTime.fromISO(due.dueAt) <= at)
          .sort((a, b) => compareText(a.dueAt, b.dueAt) || a.stage - b.stage)
          .at(-1);
        year = { endDate, ended: at >= endsAt, latest, monthsLeft: monthsLeft(today, endDate) };
        byLastYear.set(lastYear, year);
      }
      const { endDate, latest } = year;
      if (year.ended || latest === undefined) continue;
      owed.push({
        ref: decision.ref,
        lineId: line.id,
        stage: latest.stage,
        escalation: latest.stage !== firstStage,
        dueDate: latest.dueDate,
        dueAt: latest.dueAt,
        endDate,
        monthsLeft: year.monthsLeft,
      });
    }
  }
  return stableSort(owed, (a, b) => compareText(a.dueDate, b.dueDate) || compareRefs(a.ref, b.ref));
}

/** Lines of one decision due the same day travel together (one card); order of first appearance. */
export function groupByDecisionAndDay(reminders: readonly DueReminder[]): ReminderGroup[] {
  const groups = new Map<string, { ref: string; dueDate: IsoDate; reminders: DueReminder[] }>();
  for (const reminder of reminders) {
    const key = `${reminder.ref}\u0000${reminder.dueDate}`;
    const group = groups.get(key) ?? { ref: reminder.ref, dueDate: reminder.dueDate, reminders: [] };
    group.reminders.push(reminder);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({ ...g, escalation: g.reminders.some((r) => r.escalation) }));
}

/** The decision's latest recorded outcome for a line, if any. */
function outcomeOf(decision: ScheduledDecision, lineId: string): FundingOutcome | null {
  return decision.fundingOutcomes.filter((o) => o.lineId === lineId).at(-1) ?? null;
}

/**
 * The profile's hour on that local day, as a UTC instant. On the day the clocks go forward an
 * hour that does not exist (01:00 in London) moves on to the first one that does (02:00 BST).
 */
function atHour(day: DateTime, profile: ScheduleProfile): IsoInstant {
  const local = DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour: profile.reminders.hour },
    { zone: profile.timeZone },
  );
  return toIso(local);
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** "PCD 999" before "PCD 1065": numbers inside references compare as numbers. */
const refCollator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const compareRefs = (a: string, b: string): number => refCollator.compare(a, b);
const stableSort = <T>(items: T[], compare: (a: T, b: T) => number): T[] =>
  items
    .map((item, i) => ({ item, i }))
    .sort((x, y) => compare(x.item, y.item) || x.i - y.i)
    .map((x) => x.item);

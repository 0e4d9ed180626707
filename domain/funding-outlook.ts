/**
 * The funding outlook, as plain data for the tab's three charts and the tables beside them:
 * commitments per financial year stacked by status; approved funding lines ending in the next 12
 * months, by month, with their renewal-reminder stages and what was decided (renewed, ended or
 * not yet); and the sign-off pipeline, decisions waiting per role and for how long. Pure: the
 * caller passes the decisions the viewer may see (the register's rules), the profile and today.
 */
import { DateTime } from 'luxon';
import { formatFinancialYear, parseIsoDate } from './financial-year';
import { sumPence } from './money';
import type { GovernanceProfile } from './profile';
import { fundingEndDate, lastFundedYear, reminderDueDates } from './reminder-schedule';
import type { Decision, DecisionStatus, FundingLine, IsoDate, Pence } from './types';
import { signOffPipeline, type Pipeline } from './sign-off-pipeline';
import type { DecisionSummary } from './decision-summary';

/**
 * The only fields the outlook reads, so a decision's summary (the store's index row) feeds it as
 * well as a whole Decision: `ref`; `status` (stack, approved lines, pending); `funding` (amounts
 * per year, end dates); `fundingOutcomes` (renewed or ended); `ticks` (or a summary's `ticked`)
 * and `decisionMakerRole` (whom a pending decision waits for); `waitingSince`, else
 * `submittedAt`, else `updatedAt` (since when, as My decisions counts it).
 */
export type OutlookDecision = Pick<
  Decision,
  'ref' | 'status' | 'funding' | 'fundingOutcomes' | 'decisionMakerRole' | 'waitingSince' | 'submittedAt' | 'updatedAt'
> &
  (Pick<Decision, 'ticks'> | Pick<DecisionSummary, 'ticked'>);

/** Statuses whose money counts as committed or proposed; rejected and withdrawn decisions commit nothing. */
export type CommittedStatus = Exclude<DecisionStatus, 'rejected' | 'withdrawn'>;
/** The stack's order, bottom up: firmest first. */
export const COMMITTED_STATUSES: readonly CommittedStatus[] = [
  'approved',
  'awaiting_decision_maker',
  'awaiting_chief_executive',
  'in_review',
  'draft',
];

export interface YearCommitments {
  /** Start year of the financial year (2026 for 2026/27). */
  readonly year: number;
  /** "2026/27". */
  readonly label: string;
  readonly byStatus: Readonly<Record<CommittedStatus, Pence>>;
  readonly total: Pence;
}

export type LineOutcome = 'renewed' | 'ended' | 'undecided';
export const LINE_OUTCOMES: readonly LineOutcome[] = ['renewed', 'ended', 'undecided'];

export interface ReminderStage {
  /** Months before the funding ends. */
  readonly stage: number;
  readonly dueDate: IsoDate;
}

/** A reminder stage of an end date that lines in the window share; `due` once its day has come. */
export interface StageMark extends ReminderStage {
  readonly endDate: IsoDate;
  readonly due: boolean;
}

export interface EndingLine {
  readonly ref: string;
  readonly lineId: string;
  readonly service: string;
  readonly endDate: IsoDate;
  /** What the line's last funded year holds: the yearly funding that stops. */
  readonly amount: Pence;
  readonly outcome: LineOutcome;
  readonly renewalRef: string | null;
  readonly reason: string | null;
  /** Undecided lines only (a decision stops the reminders): the latest stage due by today, and the next. */
  readonly reminder: { readonly reached: ReminderStage | null; readonly next: ReminderStage | null } | null;
}

export interface EndingMonth {
  /** "2027-03". */
  readonly month: string;
  readonly start: IsoDate;
  readonly end: IsoDate;
  readonly amounts: Readonly<Record<LineOutcome, Pence>>;
  readonly total: Pence;
  readonly lines: number;
  /** Reminder stages falling due in this month. */
  readonly stages: readonly StageMark[];
}

export interface EndingOutlook {
  /** The first day of today's month and the last day of the twelfth month. */
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly months: readonly EndingMonth[];
  /** Lines of approved decisions ending from today to `to`, soonest first, then by reference. */
  readonly lines: readonly EndingLine[];
  /** Every stage of every end date in the window, earliest first (some fall before `from`). */
  readonly stages: readonly StageMark[];
  readonly total: Pence;
}

export interface FundingOutlook {
  readonly today: IsoDate;
  readonly commitments: readonly YearCommitments[];
  readonly ending: EndingOutlook;
  readonly pipeline: Pipeline;
}

export const OUTLOOK_MONTHS = 12;

export function fundingOutlook(
  decisions: readonly OutlookDecision[],
  profile: GovernanceProfile,
  today: IsoDate,
): FundingOutlook {
  const day = parseIsoDate(today, profile.timeZone);
  return {
    today: day.toISODate() as IsoDate,
    commitments: commitmentsByYear(decisions),
    ending: endingLines(decisions, profile, day),
    pipeline: signOffPipeline(decisions, profile, today),
  };
}

const isCommitted = (s: DecisionStatus): s is CommittedStatus => (COMMITTED_STATUSES as readonly string[]).includes(s);
const compareRefs = new Intl.Collator('en', { numeric: true, sensitivity: 'base' }).compare;

function commitmentsByYear(decisions: readonly OutlookDecision[]): YearCommitments[] {
  const cells = new Map<number, Record<CommittedStatus, Pence[]>>();
  for (const d of decisions) {
    if (!isCommitted(d.status)) continue;
    for (const line of d.funding)
      for (const a of line.allocations) {
        if (a.amount <= 0) continue;
        let year = cells.get(a.year);
        if (year === undefined) {
          year = { approved: [], awaiting_decision_maker: [], awaiting_chief_executive: [], in_review: [], draft: [] };
          cells.set(a.year, year);
        }
        year[d.status].push(a.amount);
      }
  }
  return [...cells.entries()]
    .sort(([a], [b]) => a - b)
    .map(([year, amounts]) => {
      const byStatus = Object.fromEntries(COMMITTED_STATUSES.map((s) => [s, sumPence(amounts[s])])) as Record<
        CommittedStatus,
        Pence
      >;
      return { year, label: formatFinancialYear(year), byStatus, total: sumPence(Object.values(byStatus)) };
    });
}

function endingLines(decisions: readonly OutlookDecision[], profile: GovernanceProfile, day: DateTime): EndingOutlook {
  const today = day.toISODate() as IsoDate;
  const first = day.startOf('month');
  const from = first.toISODate() as IsoDate;
  const to = first
    .plus({ months: OUTLOOK_MONTHS - 1 })
    .endOf('month')
    .toISODate() as IsoDate;
  // End dates and stages depend only on the line's last funded year: worked out once per year.
  const byLastYear = new Map<number, { endDate: IsoDate; stages: ReminderStage[] }>();
  const schedule = (line: FundingLine) => {
    const last = lastFundedYear(line);
    let known = byLastYear.get(last);
    if (known === undefined) {
      const stages = reminderDueDates(line, profile)
        .map(({ stage, dueDate }) => ({ stage, dueDate }))
        .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));
      known = { endDate: fundingEndDate(line, profile), stages };
      byLastYear.set(last, known);
    }
    return { last, ...known };
  };
  const lines: EndingLine[] = [];
  const marks = new Map<IsoDate, StageMark[]>();
  for (const d of decisions) {
    if (d.status !== 'approved') continue;
    for (const line of d.funding) {
      if (!line.allocations.some((a) => a.amount > 0)) continue;
      const { last, endDate, stages } = schedule(line);
      if (endDate < today || endDate > to) continue;
      const decided = d.fundingOutcomes.filter((o) => o.lineId === line.id).at(-1);
      if (!marks.has(endDate))
        marks.set(
          endDate,
          stages.map((s) => ({ ...s, endDate, due: s.dueDate <= today })),
        );
      lines.push({
        ref: d.ref,
        lineId: line.id,
        service: line.service,
        endDate,
        amount: sumPence(line.allocations.filter((a) => a.year === last).map((a) => a.amount)),
        outcome: decided?.outcome ?? 'undecided',
        renewalRef: decided?.renewalRef ?? null,
        reason: decided?.reason ?? null,
        reminder:
          decided === undefined
            ? {
                reached: stages.filter((s) => s.dueDate <= today).at(-1) ?? null,
                next: stages.find((s) => s.dueDate > today) ?? null,
              }
            : null,
      });
    }
  }
  lines.sort((a, b) => (a.endDate < b.endDate ? -1 : a.endDate > b.endDate ? 1 : 0) || compareRefs(a.ref, b.ref));
  const stages = [...marks.values()]
    .flat()
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0) || b.stage - a.stage);
  const months = Array.from({ length: OUTLOOK_MONTHS }, (_, i): EndingMonth => {
    const m = first.plus({ months: i });
    const start = m.toISODate() as IsoDate;
    const end = m.endOf('month').toISODate() as IsoDate;
    const inMonth = lines.filter((l) => l.endDate >= start && l.endDate <= end);
    const amounts = Object.fromEntries(
      LINE_OUTCOMES.map((o) => [o, sumPence(inMonth.filter((l) => l.outcome === o).map((l) => l.amount))]),
    ) as Record<LineOutcome, Pence>;
    return {
      month: m.toFormat('yyyy-MM'),
      start,
      end,
      amounts,
      total: sumPence(Object.values(amounts)),
      lines: inMonth.length,
      stages: stages.filter((s) => s.dueDate >= start && s.dueDate <= end),
    };
  });
  return { from, to, months, lines, stages, total: sumPence(lines.map((l) => l.amount)) };
}

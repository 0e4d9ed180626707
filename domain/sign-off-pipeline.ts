/**
 * The sign-off pipeline for the funding outlook: the decisions waiting for each role (a
 * declaration to tick or a signature to give) and for how long, in working days counted by date,
 * banded by the profile's nudge. Pure: the caller passes the decisions and today.
 */
import { DateTime } from 'luxon';
import { parseIsoDate } from './financial-year';
import { roleName, type GovernanceProfile } from './profile';
import type { Decision, IsoDate } from './types';
import { waitingRoles } from './workflow';
import type { DecisionSummary } from './decision-summary';
import { toIso, workingDaysBetween } from './working-days';

/** What the pipeline reads of a decision: whom it waits for, and since when (as My decisions counts it). */
export type PipelineDecision = Pick<
  Decision,
  'ref' | 'status' | 'decisionMakerRole' | 'waitingSince' | 'submittedAt' | 'updatedAt'
> &
  (Pick<Decision, 'ticks'> | Pick<DecisionSummary, 'ticked'>);

/** How long a sign-off has waited, in working days, banded by the profile's nudge. */
export interface WaitBand {
  readonly key: 'fresh' | 'nudged' | 'long';
  readonly label: string;
  readonly from: number;
  /** Inclusive; null for no upper bound. */
  readonly to: number | null;
}

export interface WaitingDecision {
  readonly ref: string;
  /** The day the wait began, in the profile's zone. */
  readonly since: IsoDate;
  /** Working days from that day to today (Monday to Friday, by date). */
  readonly workingDays: number;
}

export interface RoleQueue {
  readonly role: string;
  readonly name: string;
  /** Longest wait first, then by reference. */
  readonly decisions: readonly WaitingDecision[];
  /** Counts per band, in `bands` order. */
  readonly byBand: readonly number[];
}

export interface Pipeline {
  readonly bands: readonly WaitBand[];
  /** Roles with at least one decision waiting for them, in the profile's order. */
  readonly roles: readonly RoleQueue[];
  /** Decisions waiting for anyone (one in review waits for several roles and counts once here). */
  readonly waiting: number;
}

const compareRefs = new Intl.Collator('en', { numeric: true, sensitivity: 'base' }).compare;

/** Bands from the profile's nudge: not yet nudged, nudged within a further working week, longer. */
export function waitBands(profile: Pick<GovernanceProfile, 'reminders'>): WaitBand[] {
  const n = profile.reminders.nudgeAfterWorkingDays;
  const days = (k: number) => (k === 1 ? '1 working day' : `${k} working days`);
  return [
    { key: 'fresh', label: `Up to ${days(n)}`, from: 0, to: n },
    { key: 'nudged', label: `${n + 1} to ${days(n + 5)}`, from: n + 1, to: n + 5 },
    { key: 'long', label: `${days(n + 6)} or more`, from: n + 6, to: null },
  ];
}

export function signOffPipeline(
  decisions: readonly PipelineDecision[],
  profile: GovernanceProfile,
  today: IsoDate,
): Pipeline {
  const bands = waitBands(profile);
  const todayStart = toIso(parseIsoDate(today, profile.timeZone));
  const queues = new Map<string, WaitingDecision[]>();
  const byDay = new Map<IsoDate, number>();
  let waiting = 0;
  for (const d of decisions) {
    const roles = waitingRoles(d, profile);
    if (roles.length === 0) continue;
    waiting++;
    const began = DateTime.fromISO(d.waitingSince ?? d.submittedAt ?? d.updatedAt, { zone: profile.timeZone });
    const since = began.toISODate() as IsoDate;
    // Counted by date, so once per day a wait began (luxon's zone arithmetic is the cost here).
    let workingDays = byDay.get(since);
    if (workingDays === undefined) {
      workingDays = workingDaysBetween(toIso(began.startOf('day')), todayStart, profile);
      byDay.set(since, workingDays);
    }
    for (const role of roles) {
      const queue = queues.get(role) ?? [];
      queue.push({ ref: d.ref, since, workingDays });
      queues.set(role, queue);
    }
  }
  const roles = profile.roles
    .filter((r) => queues.has(r.key))
    .map((r): RoleQueue => {
      const list = (queues.get(r.key) ?? []).sort((a, b) => b.workingDays - a.workingDays || compareRefs(a.ref, b.ref));
      return {
        role: r.key,
        name: roleName(profile, r.key),
        decisions: list,
        byBand: bands.map(
          (b) => list.filter((w) => w.workingDays >= b.from && (b.to === null || w.workingDays <= b.to)).length,
        ),
      };
    });
  return { bands, roles, waiting };
}

/**
 * What listDecisions filters on, worked out from a decision alone: shared by the lowdb adapter
 * (which filters its cache) and the PostgreSQL adapter (which keeps it in indexed columns).
 */
import type { Decision } from '../domain/types';
import type { DecisionFilter } from './store';

/**
 * The earliest of the decision's lines' last funded years: for each line the latest year with
 * money on it (allocations of 0 do not count), then the smallest over the lines; null when no line
 * has money. A decision matches `lastFundedYearAtMost: n` exactly when this is at most n.
 */
export function earliestLastFundedYear(decision: Pick<Decision, 'funding'>): number | null {
  let earliest: number | null = null;
  for (const line of decision.funding) {
    let last: number | null = null;
    for (const a of line.allocations) if (a.amount > 0 && (last === null || a.year > last)) last = a.year;
    if (last !== null && (earliest === null || last < earliest)) earliest = last;
  }
  return earliest;
}

/** The latest year with money on any line (the last funded year of the line that runs longest); null without money. */
export function latestFundedYear(decision: Pick<Decision, 'funding'>): number | null {
  let latest: number | null = null;
  for (const line of decision.funding)
    for (const a of line.allocations) if (a.amount > 0 && (latest === null || a.year > latest)) latest = a.year;
  return latest;
}

export function matchesDecisionFilter(
  decision: Pick<Decision, 'status' | 'funding' | 'createdBy'>,
  watchers: readonly string[],
  filter: DecisionFilter,
): boolean {
  return matchesFilterColumns(
    {
      status: decision.status,
      createdBy: decision.createdBy,
      earliestLastFundedYear: () => earliestLastFundedYear(decision),
      latestFundedYear: () => latestFundedYear(decision),
    },
    watchers,
    filter,
  );
}

/** What the filter reads of a decision, the funded years worked out only when the filter asks for them. */
export interface FilterColumns {
  readonly status: Decision['status'];
  readonly createdBy: Pick<Decision['createdBy'], 'aadObjectId'>;
  readonly earliestLastFundedYear: () => number | null;
  readonly latestFundedYear: () => number | null;
}

export function matchesFilterColumns(decision: FilterColumns, watchers: readonly string[], filter: DecisionFilter) {
  if (filter.statuses !== undefined && !filter.statuses.includes(decision.status)) return false;
  if (filter.createdBy !== undefined && decision.createdBy.aadObjectId.toLowerCase() !== filter.createdBy.toLowerCase())
    return false;
  if (filter.watchedBy !== undefined) {
    const who = filter.watchedBy.toLowerCase();
    if (!watchers.some((w) => w.toLowerCase() === who)) return false;
  }
  if (filter.lastFundedYearAtMost !== undefined) {
    const year = decision.earliestLastFundedYear();
    if (year === null || year > filter.lastFundedYearAtMost) return false;
  }
  if (filter.lastFundedYearAtLeast !== undefined) {
    const year = decision.latestFundedYear();
    if (year === null || year < filter.lastFundedYearAtLeast) return false;
  }
  return true;
}

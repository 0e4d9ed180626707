/**
 * The register's query on decision summaries (Store.querySummaries): filters, one sort with the
 * reference breaking ties, and a page. The PostgreSQL adapter runs it in SQL
 * (postgres/summary-queries.ts); the lowdb adapter runs it here, over its in-memory index kept in
 * reference order. Both follow the rules written here, and the contract suite holds them to it.
 */
import type { ViewerScope } from '../domain/authority';
import type { DecisionSummary } from '../domain/decision-summary';
import { part1PublishedBy } from '../domain/decision-summary';
import { reachesBand, type DelegationBand } from '../domain/delegation';
import type { DecisionStatus, IsoDate } from '../domain/types';
import { referenceColumns } from './postgres/reference-columns';

export const SUMMARY_SORTS = ['ref', 'title', 'status', 'maker', 'total', 'updated'] as const;
export type SummarySort = (typeof SUMMARY_SORTS)[number];

/** The order the status sort follows: the workflow's. */
export const STATUS_ORDER: readonly DecisionStatus[] = [
  'draft',
  'in_review',
  'awaiting_chief_executive',
  'awaiting_decision_maker',
  'approved',
  'rejected',
  'withdrawn',
];

/**
 * Whose register: every decision, or those whose Part 1 is published on `today` (a day in
 * `timeZone`) plus the ones `viewerId` created (the rule of domain/authority's inScope).
 */
export type SummaryScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'published'; readonly viewerId: string; readonly today: IsoDate; readonly timeZone: string };

/** A viewer's scope (domain/authority.ts) as the store takes it: what is published on `today` in `timeZone`. */
export function scopeOn(scope: ViewerScope, today: IsoDate, timeZone: string): SummaryScope {
  return scope.kind === 'all' ? scope : { ...scope, today, timeZone };
}

export interface SummaryQuery {
  readonly scope: SummaryScope;
  readonly statuses?: readonly DecisionStatus[];
  /** Only decisions with money (an allocation above 0) in this financial year (its start year). */
  readonly year?: number;
  /** Only decisions whose maker is this role: decisionMakerRole, or for none yet the band the total falls in. */
  readonly maker?: string;
  /** The scheme of delegation's bands, highest first (domain/delegation bandsHighestFirst): the maker by total. */
  readonly bands: readonly DelegationBand[];
  /** Case-insensitive part of the reference or the title. */
  readonly text?: string;
  /** Default ref. Ties are broken by the reference, ascending. */
  readonly sort?: SummarySort;
  readonly descending?: boolean;
  /** Default: every match. */
  readonly limit?: number;
  readonly offset?: number;
}

export interface SummaryPage {
  /** The page, sorted. */
  readonly rows: readonly DecisionSummary[];
  /** How many decisions match, over all pages. */
  readonly total: number;
}

/** The decision maker of a summary: its own, or the scheme of delegation's for its total. */
export function makerOf(s: Pick<DecisionSummary, 'decisionMakerRole' | 'total'>, bands: readonly DelegationBand[]) {
  if (s.decisionMakerRole !== null) return s.decisionMakerRole;
  return (bands.find((b) => reachesBand(s.total, b)) ?? bands[bands.length - 1])?.role ?? '';
}

/**
 * The reference order: the reference key's letters (prefix), then its number, then the whole key,
 * references without a number last (PostgreSQL: ref_prefix, ref_number, ref_key, NULLS LAST).
 */
export interface RefOrderKey {
  readonly prefix: string | null;
  readonly number: number | null;
  readonly key: string;
}

export const refOrderKey = (ref: string, key: string): RefOrderKey => ({ ...referenceColumns(ref), key });

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const nullsLast = <T>(a: T | null, b: T | null, cmp: (x: T, y: T) => number): number =>
  a === null ? (b === null ? 0 : 1) : b === null ? -1 : cmp(a, b);

export function compareRefOrder(a: RefOrderKey, b: RefOrderKey): number {
  return (
    nullsLast(a.prefix, b.prefix, byCodeUnits) ||
    nullsLast(a.number, b.number, (x, y) => x - y) ||
    byCodeUnits(a.key, b.key)
  );
}

/** The fields of a summary the query reads itself: a summary, or a store's compact row holding them as columns. */
export type SummaryColumns = Pick<
  DecisionSummary,
  'ref' | 'title' | 'status' | 'total' | 'decisionMakerRole' | 'updatedAt' | 'createdBy'
>;

/** The rest of what the query needs of a row, and the summary it stands for (read only for the rows returned). */
export interface RowAccess<R extends SummaryColumns> {
  /** part1PublishedBy, on the row. */
  readonly published: (row: R, today: IsoDate, timeZone: string) => boolean;
  /** Whether any line has money (an allocation above 0) in this financial year. */
  readonly hasMoneyIn: (row: R, year: number) => boolean;
  readonly summary: (row: R) => DecisionSummary;
}

const hasMoneyIn = (s: DecisionSummary, year: number): boolean =>
  s.funding.some((l) => l.allocations.some((a) => a.year === year && a.amount > 0));

const summaryAccess: RowAccess<DecisionSummary> = { published: part1PublishedBy, hasMoneyIn, summary: (s) => s };

function inScope<R extends SummaryColumns>(row: R, scope: SummaryScope, access: RowAccess<R>): boolean {
  if (scope.kind === 'all') return true;
  return row.createdBy.aadObjectId === scope.viewerId || access.published(row, scope.today, scope.timeZone);
}

export function inSummaryScope(s: DecisionSummary, scope: SummaryScope): boolean {
  return inScope(s, scope, summaryAccess);
}

/** The sort key of each sort but ref (which is the order the rows come in). */
const sortKeys: Readonly<
  Record<Exclude<SummarySort, 'ref'>, (s: SummaryColumns, bands: readonly DelegationBand[]) => string | number>
> = {
  title: (s) => s.title.toLowerCase(),
  status: (s) => STATUS_ORDER.indexOf(s.status),
  maker: (s, bands) => makerOf(s, bands),
  total: (s) => s.total,
  updated: (s) => s.updatedAt,
};

/** Runs a query over summaries given in reference order. */
export function runSummaryQuery(inRefOrder: Iterable<DecisionSummary>, q: SummaryQuery): SummaryPage {
  return runRowQuery(inRefOrder, q, summaryAccess);
}

/** Runs a query over rows given in reference order; only the rows of the page are turned into summaries. */
export function runRowQuery<R extends SummaryColumns>(
  inRefOrder: Iterable<R>,
  q: SummaryQuery,
  access: RowAccess<R>,
): SummaryPage {
  const needle = (q.text ?? '').toLowerCase();
  const matching: R[] = [];
  for (const s of inRefOrder) {
    if (q.statuses !== undefined && !q.statuses.includes(s.status)) continue;
    if (q.year !== undefined && !access.hasMoneyIn(s, q.year)) continue;
    if (needle !== '' && !s.ref.toLowerCase().includes(needle) && !s.title.toLowerCase().includes(needle)) continue;
    if (q.maker !== undefined && makerOf(s, q.bands) !== q.maker) continue;
    if (!inScope(s, q.scope, access)) continue;
    matching.push(s);
  }
  const sign = q.descending === true ? -1 : 1;
  let sorted: R[];
  if ((q.sort ?? 'ref') === 'ref') {
    sorted = sign === 1 ? matching : matching.reverse();
  } else {
    const keyOf = sortKeys[q.sort as Exclude<SummarySort, 'ref'>];
    // Keys worked out once per row; the sort is stable, so rows with equal keys stay in reference order.
    const keyed = matching.map((s) => ({ s, k: keyOf(s, q.bands) }));
    keyed.sort((a, b) => sign * (typeof a.k === 'number' ? a.k - (b.k as number) : byCodeUnits(a.k, b.k as string)));
    sorted = keyed.map((x) => x.s);
  }
  const offset = q.offset ?? 0;
  const rows = sorted.slice(offset, q.limit === undefined ? undefined : offset + q.limit).map(access.summary);
  return { rows, total: matching.length };
}

/** Financial years with money in any of the rows in scope, ascending (`years`: a row's years with money). */
export function yearsWithMoney<R extends SummaryColumns>(
  rows: Iterable<R>,
  scope: SummaryScope,
  access: RowAccess<R> & { readonly years: (row: R) => Iterable<number> },
): number[] {
  const years = new Set<number>();
  for (const row of rows) {
    if (!inScope(row, scope, access)) continue;
    for (const year of access.years(row)) years.add(year);
  }
  return [...years].sort((a, b) => a - b);
}

/**
 * The register tab's query: filters (status, financial year, decision maker, waiting-for role,
 * free text), a sort and a page, read leniently from the URL (an unknown value is no filter), and
 * run in the store (Store.querySummaries: filtered, sorted and paged there, on summaries, so a page
 * of a register of 100,000 decisions reads 25 of them). Who waits depends on the profile: that
 * filter asks the store for the pending decisions (few) and keeps those waiting for the role.
 * What a viewer sees follows the chat's rules (publication.ts visibleTo, authority.ts inScope).
 */
import type { ViewerScope } from '../domain/authority';
import type { DecisionSummary } from '../domain/decision-summary';
import { bandsHighestFirst } from '../domain/delegation';
import { formatFinancialYear, parseFinancialYear } from '../domain/financial-year';
import type { GovernanceProfile } from '../domain/profile';
import type { DecisionStatus, IsoDate, Pence } from '../domain/types';
import { PENDING, waitingRoles } from '../domain/workflow';
import type { Store } from '../storage/store';
import { makerOf, scopeOn, STATUS_ORDER, type SummaryQuery, type SummaryScope } from '../storage/summary-query';

/** Every status, in the workflow's order (the filter's options, and the status sort). */
export const STATUSES: readonly DecisionStatus[] = STATUS_ORDER;
export const SORTS = ['ref', 'title', 'status', 'maker', 'total', 'updated'] as const;
export type SortKey = (typeof SORTS)[number];
export const PAGE_SIZE = 25;

export interface RegisterQuery {
  readonly status: DecisionStatus | null;
  /** Start year of a financial year the decision has money in. */
  readonly year: number | null;
  readonly maker: string | null;
  readonly waiting: string | null;
  readonly text: string;
  readonly sort: SortKey;
  readonly descending: boolean;
  readonly page: number;
}

export interface RegisterRow {
  readonly decision: DecisionSummary;
  readonly total: Pence;
  /** Role key of the decision maker (the scheme of delegation's, for an unsubmitted draft). */
  readonly maker: string;
}

export interface RegisterResult {
  readonly query: RegisterQuery;
  /** How many decisions match, over all pages. */
  readonly count: number;
  readonly page: readonly RegisterRow[];
  readonly pages: number;
  /** Financial years with money in any decision the viewer sees, for the filter. */
  readonly years: readonly number[];
}
type Params = Readonly<Record<string, unknown>>;
const text = (params: Params, key: string): string => (typeof params[key] === 'string' ? params[key].trim() : '');

export function parseRegisterQuery(params: Params, profile: GovernanceProfile): RegisterQuery {
  const roles = new Set(profile.roles.map((r) => r.key));
  const status = text(params, 'status');
  const sort = text(params, 'sort');
  let year: number | null;
  try {
    year = text(params, 'year') === '' ? null : parseFinancialYear(text(params, 'year'));
  } catch {
    year = null;
  }
  const page = Number(text(params, 'page'));
  return {
    status: (STATUSES as readonly string[]).includes(status) ? (status as DecisionStatus) : null,
    year,
    maker: roles.has(text(params, 'maker')) ? text(params, 'maker') : null,
    waiting: roles.has(text(params, 'waiting')) ? text(params, 'waiting') : null,
    text: text(params, 'q').slice(0, 100),
    sort: (SORTS as readonly string[]).includes(sort) ? (sort as SortKey) : 'ref',
    descending: text(params, 'dir') === 'desc',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** The query as URL parameters (defaults left out), for links that change one part of it. */
export function queryParams(q: RegisterQuery, change: Partial<RegisterQuery> = {}): Record<string, string> {
  const v = { ...q, ...change };
  const out: Record<string, string> = {};
  if (v.status) out.status = v.status;
  if (v.year !== null) out.year = formatFinancialYear(v.year);
  if (v.maker) out.maker = v.maker;
  if (v.waiting) out.waiting = v.waiting;
  if (v.text) out.q = v.text;
  if (v.sort !== 'ref') out.sort = v.sort;
  if (v.descending) out.dir = 'desc';
  if (v.page !== 1) out.page = String(v.page);
  return out;
}

/** The store's query for the filters and sort (no page). */
function storeQuery(q: RegisterQuery, scope: SummaryScope, profile: GovernanceProfile): SummaryQuery {
  let statuses: DecisionStatus[] | undefined = q.status === null ? undefined : [q.status];
  if (q.waiting !== null) statuses = (statuses ?? [...PENDING]).filter((s) => PENDING.includes(s));
  return {
    scope,
    bands: bandsHighestFirst(profile),
    ...(statuses === undefined ? {} : { statuses }),
    ...(q.year === null ? {} : { year: q.year }),
    ...(q.maker === null ? {} : { maker: q.maker }),
    ...(q.text === '' ? {} : { text: q.text }),
    sort: q.sort,
    descending: q.descending,
  };
}

const rowOf = (s: DecisionSummary, query: SummaryQuery): RegisterRow => ({
  decision: s,
  total: s.total,
  maker: makerOf(s, query.bands),
});

/** Every decision the viewer may see on `today` that the query matches, sorted (the CSV: no page). */
export async function registerRows(
  store: Store,
  profile: GovernanceProfile,
  scope: ViewerScope,
  today: IsoDate,
  q: RegisterQuery,
): Promise<RegisterRow[]> {
  const query = storeQuery(q, scopeOn(scope, today, profile.timeZone), profile);
  const { rows } = await store.querySummaries(query);
  const waiting = q.waiting;
  const kept = waiting === null ? rows : rows.filter((s) => waitingRoles(s, profile).includes(waiting));
  return kept.map((s) => rowOf(s, query));
}

/** One page of the register a viewer may see on `today`, filtered and sorted by the store. */
export async function registerFor(
  store: Store,
  profile: GovernanceProfile,
  scope: ViewerScope,
  today: IsoDate,
  q: RegisterQuery,
): Promise<RegisterResult> {
  const sScope = scopeOn(scope, today, profile.timeZone);
  const yearsRead = store.fundedYears(sScope);
  yearsRead.catch(() => undefined); // awaited below; if the page's query fails first, not an unhandled rejection
  const query = storeQuery(q, sScope, profile);
  let count: number;
  let rows: readonly DecisionSummary[];
  let page = q.page;
  if (q.waiting !== null) {
    // Pending decisions only (statuses pushed to the store), the profile's part applied here.
    const all = await registerRows(store, profile, scope, today, q);
    count = all.length;
    page = Math.min(page, pageCount(count));
    rows = all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((r) => r.decision);
  } else {
    let result = await store.querySummaries({ ...query, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    count = result.total;
    if (page > pageCount(count)) {
      page = pageCount(count);
      result = await store.querySummaries({ ...query, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    }
    rows = result.rows;
  }
  return {
    query: { ...q, page },
    count,
    page: rows.map((s) => rowOf(s, query)),
    pages: pageCount(count),
    years: await yearsRead,
  };
}

const pageCount = (count: number): number => Math.max(1, Math.ceil(count / PAGE_SIZE));

/**
 * The register tab's query: filters (status, financial year, decision maker, waiting-for role,
 * free text), a sort and a page, read leniently from the URL (an unknown value is no filter), and
 * run against the store. The status filter goes to the store (an indexed column on PostgreSQL);
 * the rest is worked out once per decision, the page sliced from the sorted rows. What a viewer
 * sees follows the chat's rules (publication.ts visibleTo).
 */
import { decisionTotal } from '../domain/decision';
import { decisionMakerFor } from '../domain/delegation';
import { formatFinancialYear, parseFinancialYear } from '../domain/financial-year';
import type { ViewerScope } from '../domain/authority';
import type { GovernanceProfile } from '../domain/profile';
import type { Decision, DecisionStatus, IsoDate, Pence } from '../domain/types';
import { nextStep } from '../domain/workflow';
import { visibleTo } from '../documents/export/publication';
import type { Store } from '../storage/store';

export const STATUSES: readonly DecisionStatus[] = [
  'draft',
  'in_review',
  'awaiting_chief_executive',
  'awaiting_decision_maker',
  'approved',
  'rejected',
  'withdrawn',
];
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
  readonly decision: Decision;
  readonly total: Pence;
  /** Role key of the decision maker (the scheme of delegation's, for an unsubmitted draft). */
  readonly maker: string;
}

export interface RegisterResult {
  readonly query: RegisterQuery;
  /** Every matching row, sorted (the CSV); `page` is the slice shown. */
  readonly matching: readonly RegisterRow[];
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

// One collator for the whole sort: localeCompare with options builds one per call (seconds at 100,000 rows).
const refCollator = new Intl.Collator('en', { numeric: true });
const textCollator = new Intl.Collator('en');
const compareRefs = (a: Decision, b: Decision) => refCollator.compare(a.ref, b.ref);

const comparators: Readonly<Record<SortKey, (a: RegisterRow, b: RegisterRow) => number>> = {
  ref: (a, b) => compareRefs(a.decision, b.decision),
  title: (a, b) => textCollator.compare(a.decision.title, b.decision.title),
  status: (a, b) => STATUSES.indexOf(a.decision.status) - STATUSES.indexOf(b.decision.status),
  maker: (a, b) => textCollator.compare(a.maker, b.maker),
  total: (a, b) => a.total - b.total,
  updated: (a, b) =>
    a.decision.updatedAt < b.decision.updatedAt ? -1 : a.decision.updatedAt > b.decision.updatedAt ? 1 : 0,
};

const hasMoneyIn = (d: Decision, year: number) =>
  d.funding.some((l) => l.allocations.some((a) => a.year === year && a.amount > 0));

/** Filters, sorts and pages decisions already read; the reference breaks ties so pages never overlap. */
export function runRegisterQuery(
  decisions: readonly Decision[],
  q: RegisterQuery,
  profile: GovernanceProfile,
): RegisterResult {
  const needle = q.text.toLowerCase();
  const rows: RegisterRow[] = [];
  const years = new Set<number>();
  for (const d of decisions) {
    for (const l of d.funding) for (const a of l.allocations) if (a.amount > 0) years.add(a.year);
    if (q.status !== null && d.status !== q.status) continue;
    if (q.year !== null && !hasMoneyIn(d, q.year)) continue;
    if (needle !== '' && !d.ref.toLowerCase().includes(needle) && !d.title.toLowerCase().includes(needle)) continue;
    const total = decisionTotal(d);
    const maker = d.decisionMakerRole ?? decisionMakerFor(total, profile);
    if (q.maker !== null && maker !== q.maker) continue;
    if (q.waiting !== null && !nextStep(d, profile).roles.includes(q.waiting)) continue;
    rows.push({ decision: d, total, maker });
  }
  const by = comparators[q.sort];
  const sign = q.descending ? -1 : 1;
  rows.sort((a, b) => sign * by(a, b) || compareRefs(a.decision, b.decision));
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const page = Math.min(q.page, pages);
  return {
    query: { ...q, page },
    matching: rows,
    page: rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
    pages,
    years: [...years].sort((a, b) => a - b),
  };
}

/** The register a viewer may see on `today`, filtered: the status filter is pushed into the store. */
export async function registerFor(
  store: Store,
  profile: GovernanceProfile,
  scope: ViewerScope,
  today: IsoDate,
  q: RegisterQuery,
): Promise<RegisterResult> {
  const stored = await store.listDecisions(q.status === null ? undefined : { statuses: [q.status] });
  const visible = visibleTo(
    scope,
    stored.map((s) => s.decision),
    today,
    profile.timeZone,
  );
  return runRegisterQuery(visible, q, profile);
}

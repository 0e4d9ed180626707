/**
 * Decision summaries in PostgreSQL: listSummaries and the register's query (summary-query.ts
 * states the rules) read the `summary` column and the columns generated beside it by migration 004,
 * never the whole decision. The page and the count of every match are two statements run at once.
 */
import type { Pool } from 'pg';
import type { DecisionSummary } from '../../domain/decision-summary';
import type { DecisionFilter } from '../store';
import { STATUS_ORDER, type SummaryPage, type SummaryQuery, type SummaryScope } from '../summary-query';

/** Builds a WHERE clause with numbered parameters. */
class Where {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  add(condition: string): void {
    this.parts.push(condition);
  }

  get sql(): string {
    return this.parts.length === 0 ? '' : `WHERE ${this.parts.map((p) => `(${p})`).join(' AND ')}`;
  }
}

export const REF_ORDER = 'ref_prefix COLLATE "C", ref_number, ref_key COLLATE "C"';
const REF_ORDER_DESC = 'ref_prefix COLLATE "C" DESC, ref_number DESC, ref_key COLLATE "C" DESC';

export function filterWhere(filter: DecisionFilter, w = new Where()): Where {
  if (filter.statuses !== undefined) w.add(`status = ANY(${w.param([...filter.statuses])}::text[])`);
  if (filter.lastFundedYearAtMost !== undefined)
    w.add(`last_funded_year <= ${w.param(filter.lastFundedYearAtMost)}::integer`);
  if (filter.lastFundedYearAtLeast !== undefined)
    w.add(`latest_funded_year >= ${w.param(filter.lastFundedYearAtLeast)}::integer`);
  if (filter.createdBy !== undefined) w.add(`lower(created_by) = lower(${w.param(filter.createdBy)})`);
  if (filter.watchedBy !== undefined)
    w.add(
      `EXISTS (SELECT 1 FROM jsonb_array_elements_text(watchers) AS w WHERE lower(w) = lower(${w.param(filter.watchedBy)}))`,
    );
  return w;
}

function scopeWhere(scope: SummaryScope, w: Where): void {
  if (scope.kind === 'all') return;
  // part1PublishedBy (domain/decision-summary.ts): approved, and not deferred past today.
  const approvedOn = `to_char((approved_at::timestamptz AT TIME ZONE ${w.param(scope.timeZone)})::date, 'YYYY-MM-DD')`;
  w.add(
    `created_by = ${w.param(scope.viewerId)} OR (status = 'approved' AND approved_at IS NOT NULL AND
      (deferred_until IS NULL OR greatest(deferred_until, ${approvedOn}) <= ${w.param(scope.today)}))`,
  );
}

/** The decision maker: its own role, or the band its total reaches (bands highest first). */
function makerSql(q: SummaryQuery, w: Where): string {
  const bands = q.bands.map(
    (b) => `WHEN total ${b.inclusive ? '>=' : '>'} ${w.param(b.minimum)}::bigint THEN ${w.param(b.role)}::text`,
  );
  const lowest = q.bands[q.bands.length - 1]?.role ?? '';
  return `COALESCE(maker_role, CASE ${bands.join(' ')} ELSE ${w.param(lowest)}::text END)`;
}

export async function listSummaries(pool: Pool, filter: DecisionFilter = {}): Promise<DecisionSummary[]> {
  const w = filterWhere(filter);
  const { rows } = await pool.query<{ summary: DecisionSummary }>(
    `SELECT summary FROM decisions ${w.sql} ORDER BY ${REF_ORDER}`,
    w.params,
  );
  return rows.map((r) => r.summary);
}

export async function querySummaries(pool: Pool, q: SummaryQuery): Promise<SummaryPage> {
  const w = new Where();
  if (q.statuses !== undefined) w.add(`status = ANY(${w.param([...q.statuses])}::text[])`);
  if (q.year !== undefined) w.add(`${w.param(q.year)}::integer = ANY(funded_years)`);
  const needle = (q.text ?? '').toLowerCase();
  if (needle !== '') {
    const p = w.param(needle);
    w.add(`strpos(lower(ref), ${p}) > 0 OR strpos(title_key, ${p}) > 0`);
  }
  if (q.maker !== undefined) w.add(`${makerSql(q, w)} = ${w.param(q.maker)}::text`);
  scopeWhere(q.scope, w);
  const countParams = [...w.params];
  const dir = q.descending === true ? 'DESC' : 'ASC';
  const sort = q.sort ?? 'ref';
  const keys: Record<Exclude<typeof sort, 'ref'>, () => string> = {
    title: () => 'title_key COLLATE "C"',
    status: () => `array_position(${w.param([...STATUS_ORDER])}::text[], status)`,
    maker: () => `${makerSql(q, w)} COLLATE "C"`,
    total: () => 'total',
    updated: () => 'updated COLLATE "C"',
  };
  const order = sort === 'ref' ? (dir === 'ASC' ? REF_ORDER : REF_ORDER_DESC) : `${keys[sort]()} ${dir}, ${REF_ORDER}`;
  const limit = q.limit === undefined ? '' : ` LIMIT ${w.param(q.limit)}::integer`;
  const offset = q.offset === undefined ? '' : ` OFFSET ${w.param(q.offset)}::integer`;
  const [page, count] = await Promise.all([
    pool.query<{ summary: DecisionSummary }>(
      `SELECT summary FROM decisions ${w.sql} ORDER BY ${order}${limit}${offset}`,
      w.params,
    ),
    pool.query<{ n: string }>(`SELECT count(*) AS n FROM decisions ${w.sql}`, countParams),
  ]);
  return { rows: page.rows.map((r) => r.summary), total: Number(count.rows[0]?.n ?? 0) };
}

export async function fundedYears(pool: Pool, scope: SummaryScope): Promise<number[]> {
  const w = new Where();
  scopeWhere(scope, w);
  const { rows } = await pool.query<{ year: number }>(
    `SELECT DISTINCT unnest(funded_years) AS year FROM decisions ${w.sql} ORDER BY year`,
    w.params,
  );
  return rows.map((r) => r.year);
}

/**
 * Decisions and their audit chains in PostgreSQL. A change writes the decision's row with
 * `WHERE version = $n` (which takes the row lock and checks the version at once) and appends the
 * linked audit events in the same transaction: writers of one decision queue on the row lock, and
 * one that finds the version moved on matches no row and is refused as stale, so the chain stays
 * linear however many replicas write at once.
 */
import type { Pool, PoolClient } from 'pg';
import { linkEvents } from '../../domain/audit';
import { DomainError, ErrorCode } from '../../domain/errors';
import type { AuditEvent, Decision, EventDraft, Provenance } from '../../domain/types';
import { refKey } from '../../domain/reference';
import { earliestLastFundedYear } from '../decision-filter';
import { referenceNumber } from '../reference-number';
import type { DecisionFilter, DecisionHome, StoredDecision } from '../store';
import { prefixIsIndexable, referenceColumns } from './reference-columns';
import { filterWhere, REF_ORDER } from './summary-queries';
import { inTransaction, isPgError, uniqueViolation } from './transaction';

interface DecisionRow {
  data: Decision;
  home: DecisionHome | null;
  watchers: string[];
}

const toStored = (row: DecisionRow): StoredDecision => ({ decision: row.data, home: row.home, watchers: row.watchers });

const json = (value: unknown): string => JSON.stringify(value);

export async function getDecision(pool: Pool, ref: string): Promise<StoredDecision | null> {
  const { rows } = await pool.query<DecisionRow>('SELECT data, home, watchers FROM decisions WHERE ref_key = $1', [
    refKey(ref),
  ]);
  return rows[0] === undefined ? null : toStored(rows[0]);
}

/** Every decision, or those the filter matches, read through the indexed columns. */
export async function listDecisions(pool: Pool, filter: DecisionFilter = {}): Promise<StoredDecision[]> {
  const w = filterWhere(filter);
  const { rows } = await pool.query<DecisionRow>(
    `SELECT data, home, watchers FROM decisions ${w.sql} ORDER BY ${REF_ORDER}`,
    w.params,
  );
  return rows.map(toStored);
}

/** The columns listDecisions filters on, kept beside the jsonb on every write (see 002_decision_filters.sql). */
const filterColumns = (decision: Decision): [string, number | null] => [
  decision.status,
  earliestLastFundedYear(decision),
];

async function insertDecisionRow(
  client: PoolClient,
  decision: Decision,
  home: DecisionHome | null,
  watchers: readonly string[],
): Promise<void> {
  const columns = referenceColumns(decision.ref);
  try {
    await client.query(
      `INSERT INTO decisions (ref_key, ref, ref_prefix, ref_number, version, data, home, watchers, status, last_funded_year)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        refKey(decision.ref),
        decision.ref,
        columns.prefix,
        columns.number,
        decision.version,
        json(decision),
        json(home),
        json(watchers),
        ...filterColumns(decision),
      ],
    );
  } catch (error) {
    if (isPgError(error, uniqueViolation)) {
      throw new DomainError(ErrorCode.DuplicateRef, `${decision.ref} already exists. Choose another reference.`, {
        ref: decision.ref,
      });
    }
    throw error;
  }
}

async function insertEvents(client: PoolClient, ref: string, events: readonly AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  await client.query(
    `INSERT INTO audit_events (ref_key, seq, event)
     SELECT $1, e.seq, e.event FROM unnest($2::integer[], $3::json[]) AS e(seq, event)`,
    [refKey(ref), events.map((e) => e.seq), events.map((e) => json(e))],
  );
}

export async function createDecision(
  pool: Pool,
  decision: Decision,
  drafts: readonly EventDraft[],
  provenance: Provenance,
  home: DecisionHome | null,
): Promise<StoredDecision> {
  return inTransaction(pool, async (client) => {
    await insertDecisionRow(client, decision, home, []);
    await insertEvents(client, decision.ref, linkEvents(null, decision.ref, drafts, provenance));
    return { decision, home, watchers: [] };
  });
}

export async function updateDecision(
  pool: Pool,
  decision: Decision,
  expectedVersion: number,
  drafts: readonly EventDraft[],
  provenance: Provenance,
): Promise<StoredDecision> {
  const key = refKey(decision.ref);
  return inTransaction(pool, async (client) => {
    // One statement takes the row lock, checks the version and writes the row (the stored ref
    // text is kept); it returns the chain's last link, read under that lock.
    const next: Decision = { ...decision, version: expectedVersion + 1 };
    const updated = await client.query<{
      ref: string;
      home: DecisionHome | null;
      watchers: string[];
      last: AuditEvent | null;
    }>(
      `UPDATE decisions SET data = jsonb_set($2::jsonb, '{ref}', to_jsonb(ref)), version = $3, status = $5, last_funded_year = $6, updated_at = now()
        WHERE ref_key = $1 AND version = $4
        RETURNING ref, home, watchers, (SELECT event FROM audit_events WHERE ref_key = $1 ORDER BY seq DESC LIMIT 1) AS last`,
      [key, json(next), next.version, expectedVersion, ...filterColumns(next)],
    );
    const row = updated.rows[0];
    if (row === undefined) throw await notUpdated(client, decision.ref, expectedVersion);
    await insertEvents(client, row.ref, linkEvents(row.last, row.ref, drafts, provenance));
    return { decision: { ...next, ref: row.ref }, home: row.home, watchers: row.watchers };
  });
}

/** Why an update matched no row: the decision is gone, or another writer changed it first. */
async function notUpdated(client: PoolClient, ref: string, expectedVersion: number): Promise<DomainError> {
  const { rows } = await client.query<{ ref: string; version: number }>(
    'SELECT ref, version FROM decisions WHERE ref_key = $1',
    [refKey(ref)],
  );
  const current = rows[0];
  if (current === undefined) return notFound(ref);
  return new DomainError(
    ErrorCode.StaleVersion,
    `${current.ref} has changed since you loaded it (it is now version ${current.version}, you had ${expectedVersion}). Reload it and try again.`,
    { ref: current.ref, version: current.version, expectedVersion },
  );
}

async function setColumn(pool: Pool, ref: string, column: 'home' | 'watchers', value: unknown): Promise<void> {
  const result = await pool.query(`UPDATE decisions SET ${column} = $2, updated_at = now() WHERE ref_key = $1`, [
    refKey(ref),
    json(value),
  ]);
  if (result.rowCount === 0) throw notFound(ref);
}

function notFound(ref: string): DomainError {
  return new DomainError(ErrorCode.NotFound, `There is no decision ${ref}.`, { ref });
}

export const setHome = (pool: Pool, ref: string, home: DecisionHome): Promise<void> =>
  setColumn(pool, ref, 'home', home);

export const setWatchers = (pool: Pool, ref: string, watchers: readonly string[]): Promise<void> =>
  setColumn(pool, ref, 'watchers', [...new Set(watchers)]);

export async function getAudit(pool: Pool, ref: string): Promise<AuditEvent[]> {
  // One statement, so the decision's existence and its events are read from one snapshot.
  const { rows } = await pool.query<{ event: AuditEvent | null }>(
    `SELECT a.event FROM decisions d LEFT JOIN audit_events a ON a.ref_key = d.ref_key
      WHERE d.ref_key = $1 ORDER BY a.seq`,
    [refKey(ref)],
  );
  if (rows.length === 0) throw notFound(ref);
  return rows.flatMap((r) => (r.event === null ? [] : [r.event]));
}

export async function highestReferenceNumber(pool: Pool, prefix: string): Promise<number | null> {
  if (prefixIsIndexable(prefix)) {
    const { rows } = await pool.query<{ n: string | null }>(
      'SELECT max(ref_number) AS n FROM decisions WHERE ref_prefix = $1',
      [refKey(prefix)],
    );
    return rows[0]?.n == null ? null : Number(rows[0].n);
  }
  const { rows } = await pool.query<{ ref: string }>('SELECT ref FROM decisions');
  return rows.reduce<number | null>((highest, row) => {
    const n = referenceNumber(row.ref, prefix);
    return n !== null && (highest === null || n > highest) ? n : highest;
  }, null);
}

/**
 * Writes a decision and its audit chain exactly as given (hashes kept), replacing any decision of
 * the same reference and its chain: for copying a register between stores.
 */
export async function importDecision(pool: Pool, stored: StoredDecision, audit: readonly AuditEvent[]): Promise<void> {
  const key = refKey(stored.decision.ref);
  const columns = referenceColumns(stored.decision.ref);
  await inTransaction(pool, async (client) => {
    await client.query('DELETE FROM audit_events WHERE ref_key = $1', [key]);
    await client.query(
      `INSERT INTO decisions (ref_key, ref, ref_prefix, ref_number, version, data, home, watchers, status, last_funded_year)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (ref_key) DO UPDATE SET ref = EXCLUDED.ref, ref_prefix = EXCLUDED.ref_prefix, ref_number = EXCLUDED.ref_number,
         version = EXCLUDED.version, data = EXCLUDED.data, home = EXCLUDED.home, watchers = EXCLUDED.watchers,
         status = EXCLUDED.status, last_funded_year = EXCLUDED.last_funded_year, updated_at = now()`,
      [
        key,
        stored.decision.ref,
        columns.prefix,
        columns.number,
        stored.decision.version,
        json(stored.decision),
        json(stored.home),
        json(stored.watchers),
        ...filterColumns(stored.decision),
      ],
    );
    await insertEvents(client, stored.decision.ref, audit);
  });
}

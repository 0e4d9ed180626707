/**
 * The reminder outbox in PostgreSQL. Every Delivery is kept whole in `data`; state, due time and
 * claim are copied into columns so a claim is one UPDATE over `FOR UPDATE SKIP LOCKED` rows:
 * two replicas claiming at the same moment take disjoint sets, and a claim whose lease ran out
 * (the replica died mid-send) can be taken again.
 */
import type { Pool } from 'pg';
import { DomainError, ErrorCode } from '../../domain/errors';
import type { IsoInstant } from '../../domain/types';
import { refKey } from '../../domain/reference';
import { noDeliveries, type Delivery, type DeliveryState } from '../store';

const byNextAttemptThenKey = (a: Delivery, b: Delivery): number =>
  Date.parse(a.nextAttemptAt) - Date.parse(b.nextAttemptAt) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

function checkInstant(instant: IsoInstant, what: string): void {
  if (Number.isNaN(Date.parse(instant)))
    throw new DomainError(ErrorCode.InvalidInput, `The delivery's ${what} "${instant}" is not a date and time.`);
}

export async function enqueueDeliveries(pool: Pool, deliveries: readonly Delivery[]): Promise<number> {
  if (deliveries.length === 0) return 0;
  for (const d of deliveries) {
    checkInstant(d.dueAt, 'due time');
    checkInstant(d.nextAttemptAt, 'next attempt time');
  }
  const result = await pool.query(
    `INSERT INTO deliveries (key, ref_key, state, next_attempt_at, claimed_by, claimed_until, data)
     SELECT d->>'key', ($2::text[])[e.i], d->>'state', (d->>'nextAttemptAt')::timestamptz, d->>'claimedBy', (d->>'claimedUntil')::timestamptz, d
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(d, i)
     ON CONFLICT (key) DO NOTHING`,
    [JSON.stringify(deliveries), deliveries.map((d) => refKey(d.ref))],
  );
  return result.rowCount ?? 0;
}

export async function claimDeliveries(
  pool: Pool,
  owner: string,
  now: IsoInstant,
  leaseUntil: IsoInstant,
  limit: number,
): Promise<Delivery[]> {
  if (limit <= 0) return [];
  const { rows } = await pool.query<{ data: Delivery }>(
    `UPDATE deliveries
        SET state = 'sending', claimed_by = $1, claimed_until = $3::timestamptz,
            data = data || jsonb_build_object('state', 'sending', 'claimedBy', $1::text, 'claimedUntil', $4::text, 'updatedAt', $5::text)
      WHERE key IN (
        SELECT key FROM deliveries
         WHERE (state = 'pending' OR (state = 'sending' AND (claimed_until IS NULL OR claimed_until <= $2::timestamptz)))
           AND next_attempt_at <= $2::timestamptz
         ORDER BY next_attempt_at, key COLLATE "C"
         LIMIT $6
         FOR UPDATE SKIP LOCKED)
      RETURNING data`,
    [owner, now, leaseUntil, leaseUntil, now, limit],
  );
  return rows.map((r) => r.data).sort(byNextAttemptThenKey);
}

/** Merges the patch into the delivery; updatedAt is `now` unless the patch sets it. */
export async function updateDelivery(
  pool: Pool,
  key: string,
  patch: Partial<Omit<Delivery, 'key'>>,
  now: IsoInstant,
): Promise<void> {
  const { key: _ignored, ...given } = patch as Partial<Delivery>;
  const fields = { updatedAt: now, ...given };
  if (fields.nextAttemptAt !== undefined) checkInstant(fields.nextAttemptAt, 'next attempt time');
  const result = await pool.query(
    `UPDATE deliveries
        SET data = data || $2::jsonb,
            ref_key = COALESCE($3, ref_key),
            state = (data || $2::jsonb)->>'state',
            next_attempt_at = ((data || $2::jsonb)->>'nextAttemptAt')::timestamptz,
            claimed_by = (data || $2::jsonb)->>'claimedBy',
            claimed_until = ((data || $2::jsonb)->>'claimedUntil')::timestamptz
      WHERE key = $1`,
    [key, JSON.stringify(fields), fields.ref === undefined ? null : refKey(fields.ref)],
  );
  if (result.rowCount === 0) throw new DomainError(ErrorCode.NotFound, `There is no delivery ${key}.`, { key });
}

export async function listDeliveries(
  pool: Pool,
  filter: { ref?: string; states?: readonly DeliveryState[] } = {},
): Promise<Delivery[]> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filter.ref !== undefined) {
    params.push(refKey(filter.ref));
    conditions.push(`ref_key = $${params.length}`);
  }
  if (filter.states !== undefined) {
    params.push([...filter.states]);
    conditions.push(`state = ANY($${params.length}::text[])`);
  }
  const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
  const { rows } = await pool.query<{ data: Delivery }>(
    `SELECT data FROM deliveries ${where} ORDER BY (data->>'dueAt')::timestamptz, key COLLATE "C"`,
    params,
  );
  return rows.map((r) => r.data);
}

/** Deliveries by state: one grouped count. */
export async function countDeliveries(pool: Pool): Promise<Record<DeliveryState, number>> {
  const { rows } = await pool.query<{ state: DeliveryState; n: number }>(
    'SELECT state, count(*)::int AS n FROM deliveries GROUP BY state',
  );
  const counts = noDeliveries();
  for (const r of rows) counts[r.state] = r.n;
  return counts;
}

/**
 * Invoke idempotency keys shared by every replica: the first replica to record a key wins and
 * later attempts (Teams retrying the invoke, perhaps to another replica) get its outcome back.
 */
import type { Pool } from 'pg';
import type { IsoInstant } from '../../domain/types';

type Outcome = Readonly<Record<string, unknown>>;

/** How long an outcome is remembered (as in the lowdb store): Teams retries within seconds. */
export const IDEMPOTENCY_DAYS = 7;

export async function rememberOnce(
  pool: Pool,
  key: string,
  outcome: Outcome,
  at: IsoInstant,
  now: Date,
): Promise<Outcome | null> {
  const cutoff = new Date(now.getTime() - IDEMPOTENCY_DAYS * 24 * 60 * 60 * 1000);
  await pool.query('DELETE FROM idempotency WHERE at < $1', [cutoff]);
  const inserted = await pool.query(
    'INSERT INTO idempotency (key, outcome, at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING RETURNING key',
    [key, JSON.stringify(outcome), at],
  );
  if ((inserted.rowCount ?? 0) > 0) return null;
  // The conflicting row is committed (ON CONFLICT waits for an in-flight insert of the same key), so it is visible
  // here.
  const { rows } = await pool.query<{ outcome: Outcome }>('SELECT outcome FROM idempotency WHERE key = $1', [key]);
  const earlier = rows[0];
  if (earlier === undefined) throw new Error(`Idempotency key ${key} conflicted but is not there`);
  return earlier.outcome;
}

export async function listIdempotency(pool: Pool): Promise<Array<{ key: string; outcome: Outcome; at: IsoInstant }>> {
  const { rows } = await pool.query<{ key: string; outcome: Outcome; at: Date }>(
    'SELECT key, outcome, at FROM idempotency ORDER BY at, key COLLATE "C"',
  );
  return rows.map((r) => ({ key: r.key, outcome: r.outcome, at: r.at.toISOString() }));
}

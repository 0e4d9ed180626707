/** People with both ids, keyed by the lower-cased AAD object id. */
import type { Pool } from 'pg';
import type { KnownPerson } from '../store';

export async function savePerson(pool: Pool, person: KnownPerson): Promise<void> {
  // The same record again (every message a person sends) writes no new row version.
  await pool.query(
    `INSERT INTO people (aad_key, data) VALUES ($1, $2)
     ON CONFLICT (aad_key) DO UPDATE SET data = EXCLUDED.data WHERE people.data IS DISTINCT FROM EXCLUDED.data`,
    [person.aadObjectId.toLowerCase(), JSON.stringify({ ...person })],
  );
}

export async function listPeople(pool: Pool, aadObjectIds?: readonly string[]): Promise<KnownPerson[]> {
  if (aadObjectIds === undefined) {
    const { rows } = await pool.query<{ data: KnownPerson }>('SELECT data FROM people ORDER BY aad_key COLLATE "C"');
    return rows.map((r) => r.data);
  }
  const keys = [...new Set(aadObjectIds.map((id) => id.toLowerCase()))];
  if (keys.length === 0) return [];
  const { rows } = await pool.query<{ aad_key: string; data: KnownPerson }>(
    'SELECT aad_key, data FROM people WHERE aad_key = ANY($1::text[])',
    [keys],
  );
  const byKey = new Map(rows.map((r) => [r.aad_key, r.data]));
  return keys.flatMap((k) => (byKey.has(k) ? [byKey.get(k)!] : []));
}

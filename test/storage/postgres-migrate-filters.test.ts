/**
 * Migration 002 on a database that was at version 1 with decisions in it: the status and
 * last_funded_year columns are backfilled from the jsonb exactly as the adapter would set them,
 * and the filtered listDecisions answers from them once the store opens.
 */
import type { Pool } from 'pg';
import { refKey } from '../../domain/reference';
import type { Decision } from '../../domain/types';
import { earliestLastFundedYear } from '../../storage/decision-filter';
import { loadMigrations, migrate } from '../../storage/migrate';
import { createPool } from '../../storage/postgres/pool';
import { referenceColumns } from '../../storage/postgres/reference-columns';
import { PostgresStore } from '../../storage/postgres-store';
import type { DecisionFilter } from '../../storage/store';
import { seedDecision } from '../fixtures/seed-decision';
import { dropSchema, freshSchemaName, requirePostgres, testDatabaseUrl, withClient } from './postgres-test-db';
import { decision, line } from './store-contract-filters';

const schema = freshSchemaName();
let pool: Pool;

const existing: readonly Decision[] = [
  seedDecision(), // PCD 1065: three lines in 2022/23, the wraparound line to 2024/25
  decision('M 1', 'approved', [
    line('a', [
      [2021, 5],
      [2022, 5],
    ]),
  ]),
  decision('M 2', 'in_review', [line('a', [[2023, 5]]), line('b', [[2021, 5]])]),
  decision('M 3', 'approved', [
    line('a', [
      [2022, 5],
      [2024, 0],
    ]),
  ]),
  decision('M 4', 'withdrawn', [line('a', [[2020, 0]])]),
  decision('M 5', 'draft', []),
];

beforeAll(async () => {
  await requirePostgres();
  pool = createPool(testDatabaseUrl, schema, 2);
  const [initial] = loadMigrations();
  expect(initial?.version).toBe(1);
  await migrate(pool, schema, [initial!]);
  // Rows as a version-1 build wrote them: no status or last_funded_year columns yet.
  for (const d of existing) {
    await pool.query(
      `INSERT INTO decisions (ref_key, ref, ref_prefix, ref_number, version, data, home, watchers)
       VALUES ($1, $2, $3, $4, 1, $5, 'null'::jsonb, '[]'::jsonb)`,
      [refKey(d.ref), d.ref, referenceColumns(d.ref).prefix, referenceColumns(d.ref).number, JSON.stringify(d)],
    );
  }
});

afterAll(async () => {
  await pool.end();
  await dropSchema(schema);
});

it('backfills status and the earliest last funded year of every existing decision, then lists by them', async () => {
  const result = await migrate(pool, schema);
  expect(result.applied.map((m) => `${m.version}_${m.name}`)).toContain('2_decision_filters');

  const { rows } = await pool.query<{ ref: string; status: string; last_funded_year: number | null }>(
    'SELECT ref, status, last_funded_year FROM decisions ORDER BY ref',
  );
  expect(rows).toEqual([
    { ref: 'M 1', status: 'approved', last_funded_year: 2022 },
    { ref: 'M 2', status: 'in_review', last_funded_year: 2021 },
    { ref: 'M 3', status: 'approved', last_funded_year: 2022 },
    { ref: 'M 4', status: 'withdrawn', last_funded_year: null },
    { ref: 'M 5', status: 'draft', last_funded_year: null },
    { ref: 'PCD 1065', status: 'approved', last_funded_year: 2022 },
  ]);
  // The SQL backfill and the adapter's own column values agree.
  for (const d of existing) expect(rows.find((r) => r.ref === d.ref)?.last_funded_year).toBe(earliestLastFundedYear(d));

  const indexes = await withClient(async (client) =>
    (
      await client.query<{ indexdef: string }>(
        'SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = $2',
        [schema, 'decisions'],
      )
    ).rows.map((r) => r.indexdef),
  );
  expect(indexes.some((def) => /\(status, last_funded_year\)/.test(def))).toBe(true);

  const store = new PostgresStore({ connectionString: testDatabaseUrl, schema, poolSize: 2 });
  await store.open();
  try {
    const refs = async (filter?: DecisionFilter) =>
      (await store.listDecisions(filter)).map((s) => s.decision.ref).sort();
    expect(await refs({ statuses: ['approved'], lastFundedYearAtMost: 2022 })).toEqual(['M 1', 'M 3', 'PCD 1065']);
    expect(await refs({ lastFundedYearAtMost: 2021 })).toEqual(['M 2']);
    expect(await refs({ statuses: ['in_review', 'draft'] })).toEqual(['M 2', 'M 5']);
    expect(await refs(undefined)).toHaveLength(existing.length);
  } finally {
    await store.close();
  }
});

/**
 * Migration 004 on a database at version 3 with decisions in it: the summary and the register's
 * columns are generated for the existing rows, and equal what summarize() makes of each decision.
 */
import type { Pool } from 'pg';
import { summarize } from '../../domain/decision-summary';
import { refKey } from '../../domain/reference';
import type { Decision } from '../../domain/types';
import { loadMigrations, migrate } from '../../storage/migrate';
import { createPool } from '../../storage/postgres/pool';
import { referenceColumns } from '../../storage/postgres/reference-columns';
import { PostgresStore } from '../../storage/postgres-store';
import { seedDecision, seedActors } from '../fixtures/seed-decision';
import { dropSchema, freshSchemaName, requirePostgres, testDatabaseUrl } from './postgres-test-db';
import { decision, line } from './store-contract-filters';

const schema = freshSchemaName();
let pool: Pool;

const existing: readonly Decision[] = [
  seedDecision(), // approved, every tick and both signatures, four lines
  {
    ...decision('M 1', 'draft', [
      line('a', [
        [2021, 5],
        [2022, 0],
      ]),
    ]),
    ticks: {},
    signatures: {},
    recommendations: [],
  },
  {
    ...decision('M 2', 'approved', []),
    part1Deferral: { until: '2027-01-01', reason: 'Procurement' },
    documentCites: ['PCD 849'],
    stageVersion: 3,
    waitingSince: '2026-01-01T00:00:00.000Z',
    createdBy: seedActors.finance,
  },
];

beforeAll(async () => {
  await requirePostgres();
  pool = createPool(testDatabaseUrl, schema, 2);
  await migrate(
    pool,
    schema,
    loadMigrations().filter((m) => m.version <= 3),
  );
  for (const d of existing) {
    const { prefix, number } = referenceColumns(d.ref);
    await pool.query(
      `INSERT INTO decisions (ref_key, ref, ref_prefix, ref_number, version, data, home, watchers, status)
       VALUES ($1, $2, $3, $4, 1, $5, 'null'::jsonb, '[]'::jsonb, $6)`,
      [refKey(d.ref), d.ref, prefix, number, JSON.stringify(d), d.status],
    );
  }
});

afterAll(async () => {
  await pool.end();
  await dropSchema(schema);
});

it('generates every existing decision its summary and register columns, as summarize() makes them', async () => {
  const result = await migrate(pool, schema);
  expect(result.applied.map((m) => `${m.version}_${m.name}`)).toEqual(['4_decision_summaries']);
  const { rows } = await pool.query<{ ref: string; summary: unknown; total: string; funded_years: number[] }>(
    'SELECT ref, summary, total, funded_years FROM decisions',
  );
  for (const d of existing) {
    const row = rows.find((r) => r.ref === d.ref);
    expect(row?.summary).toEqual(summarize(d));
    expect(Number(row?.total)).toBe(summarize(d).total);
  }
  expect(rows.find((r) => r.ref === 'M 1')?.funded_years).toEqual([2021]);

  const store = new PostgresStore({ connectionString: testDatabaseUrl, schema, poolSize: 2 });
  await store.open();
  try {
    expect(await store.listSummaries()).toEqual([existing[1], existing[2], existing[0]].map((d) => summarize(d!)));
  } finally {
    await store.close();
  }
});

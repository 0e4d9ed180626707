import type { Pool } from 'pg';
import { loadMigrations, migrate, type Migration } from '../../storage/migrate';
import { createPool } from '../../storage/postgres/pool';
import { PostgresStore } from '../../storage/postgres-store';
import { migrateCommand } from '../../scripts/migrate';
import { dropSchema, freshSchemaName, requirePostgres, testDatabaseUrl, withClient } from './postgres-test-db';

const schemas: string[] = [];
const pools: Pool[] = [];

function newSchema(): string {
  const schema = freshSchemaName();
  schemas.push(schema);
  return schema;
}

function poolFor(schema: string): Pool {
  const pool = createPool(testDatabaseUrl, schema, 2);
  pools.push(pool);
  return pool;
}

async function appliedVersions(schema: string): Promise<number[]> {
  return withClient(async (client) => {
    const { rows } = await client.query<{ version: number }>(
      `SELECT version FROM "${schema}".schema_migrations ORDER BY version`,
    );
    return rows.map((r) => r.version);
  });
}

async function tablesOf(schema: string): Promise<string[]> {
  return withClient(async (client) => {
    const { rows } = await client.query<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
      [schema],
    );
    return rows.map((r) => r.table_name);
  });
}

// A migration that is not idempotent and slow: run twice at once without the lock, the second CREATE fails.
const slowCreate: Migration = {
  version: 1,
  name: 'slow',
  sql: 'SELECT pg_sleep(0.3); CREATE TABLE slow_one (id integer)',
};

beforeAll(requirePostgres);

afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  for (const schema of schemas) await dropSchema(schema);
});

describe('loadMigrations', () => {
  it('reads the shipped .sql files in version order', () => {
    const migrations = loadMigrations();
    expect(migrations.length).toBeGreaterThanOrEqual(1);
    expect(migrations[0]).toMatchObject({ version: 1, name: 'initial' });
    const versions = migrations.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });
});

describe('migrate', () => {
  it('creates the schema, every table of the store, and records the version', async () => {
    const schema = newSchema();
    const result = await migrate(poolFor(schema), schema);
    expect(result.applied.map((m) => m.version)).toEqual(loadMigrations().map((m) => m.version));
    expect(await tablesOf(schema)).toEqual(
      [
        'audit_events',
        'conversations',
        'decisions',
        'deliveries',
        'idempotency',
        'meta',
        'people',
        'role_assignments',
        'schema_migrations',
      ].sort(),
    );
    expect(await appliedVersions(schema)).toEqual(loadMigrations().map((m) => m.version));
  });

  it('applies nothing the second time, and only the new migration when one is added', async () => {
    const schema = newSchema();
    const pool = poolFor(schema);
    const first: Migration = { version: 1, name: 'one', sql: 'CREATE TABLE one (id integer)' };
    const second: Migration = { version: 2, name: 'two', sql: 'CREATE TABLE two (id integer)' };
    expect((await migrate(pool, schema, [first])).applied).toHaveLength(1);
    expect(await migrate(pool, schema, [first])).toEqual({ applied: [], current: 1 });
    const again = await migrate(pool, schema, [first, second]);
    expect(again.applied.map((m) => m.version)).toEqual([2]);
    expect(again.current).toBe(2);
    expect(await appliedVersions(schema)).toEqual([1, 2]);
  });

  it('is safe when several replicas migrate the same schema at the same moment', async () => {
    const schema = newSchema();
    const results = await Promise.all([0, 1, 2, 3].map(() => migrate(poolFor(schema), schema, [slowCreate])));
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, 0, 1]);
    expect(await appliedVersions(schema)).toEqual([1]);
  });

  it('rolls a failing migration back, records nothing for it and names it in the error', async () => {
    const schema = newSchema();
    const pool = poolFor(schema);
    const good: Migration = { version: 1, name: 'good', sql: 'CREATE TABLE good (id integer)' };
    const bad: Migration = {
      version: 2,
      name: 'bad',
      sql: 'CREATE TABLE half (id integer); SELECT no_such_column FROM good',
    };
    await expect(migrate(pool, schema, [good, bad])).rejects.toThrow(/Migration 2_bad failed: .*no_such_column/);
    expect(await appliedVersions(schema)).toEqual([1]);
    expect(await tablesOf(schema)).toEqual(['good', 'schema_migrations']);
  });

  it('refuses a database migrated by a newer build', async () => {
    const schema = newSchema();
    const pool = poolFor(schema);
    await migrate(pool, schema, [
      { version: 1, name: 'one', sql: 'SELECT 1' },
      { version: 2, name: 'two', sql: 'SELECT 1' },
    ]);
    await expect(migrate(pool, schema, [{ version: 1, name: 'one', sql: 'SELECT 1' }])).rejects.toThrow(
      /at migration 2, newer than this build knows \(1\)/,
    );
  });
});

describe('PostgresStore.open', () => {
  it('lets two replicas start on an empty schema at once and both work', async () => {
    const schema = newSchema();
    const replicas = [
      new PostgresStore({ connectionString: testDatabaseUrl, schema, poolSize: 2 }),
      new PostgresStore({ connectionString: testDatabaseUrl, schema, poolSize: 2 }),
    ];
    try {
      await Promise.all(replicas.map((r) => r.open()));
      expect(replicas.every((r) => r.isOpen)).toBe(true);
      expect(await appliedVersions(schema)).toEqual(loadMigrations().map((m) => m.version));
      await replicas[0]?.saveConversation('user-1', {
        conversationId: 'a:1',
        serviceUrl: 'https://smba.example/',
        tenantId: 't',
        channelId: 'msteams',
        conversationType: 'personal',
        botId: 'b',
        botName: 'Decision Tracker',
        teamId: null,
      });
      expect((await replicas[1]?.getConversation('user-1'))?.conversationId).toBe('a:1');
    } finally {
      await Promise.all(replicas.map((r) => r.close()));
    }
  });

  it('works in the schema named by the URL (options=-c search_path=...) when none is given', async () => {
    const schema = newSchema();
    const url = new URL(testDatabaseUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const store = new PostgresStore({ connectionString: url.toString(), poolSize: 1 });
    expect(store.schema).toBe(schema);
    await store.open();
    try {
      expect(await store.rememberOnce('k', { ok: true }, new Date().toISOString())).toBeNull();
      expect(await tablesOf(schema)).toContain('idempotency');
      const count = await withClient(
        async (c) => (await c.query(`SELECT count(*)::int AS n FROM "${schema}".idempotency`)).rows[0]?.n,
      );
      expect(count).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('refuses a schema name that is not a plain identifier', () => {
    expect(
      () => new PostgresStore({ connectionString: testDatabaseUrl, schema: 'x"; DROP TABLE decisions; --' }),
    ).toThrow(/schema name .* is not allowed/);
  });
});

describe('npm run migrate', () => {
  it('applies the migrations to the schema asked for, then reports it up to date', async () => {
    const schema = newSchema();
    const first = await migrateCommand({ databaseUrl: testDatabaseUrl, args: ['--schema', schema] });
    expect(first).toMatch(
      new RegExp(`^Migrations: applied 001_initial.* to schema "${schema}" of .*; now at version \\d+\\.$`),
    );
    expect(await appliedVersions(schema)).toEqual(loadMigrations().map((m) => m.version));
    expect(await migrateCommand({ databaseUrl: testDatabaseUrl, args: ['--schema', schema] })).toMatch(
      /is up to date \(version \d+\)\.$/,
    );
  });

  it('says what is missing or wrong in one line', async () => {
    await expect(migrateCommand({ databaseUrl: undefined, args: [] })).rejects.toThrow(/^DATABASE_URL is not set/);
    await expect(migrateCommand({ databaseUrl: testDatabaseUrl, args: ['--schema'] })).rejects.toThrow(
      /^usage: npm run migrate/,
    );
    await expect(migrateCommand({ databaseUrl: testDatabaseUrl, args: ['--frobnicate'] })).rejects.toThrow(
      /^usage: npm run migrate/,
    );
    await expect(migrateCommand({ databaseUrl: testDatabaseUrl, args: ['--schema', 'Bad'] })).rejects.toThrow(
      /schema name "Bad" is not allowed/,
    );
  });
});

/**
 * Versioned SQL migrations for the PostgreSQL store. Files in ./migrations are named
 * `<version>_<what>.sql` (001_initial.sql); each is applied once, in its own transaction, and
 * recorded in schema_migrations. The whole run holds a session advisory lock, so two replicas
 * starting at the same moment apply each migration once: the second waits, then finds nothing to do.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Pool, PoolClient } from 'pg';
import { quoteIdent } from './postgres/schema-name';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export interface MigrationResult {
  readonly applied: readonly Migration[];
  readonly current: number;
}

/** Where the .sql files are: beside this file, or (in a build under dist/) in the source tree. */
function migrationsDir(): string {
  const candidates = [path.join(__dirname, 'migrations'), path.resolve(__dirname, '../../storage/migrations')];
  const found = candidates.find((dir) => existsSync(dir));
  if (found === undefined) throw new Error(`No migrations directory found (looked in ${candidates.join(', ')})`);
  return found;
}

export function loadMigrations(dir: string = migrationsDir()): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = /^(\d+)_([\w-]+)\.sql$/.exec(file);
      if (match === null) throw new Error(`Migration file ${file} is not named <version>_<name>.sql`);
      return { version: Number(match[1]), name: match[2] as string, sql: readFileSync(path.join(dir, file), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (i > 0 && m.version === migrations[i - 1]?.version) throw new Error(`Two migrations have version ${m.version}`);
  });
  return migrations;
}

/**
 * Brings `schema` up to the newest migration. The pool's connections must use the schema as
 * their search_path (PostgresStore sets it), so the unqualified names in the .sql files land there.
 */
export async function migrate(
  pool: Pool,
  schema: string,
  migrations: readonly Migration[] = loadMigrations(),
): Promise<MigrationResult> {
  const client = await pool.connect();
  const lockKey = `decision-tracker:migrate:${schema}`;
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    try {
      return await migrateLocked(client, schema, migrations);
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]);
    }
  } finally {
    client.release();
  }
}

async function migrateLocked(
  client: PoolClient,
  schema: string,
  migrations: readonly Migration[],
): Promise<MigrationResult> {
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${quoteIdent(schema)}.schema_migrations (
       version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  const done = await client.query<{ version: number }>(`SELECT version FROM ${quoteIdent(schema)}.schema_migrations`);
  const appliedVersions = new Set(done.rows.map((r) => r.version));
  const newest = Math.max(0, ...appliedVersions);
  const known = Math.max(0, ...migrations.map((m) => m.version));
  if (newest > known) {
    throw new Error(
      `The database schema "${schema}" is at migration ${newest}, newer than this build knows (${known}); upgrade the bot.`,
    );
  }
  const applied: Migration[] = [];
  for (const migration of migrations) {
    if (appliedVersions.has(migration.version)) continue;
    await client.query('BEGIN');
    try {
      await client.query(migration.sql);
      await client.query(`INSERT INTO ${quoteIdent(schema)}.schema_migrations (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw new Error(`Migration ${migration.version}_${migration.name} failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
    applied.push(migration);
  }
  return { applied, current: Math.max(newest, ...applied.map((m) => m.version)) };
}

/**
 * The PostgreSQL the storage suites run against: TEST_DATABASE_URL or the local server, one fresh
 * schema per suite, dropped afterwards. An unreachable server fails the suite with the fix.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Throws (so the suite fails, never skips) when the server cannot be reached. */
export async function requirePostgres(): Promise<void> {
  const client = new Client({ connectionString: testDatabaseUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${testDatabaseUrl} (${(error as Error).message}). ` +
        'Start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` or set TEST_DATABASE_URL.',
      { cause: error },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const freshSchemaName = (): string => `dt_test_${randomBytes(6).toString('hex')}`;

/** Runs SQL on a connection of its own (outside any store), e.g. to inspect or tamper. */
export async function withClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function dropSchema(schema: string): Promise<void> {
  await withClient((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
}

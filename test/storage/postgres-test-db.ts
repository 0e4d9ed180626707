/**
 * The PostgreSQL the storage suites run against: TEST_DATABASE_URL, which jest's globalSetup
 * (test/support/postgres-global-setup.ts) sets to an embedded server of its own unless it was
 * given; one fresh schema per suite, dropped afterwards. An unreachable server fails the suite.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const testDatabaseUrl = ((): string => {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error(
      'TEST_DATABASE_URL is not set. Run the tests with jest (npm test, npx jest …), whose globalSetup starts an embedded PostgreSQL and sets it, or set it to a server of your own.',
    );
  }
  return url;
})();

/** Throws (so the suite fails, never skips) when the server cannot be reached. */
export async function requirePostgres(): Promise<void> {
  const client = new Client({ connectionString: testDatabaseUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${testDatabaseUrl} (${(error as Error).message}). ` +
        'Check the server that TEST_DATABASE_URL names, or unset it to let the tests start an embedded one.',
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

/** A pg Pool whose every connection works in one schema, so the SQL names tables unqualified. */
import { Pool } from 'pg';
import { checkSchemaName } from './schema-name';
import { redactedUrl } from './redacted-url';

/**
 * The connection string with `-c search_path=<schema>` added to its libpq `options` (after any
 * options it already has), so the server sets the schema as each connection starts.
 */
export function withSearchPath(connectionString: string, schema: string): string {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    throw new Error(
      `The PostgreSQL connection string must be a URL such as postgres://user@127.0.0.1:5432/decisions (got ${redactedUrl(connectionString)}).`,
    );
  }
  const given = url.searchParams.get('options');
  const options = (given ?? '').replace(/(?:^|\s)-c\s*search_path=\S+/g, '').trim();
  url.searchParams.set('options', `${options} -c search_path=${checkSchemaName(schema)}`.trim());
  return url.toString();
}

export function createPool(connectionString: string, schema: string, size: number): Pool {
  const pool = new Pool({
    connectionString: withSearchPath(connectionString, schema),
    max: size,
    // A server that does not answer fails the operation (and a start) instead of hanging it.
    connectionTimeoutMillis: 10_000,
    application_name: 'decision-tracker',
  });
  // An idle connection the server drops must not crash the process; the pool replaces it.
  pool.on('error', (error) => console.error(`PostgreSQL connection lost: ${error.message}`));
  return pool;
}

export { redactedUrl };

/** A pg Pool whose every connection works in one schema, so the SQL names tables unqualified. */
import { Pool } from 'pg';
import { quoteIdent } from './schema-name';

export function createPool(connectionString: string, schema: string, size: number): Pool {
  const pool = new Pool({ connectionString, max: size });
  // An idle connection the server drops must not crash the process; the pool replaces it.
  pool.on('error', (error) => console.error(`PostgreSQL connection lost: ${error.message}`));
  // Queued before any query of the connection's first user (pg runs a client's queries in order).
  pool.on('connect', (client) => {
    client.query(`SET search_path TO ${quoteIdent(schema)}`).catch((error: Error) => {
      console.error(`Could not set search_path on a PostgreSQL connection: ${error.message}`);
    });
  });
  return pool;
}

/** The connection string for messages: the password replaced by ***. */
export function redactedUrl(connectionString: string): string {
  return connectionString.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

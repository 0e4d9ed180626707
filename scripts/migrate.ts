/**
 * `npm run migrate [-- --schema <name>]`: brings the PostgreSQL database at DATABASE_URL up to
 * the newest migration and says what it applied. The bot also migrates when it opens the store;
 * this is for running it as a release step, before the replicas roll. Safe to run while replicas
 * start (the migrations take an advisory lock).
 */
import 'dotenv/config';
import { loadMigrations, migrate } from '../storage/migrate';
import { createPool, redactedUrl } from '../storage/postgres/pool';
import { checkSchemaName, schemaFromUrl } from '../storage/postgres/schema-name';

export interface MigrateCommandOptions {
  readonly databaseUrl: string | undefined;
  readonly args: readonly string[];
}

/** Runs the migrations; resolves to the report line, or rejects with a one-line reason. */
export async function migrateCommand({ databaseUrl, args }: MigrateCommandOptions): Promise<string> {
  if (databaseUrl === undefined || databaseUrl.trim() === '') {
    throw new Error(
      'DATABASE_URL is not set: set it to the PostgreSQL database, e.g. postgres://user@127.0.0.1:5432/decisions',
    );
  }
  const usage = new Error(`usage: npm run migrate [-- --schema <name>] (got ${args.join(' ')})`);
  if (!(args.length === 0 || (args.length === 2 && args[0] === '--schema'))) throw usage;
  const schema = checkSchemaName(args[1] ?? schemaFromUrl(databaseUrl) ?? 'public');
  const pool = createPool(databaseUrl, schema, 1);
  try {
    const migrations = loadMigrations();
    const result = await migrate(pool, schema, migrations);
    const where = `schema "${schema}" of ${redactedUrl(databaseUrl)}`;
    if (result.applied.length === 0) return `Migrations: ${where} is up to date (version ${result.current}).`;
    const names = result.applied.map((m) => `${String(m.version).padStart(3, '0')}_${m.name}`).join(', ');
    return `Migrations: applied ${names} to ${where}; now at version ${result.current}.`;
  } finally {
    await pool.end();
  }
}

if (require.main === module) {
  migrateCommand({ databaseUrl: process.env.DATABASE_URL, args: process.argv.slice(2) }).then(
    (line) => console.log(line),
    (error: unknown) => {
      console.error(`npm run migrate failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}

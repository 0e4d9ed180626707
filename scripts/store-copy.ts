/**
 * `npm run store:copy -- --from lowdb --to postgres [--force] [--schema <name>]` (or --from postgres
 * --to lowdb): moves the register between the embedded store under DATA_DIR (default ./data) and
 * the PostgreSQL database at DATABASE_URL, then verifies counts and every audit chain. Stop the
 * bot first: the lowdb side takes the DATA_DIR lock, and a PostgreSQL source must not be written
 * to during the copy. Exit code 0 only when the copy is verified.
 */
import 'dotenv/config';
import path from 'node:path';
import { openLowdbEndpoint } from '../storage/copy/lowdb-endpoint';
import { openPostgresEndpoint, type CopyEndpoint } from '../storage/copy/copy-endpoint';
import { copyStore, type CopyReport } from '../storage/copy/copy-store';
import { redactedUrl } from '../storage/postgres/pool';
import { checkSchemaName, schemaFromUrl } from '../storage/postgres/schema-name';

type Kind = 'lowdb' | 'postgres';

export interface StoreCopyArgs {
  readonly from: Kind;
  readonly to: Kind;
  readonly force: boolean;
  readonly schema: string | null;
}

const usage =
  'usage: npm run store:copy -- --from lowdb --to postgres [--force] [--schema <name>]   (or --from postgres --to lowdb)';

export function parseStoreCopyArgs(args: readonly string[]): StoreCopyArgs {
  const values = new Map<string, string>();
  let force = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--force') force = true;
    else if (['--from', '--to', '--schema'].includes(arg) && args[i + 1] !== undefined && !values.has(arg))
      values.set(arg, args[++i] as string);
    else throw new Error(`${usage} (did not understand "${arg}")`);
  }
  const kind = (flag: string): Kind => {
    const v = values.get(flag);
    if (v !== 'lowdb' && v !== 'postgres')
      throw new Error(`${usage} (${flag} must be lowdb or postgres, got ${v === undefined ? 'nothing' : `"${v}"`})`);
    return v;
  };
  const from = kind('--from');
  const to = kind('--to');
  if (from === to) throw new Error(`${usage} (--from and --to must differ)`);
  const schema = values.get('--schema');
  return { from, to, force, schema: schema === undefined ? null : checkSchemaName(schema) };
}

export interface StoreCopyEnv {
  readonly DATA_DIR?: string;
  readonly DATABASE_URL?: string;
}

/** Runs the copy the arguments ask for; resolves to the report (problems empty when verified). */
export async function storeCopyCommand(
  args: readonly string[],
  env: StoreCopyEnv,
  log: (line: string) => void,
  now: Date = new Date(),
): Promise<CopyReport> {
  const parsed = parseStoreCopyArgs(args);
  const databaseUrl = env.DATABASE_URL?.trim() ?? '';
  if (databaseUrl === '')
    throw new Error('DATABASE_URL is not set: set it to the PostgreSQL database to copy to or from.');
  const dataDir = path.resolve(env.DATA_DIR?.trim() || './data');
  const schema = parsed.schema ?? schemaFromUrl(databaseUrl) ?? 'public';
  const open = (kind: Kind) => (): Promise<CopyEndpoint> =>
    kind === 'lowdb'
      ? openLowdbEndpoint(dataDir)
      : openPostgresEndpoint(
          { connectionString: databaseUrl, schema },
          `postgres schema "${schema}" at ${redactedUrl(databaseUrl)}`,
        );
  return copyStore({ openSource: open(parsed.from), openTarget: open(parsed.to), force: parsed.force, now, log });
}

if (require.main === module) {
  storeCopyCommand(process.argv.slice(2), process.env, (line) => console.log(line)).then(
    (report) => {
      process.exitCode = report.problems.length === 0 ? 0 : 1;
    },
    (error: unknown) => {
      console.error(`npm run store:copy failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}

/**
 * `npm run import -- [--approved] <files or folders>`: bulk import of decision documents (.docx,
 * .md, .txt; folders are searched, including subfolders) into the configured store, lowdb under
 * DATA_DIR or PostgreSQL at DATABASE_URL, with a progress bar and a summary of what was imported,
 * what was imported with flags to check, and what failed and why. Each document is imported whole
 * or not at all. `--approved` records documents signed by their decision maker as approved
 * (historic). The embedded store is one process's: while the bot runs on DATA_DIR the import is
 * refused. Exit code 0 when every file was imported, 1 when any failed or the run could not start.
 */
import 'dotenv/config';
import { readdir, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import { loadConfig } from '../app/config';
import { DomainError, ErrorCode } from '../domain/errors';
import { createLogger } from '../app/logger';
import { LowdbStore } from '../storage/lowdb-store';
import { PostgresStore } from '../storage/postgres-store';
import { loadProfile } from '../app/profile-loader';
import { ACCEPTED, MAX_DOCUMENT_BYTES, readDocumentFile } from '../documents/import/read-document';
import { saveImportedDocument } from '../documents/import/save-imported';

const USAGE = 'usage: npm run import -- [--approved] <files or folders>';
const IMPORTABLE = /\.(docx|md|txt)$/i;

export interface ImportSummary {
  readonly imported: { file: string; ref: string }[];
  readonly flagged: { file: string; ref: string; flags: readonly string[] }[];
  readonly failed: { file: string; reason: string }[];
  /** Files in the folders given that are not .docx, .md or .txt. */
  readonly skipped: string[];
}

/** What to show while it runs; the default is a cli-progress bar on stderr (silent when not a terminal). */
export interface Progress {
  start(total: number): void;
  step(file: string): void;
  stop(): void;
}

function progressBar(): Progress {
  const bar = new SingleBar({
    format: 'Importing [{bar}] {value}/{total} {file}',
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: false,
  });
  return {
    start: (total) => bar.start(total, 0, { file: '' }),
    step: (file) => bar.increment(1, { file }),
    stop: () => bar.stop(),
  };
}

export function parseImportArgs(args: readonly string[]): { paths: string[]; asApproved: boolean } {
  const asApproved = args.includes('--approved');
  const unknown = args.find((a) => a.startsWith('--') && a !== '--approved');
  if (unknown !== undefined) throw new Error(`${USAGE} (did not understand "${unknown}")`);
  const paths = args.filter((a) => !a.startsWith('--'));
  if (paths.length === 0) throw new Error(`${USAGE} (give at least one file or folder)`);
  return { paths, asApproved };
}

/** The files to import, in a stable order; a path that does not exist fails by name. */
async function collect(paths: readonly string[], summary: ImportSummary): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name, 'en', { numeric: true }),
    );
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && IMPORTABLE.test(entry.name)) files.push(full);
      else if (entry.isFile()) summary.skipped.push(full);
    }
  };
  for (const p of paths) {
    const info = await stat(p).catch(() => null);
    if (info === null) summary.failed.push({ file: p, reason: 'no such file or folder' });
    else if (info.isDirectory()) await walk(p);
    else files.push(p);
  }
  return files;
}

function importer(): { aadObjectId: string; name: string } {
  let user = 'an operator';
  try {
    user = os.userInfo().username || user;
  } catch {
    // No user name in some containers: the audit trail says "an operator".
  }
  return { aadObjectId: 'bulk-import', name: `Bulk import (npm run import, ${user})` };
}

export async function importDecisionsCommand(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  options: { progress?: Progress; now?: () => Date } = {},
): Promise<ImportSummary> {
  const { paths, asApproved } = parseImportArgs(args);
  const config = loadConfig(env);
  const profile = loadProfile(config.governanceProfile);
  // As the bot opens it (app/main.ts storeFor), without loading the bot's HTTP server.
  const logger = createLogger(config.logLevel);
  const store = config.databaseUrl
    ? new PostgresStore({ connectionString: config.databaseUrl })
    : new LowdbStore(config.dataDir, { logger: { warn: (message: string) => logger.warn(message) } });
  try {
    await store.open();
  } catch (e) {
    if (e instanceof DomainError && e.code === ErrorCode.StoreLocked)
      throw new Error(
        `The bot (or another import) is using the store, so nothing was imported. ${e.message} Or import one document at a time in Teams with \`import\`.`,
        { cause: e },
      );
    throw e;
  }
  const summary: ImportSummary = { imported: [], flagged: [], failed: [], skipped: [] };
  const progress = options.progress ?? progressBar();
  const actor = importer();
  try {
    const files = await collect(paths, summary);
    progress.start(files.length);
    for (const file of files) {
      progress.step(path.basename(file));
      const outcome = await importOne(file);
      if ('reason' in outcome) summary.failed.push({ file, reason: outcome.reason });
      else if (outcome.flags.length > 0) summary.flagged.push({ file, ref: outcome.ref, flags: outcome.flags });
      else summary.imported.push({ file, ref: outcome.ref });
    }
  } finally {
    progress.stop();
    await store.close();
  }
  return summary;

  async function importOne(file: string): Promise<{ ref: string; flags: readonly string[] } | { reason: string }> {
    try {
      const size = (await stat(file)).size;
      // Refused before reading it into memory.
      if (size > MAX_DOCUMENT_BYTES)
        return {
          reason: `"${path.basename(file)}" is ${(size / 1024 / 1024).toFixed(1)} MB, more than the 5 MB I accept; send ${ACCEPTED}.`,
        };
      const read = await readDocumentFile(path.basename(file), await readFile(file), [profile.reference.prefix]);
      if ('error' in read) return { reason: read.error };
      const now = (options.now?.() ?? new Date()).toISOString();
      const outcome = await saveImportedDocument(store, profile, {
        text: read.text,
        source: `"${path.basename(file)}"`,
        asApproved,
        actor,
        now,
      });
      return { ref: outcome.stored.decision.ref, flags: outcome.flags };
    } catch (e) {
      return { reason: e instanceof Error ? e.message : String(e) };
    }
  }
}

/** The summary for a person: counts, then each flagged and failed file with its reasons. */
export function summaryLines(s: ImportSummary): string[] {
  const total = s.imported.length + s.flagged.length + s.failed.length;
  const lines = [
    `Imported ${s.imported.length + s.flagged.length} of ${total} ${total === 1 ? 'file' : 'files'}: ${s.imported.length} cleanly, ${s.flagged.length} flagged; ${s.failed.length} failed.`,
  ];
  for (const i of s.imported) lines.push(`  imported  ${i.ref}  from ${i.file}`);
  if (s.flagged.length > 0) lines.push('', 'Flagged (imported; check these against the documents):');
  for (const f of s.flagged) lines.push(`  ${f.ref}  from ${f.file}`, ...f.flags.map((flag) => `    - ${flag}`));
  if (s.failed.length > 0) lines.push('', 'Failed (nothing was stored from these):');
  for (const f of s.failed) lines.push(`  ${f.file}: ${f.reason}`);
  if (s.skipped.length > 0)
    lines.push(
      '',
      `Skipped ${s.skipped.length} ${s.skipped.length === 1 ? 'file that is' : 'files that are'} not .docx, .md or .txt: ${s.skipped.join(', ')}`,
    );
  return lines;
}

if (require.main === module) {
  importDecisionsCommand(process.argv.slice(2), process.env).then(
    (summary) => {
      console.log(summaryLines(summary).join('\n'));
      process.exitCode = summary.failed.length === 0 ? 0 : 1;
    },
    (error: unknown) => {
      console.error(`npm run import failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}

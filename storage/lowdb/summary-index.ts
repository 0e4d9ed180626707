/**
 * The lowdb store's index of decision summaries on disk, so that opening a register of 100,000
 * decisions reads one file instead of 100,000. The decision files stay the truth; the index is a
 * cache that can always be rebuilt from them:
 *
 *   index.ndjson          a snapshot: a header line { format, count, decisionsDirMtimeMs }, then one
 *                         line per decision { file, summary, watchers }; written whole, atomically
 *                         (temp file + rename, lowdb's steno writer)
 *   index.journal         the decision files written since that snapshot, one name a line: each name
 *                         is appended before its file is written, so after a crash every file that
 *                         may differ from the snapshot is named here and is read again at open
 *   index.journal.old     the journal being folded into a new snapshot (present only while that runs,
 *                         or after a crash during it; then it is read too)
 *
 * At open, a snapshot that is missing, unreadable, of another format, or older than the decisions
 * folder (its modification time moved with no journal to say why: files were added, removed or
 * replaced by something other than this store) is ignored and the index is rebuilt from the files.
 */
import { appendFile, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { TextFile } from 'lowdb/node';
import type { DecisionSummary } from '../../domain/decision-summary';

/** Bumped whenever DecisionSummary or the layout below changes: an index of another format is rebuilt. */
export const INDEX_FORMAT = 1;

export interface IndexRow {
  readonly file: string;
  readonly summary: DecisionSummary;
  readonly watchers: readonly string[];
}

interface Header {
  readonly format: number;
  readonly count: number;
  readonly decisionsDirMtimeMs: number;
}

export interface Snapshot {
  readonly rows: IndexRow[];
  /** Files named in the journals: written (or about to be) after the snapshot. */
  readonly journaled: Set<string>;
}

const missing = (e: unknown): boolean => (e as NodeJS.ErrnoException).code === 'ENOENT';

export class SummaryIndexFiles {
  readonly snapshotPath: string;
  private readonly journalPath: string;
  private readonly oldJournalPath: string;

  constructor(
    dataDir: string,
    private readonly decisionsDir: string,
  ) {
    this.snapshotPath = join(dataDir, 'index.ndjson');
    this.journalPath = join(dataDir, 'index.journal');
    this.oldJournalPath = join(dataDir, 'index.journal.old');
  }

  /** The snapshot and the journals' names, or null when the index must be rebuilt from the files. */
  async read(): Promise<Snapshot | null> {
    let text: string;
    try {
      text = await readFile(this.snapshotPath, 'utf8');
    } catch (e) {
      if (missing(e)) return null;
      throw e;
    }
    const journaled = new Set([...(await this.names(this.oldJournalPath)), ...(await this.names(this.journalPath))]);
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    let header: Header;
    const rows: IndexRow[] = [];
    try {
      header = JSON.parse(lines[0] ?? '') as Header;
      if (header.format !== INDEX_FORMAT || header.count !== lines.length - 1) return null;
      for (let i = 1; i < lines.length; i++) rows.push(JSON.parse(lines[i] as string) as IndexRow);
    } catch {
      return null;
    }
    if (journaled.size === 0 && (await this.decisionsDirMtime()) !== header.decisionsDirMtimeMs) return null;
    return { rows, journaled };
  }

  /** Records that a decision file is about to be written (before it is). */
  async noteWrite(file: string): Promise<void> {
    await appendFile(this.journalPath, `${file}\n`);
  }

  /**
   * Starts a new snapshot: the journal so far is set aside (writes from now on go to a new one).
   * Call `write` once every write noted before this call has finished.
   */
  async begin(): Promise<void> {
    try {
      await rename(this.journalPath, this.oldJournalPath);
    } catch (e) {
      if (!missing(e)) throw e;
    }
  }

  /** Writes the snapshot atomically, then drops the journal set aside by `begin`. */
  async write(rows: Iterable<IndexRow>, count: number): Promise<void> {
    const header: Header = { format: INDEX_FORMAT, count, decisionsDirMtimeMs: await this.decisionsDirMtime() };
    const parts = [JSON.stringify(header)];
    for (const row of rows) parts.push(JSON.stringify(row));
    parts.push('');
    await new TextFile(this.snapshotPath).write(parts.join('\n'));
    await unlink(this.oldJournalPath).catch((e: unknown) => {
      if (!missing(e)) throw e;
    });
  }

  private async decisionsDirMtime(): Promise<number> {
    return (await stat(this.decisionsDir)).mtimeMs;
  }

  private async names(path: string): Promise<string[]> {
    try {
      return (await readFile(path, 'utf8')).split('\n').filter((n) => n !== '');
    } catch (e) {
      if (missing(e)) return [];
      throw e;
    }
  }
}

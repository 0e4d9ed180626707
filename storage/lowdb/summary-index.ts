/**
 * The lowdb store's index of decision summaries on disk, so that opening a register of 100,000
 * decisions reads one file instead of 100,000. The decision files stay the truth; the index is a
 * cache that can always be rebuilt from them:
 *
 *   index.ndjson          a snapshot: a header line { format, count, decisionsDirMtimeMs }, then one
 *                         line per decision { file, summary, watchers }; written whole, atomically
 *                         (a temp file renamed over it, as lowdb's steno writer does), and streamed
 *                         line by line both ways, so 100,000 lines never make one 130 MB string
 *   index.journal         the decision files written since that snapshot, one name a line: each name
 *                         is appended before its file is written, so after a crash every file that
 *                         may differ from the snapshot is named here and is read again at open
 *   index.journal.<n>     journals being folded into a new snapshot (present only while that runs, or
 *                         after a crash or a failed write during it; then they are read too, and the
 *                         next snapshot that is written drops them)
 *
 * At open, a snapshot that is missing, unreadable, of another format, or older than the decisions
 * folder (its modification time moved with no journal to say why: files were added, removed or
 * replaced by something other than this store) is ignored and the index is rebuilt from the files.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { appendFile, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
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
  /** How many rows it holds. */
  readonly count: number;
  /** Files named in the journals: written (or about to be) after the snapshot. */
  readonly journaled: ReadonlySet<string>;
}

/**
 * Bytes (about) read or written at a time: small enough that each piece of text is an ordinary
 * young object, collected by the next scavenge. At 1 MB every piece went to V8's large-object
 * space, which only a full collection frees: reading a 130 MB index left hundreds of MB of them.
 */
const CHUNK = 1 << 16;

/** The lines of a file, read a chunk at a time. */
async function* lines(path: string): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: CHUNK })) {
    const text = rest + (chunk as string);
    let from = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', from)) {
      if (end > from) yield text.slice(from, end);
      from = end + 1;
    }
    rest = text.slice(from);
  }
  if (rest !== '') yield rest;
}

const missing = (e: unknown): boolean => (e as NodeJS.ErrnoException).code === 'ENOENT';

export class SummaryIndexFiles {
  readonly snapshotPath: string;
  private readonly journalPath: string;

  constructor(
    private readonly dataDir: string,
    private readonly decisionsDir: string,
  ) {
    this.snapshotPath = join(dataDir, 'index.ndjson');
    this.journalPath = join(dataDir, 'index.journal');
  }

  /**
   * Reads the snapshot, handing each row to `onRow` as it is read (with the journals' names), or
   * returns null when the index must be rebuilt from the files: then rows already handed over must
   * be dropped (a snapshot cut short is found out only at its end).
   */
  async read(onRow: (row: IndexRow, journaled: ReadonlySet<string>) => void): Promise<Snapshot | null> {
    let header: Header | null = null;
    let journaled: Set<string> | null = null;
    let count = 0;
    try {
      for await (const line of lines(this.snapshotPath)) {
        if (header === null) {
          header = JSON.parse(line) as Header;
          if (header?.format !== INDEX_FORMAT) return null;
          journaled = await this.journaled();
          if (journaled.size === 0 && (await this.decisionsDirMtime()) !== header.decisionsDirMtimeMs) return null;
        } else {
          onRow(JSON.parse(line) as IndexRow, journaled as Set<string>);
          count++;
        }
      }
    } catch (e) {
      // Missing, or not what this build writes (unparsable, another shape): rebuilt from the files.
      if (missing(e) || (e as NodeJS.ErrnoException).code === undefined) return null;
      throw e;
    }
    if (header === null || journaled === null || header.count !== count) return null;
    return { count, journaled };
  }

  private async journaled(): Promise<Set<string>> {
    const journaled = new Set<string>();
    for (const path of [...(await this.setAside()), this.journalPath])
      for (const name of await this.names(path)) journaled.add(name);
    return journaled;
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
    const aside = await this.setAside();
    const next = Math.max(0, ...aside.map((p) => Number(p.slice(this.journalPath.length + 1)))) + 1;
    try {
      await rename(this.journalPath, `${this.journalPath}.${next}`);
    } catch (e) {
      if (!missing(e)) throw e;
    }
  }

  /** Writes the snapshot atomically, then drops the journals set aside by `begin`. */
  async write(rows: Iterable<IndexRow>, count: number): Promise<void> {
    const covered = await this.setAside();
    const header: Header = { format: INDEX_FORMAT, count, decisionsDirMtimeMs: await this.decisionsDirMtime() };
    const temp = join(this.dataDir, '.index.ndjson.tmp');
    const out = createWriteStream(temp);
    const done = finished(out);
    let chunk = `${JSON.stringify(header)}\n`;
    for (const row of rows) {
      chunk += `${JSON.stringify(row)}\n`;
      if (chunk.length < CHUNK) continue;
      const flowing = out.write(chunk);
      chunk = '';
      if (!flowing) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    out.end(chunk);
    await done;
    await rename(temp, this.snapshotPath);
    for (const path of covered)
      await unlink(path).catch((e: unknown) => {
        if (!missing(e)) throw e;
      });
  }

  /** The journals set aside by `begin` and not yet dropped (oldest first). */
  private async setAside(): Promise<string[]> {
    const numbered = /^index\.journal\.(\d+)$/u;
    return (await readdir(this.dataDir))
      .filter((n) => numbered.test(n))
      .sort((a, b) => Number(numbered.exec(a)![1]) - Number(numbered.exec(b)![1]))
      .map((n) => join(this.dataDir, n));
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

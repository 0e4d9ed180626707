/**
 * One month of lowdb's outbox on disk (the layout is in ../lowdb-store.ts):
 *   outbox/<yyyy-mm>.json     a snapshot, { deliveries: { <key>: Delivery } }, written whole and
 *                             atomically (a temp file renamed over it)
 *   outbox/<yyyy-mm>.journal  the deliveries written since that snapshot, each whole on a line of
 *                             its own, in the order written
 * The month is the snapshot with the journal's lines laid over it, a later line winning. A change
 * is one append of its lines, and is on disk (as far as the OS is concerned: like lowdb's writes,
 * nothing is fsynced) before its promise resolves, so its cost does not grow with the month. The
 * whole-file rewrite it replaces cost most of a 1,000-person reminder fan-out.
 *
 * A crash can cut the last append short: a last line that does not parse was never acknowledged
 * and is ignored. Nothing is ever appended after such a line: at open a journal is folded into a
 * new snapshot and removed, as it is when an append fails (before the next change) and whenever it
 * grows past `factor` times the month's live size. The snapshot is written before the journal is
 * removed; a crash between the two only replays the journal over a snapshot that already holds it,
 * which changes nothing, since every line is a whole delivery.
 */
import { appendFile, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Delivery } from '../store';

export interface CompactionPolicy {
  /** The journal is folded into the snapshot once it holds `factor` times the month's live size… */
  readonly factor: number;
  /** …and at least this many characters, so a month of a few deliveries is not rewritten every few changes. */
  readonly minChars: number;
}

/** At 2,000 deliveries a month (~1.2 MB), a rewrite every ~10,000 changes. */
export const DEFAULT_COMPACTION: CompactionPolicy = { factor: 4, minChars: 1 << 20 };

interface SnapshotFile {
  readonly deliveries: Readonly<Record<string, Delivery>>;
}

const missing = (e: unknown): boolean => (e as NodeJS.ErrnoException).code === 'ENOENT';

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if (missing(e)) return null;
    throw new Error(`Cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/** The journal's deliveries in order; a last line cut short by a crash is left out, any other bad line is an error. */
export function journalLines(text: string, path: string): Delivery[] {
  const lines = text.split('\n');
  const out: Delivery[] = [];
  lines.forEach((line, i) => {
    if (line === '') return;
    let d: Delivery | null = null;
    try {
      d = JSON.parse(line) as Delivery;
    } catch {
      // Only the last line can be torn: every append after a crash goes to a new journal.
    }
    if (d !== null && typeof d === 'object' && typeof d.key === 'string') out.push(d);
    else if (lines.slice(i + 1).some((l) => l !== ''))
      throw new Error(`Cannot read ${path}: line ${i + 1} is not a delivery.`);
  });
  return out;
}

export class OutboxMonth {
  /** Characters appended to the journal since the last snapshot. */
  private journalChars = 0;
  /** About what the month's deliveries take as JSON: the last snapshot, and the lines that added deliveries since. */
  private liveChars = 0;
  /** An append failed, perhaps part-way: the journal is folded into a snapshot before anything else is appended. */
  private torn = false;

  private constructor(
    /** The month's deliveries by key, as on disk. Changed only through `write`. */
    readonly deliveries: Map<string, Delivery>,
    private readonly dir: string,
    private readonly month: string,
    private readonly policy: CompactionPolicy,
  ) {}

  /** Reads the month (either file may be missing: then it starts empty); a journal found is folded into a snapshot. */
  static async open(dir: string, month: string, policy: CompactionPolicy): Promise<OutboxMonth> {
    const m = new OutboxMonth(new Map(), dir, month, policy);
    const snapshot = await readText(m.snapshotPath);
    if (snapshot !== null) {
      let file: SnapshotFile;
      try {
        file = JSON.parse(snapshot) as SnapshotFile;
      } catch (e) {
        throw new Error(`Cannot read ${m.snapshotPath}: ${(e as Error).message}`, { cause: e });
      }
      for (const d of Object.values(file.deliveries)) m.deliveries.set(d.key, d);
      m.liveChars = snapshot.length;
    }
    const journal = await readText(m.journalPath);
    if (journal !== null) {
      for (const d of journalLines(journal, m.journalPath)) m.deliveries.set(d.key, d);
      await m.compact();
    }
    return m;
  }

  get snapshotPath(): string {
    return join(this.dir, `${this.month}.json`);
  }

  get journalPath(): string {
    return join(this.dir, `${this.month}.journal`);
  }

  /**
   * Appends the deliveries (whole, as they are now) and then shows them in `deliveries`. Callers
   * serialise their writes (the store's outbox queue). `onCompactError`: a compaction due after the
   * append failed; the append itself is on disk, and the next write tries again.
   */
  async write(changed: readonly Delivery[], onCompactError: (e: unknown) => void): Promise<void> {
    if (changed.length === 0) return;
    if (this.torn) await this.compact();
    const lines = changed.map((d) => `${JSON.stringify(d)}\n`);
    try {
      await appendFile(this.journalPath, lines.join(''));
    } catch (e) {
      this.torn = true;
      throw e;
    }
    changed.forEach((d, i) => {
      this.journalChars += lines[i]!.length;
      if (!this.deliveries.has(d.key)) this.liveChars += lines[i]!.length;
      this.deliveries.set(d.key, d);
    });
    if (this.journalChars > this.policy.factor * Math.max(this.liveChars, this.policy.minChars))
      await this.compact().catch(onCompactError);
  }

  /** Writes the month as a new snapshot and removes the journal it now holds. */
  async compact(): Promise<void> {
    const text = JSON.stringify({ deliveries: Object.fromEntries(this.deliveries) } satisfies SnapshotFile);
    const temp = join(this.dir, `.${this.month}.json.tmp`);
    await writeFile(temp, text);
    await rename(temp, this.snapshotPath);
    try {
      await unlink(this.journalPath);
    } catch (e) {
      if (!missing(e)) throw e;
    }
    this.journalChars = 0;
    this.liveChars = text.length;
    this.torn = false;
  }
}

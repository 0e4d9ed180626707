/**
 * decisions/<stem>.json, one file per decision: { decision, home, watchers, audit }. A change and
 * the audit events that record it are one file write, so they land together or not at all.
 *
 * In memory: an index of every decision's summary and watchers (in reference order), each packed
 * (packed-row.ts), which lists and the register are answered from; the full records are read from
 * disk when needed, the most recently used kept open (OPEN_DOCS). The index is persisted
 * (summary-index.ts), so open reads one file; without a usable one it is rebuilt by reading every
 * decision file, and written again.
 *
 * Reads and writes of one decision must be serialised by the caller (the store's per-decision
 * queue), so the open-file cache never holds an older copy than the disk.
 */
import { readFile as readFileCallback } from 'node:fs';
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { summarize, type DecisionSummary } from '../../domain/decision-summary';
import { refKey } from '../../domain/reference';
import type { AuditEvent, Decision } from '../../domain/types';
import { matchesFilterColumns } from '../decision-filter';
import type { DecisionFilter, DecisionHome, StoredDecision } from '../store';
import {
  compareRefOrder,
  runRowQuery,
  yearsWithMoney,
  type RefOrderKey,
  type SummaryPage,
  type SummaryQuery,
  type SummaryScope,
} from '../summary-query';
import { JsonDoc } from './json-doc';
import { refFileStem } from './ref-file';
import { Interner } from './interner';
import { PackedRow, packedAccess } from './packed-row';
import type { IndexRow, SummaryIndexFiles } from './summary-index';

export interface DecisionFile {
  readonly decision: Decision;
  readonly home: DecisionHome | null;
  readonly watchers: readonly string[];
  readonly audit: readonly AuditEvent[];
}

/** Files read at once while rebuilding the index or listing full records. */
const READ_CONCURRENCY = 64;
/**
 * The callback readFile, promisified: one thread-pool task per file. fs/promises' readFile
 * takes several round trips per file and was 3× slower over 100,000 small files.
 */
const readFile = promisify(readFileCallback);
/** Decision files kept open (with their audit) after a read or a write. */
const OPEN_DOCS = 256;
/** Journal lines after which a new index snapshot is written (in the background). */
const SNAPSHOT_EVERY = 20_000;

export class DecisionFiles {
  private readonly index = new Map<string, PackedRow>();
  /** The index's entries in reference order (a write never moves one: the reference does not change). */
  private ordered: PackedRow[] = [];
  private readonly docs = new Map<string, JsonDoc<DecisionFile>>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly interner = new Interner();
  /** How many decisions have money in each financial year. */
  private readonly yearCounts = new Map<number, number>();
  private journaled = 0;
  private snapshotting: Promise<void> | null = null;

  constructor(
    private readonly dir: string,
    private readonly indexFiles: SummaryIndexFiles,
    private readonly onSnapshotError: (error: unknown) => void,
  ) {}

  /** Loads the index (from its snapshot, or from every file). Temp files of cut-short writes are removed first. */
  async load(): Promise<void> {
    const names = await readdir(this.dir);
    await Promise.all(
      names.filter((n) => n.startsWith('.') && n.endsWith('.tmp')).map((n) => unlink(join(this.dir, n))),
    );
    const files = new Set(names.filter((n) => !n.startsWith('.') && n.endsWith('.json')));
    // Files whose row the snapshot gave: only while loading (100,000 names are ~2.6 MB of heap).
    const fromSnapshot = new Set<string>();
    // The snapshot's rows are packed as they are read, so its summaries never stand in memory all at once.
    const snapshot = await this.indexFiles.read((row, journaled) => {
      if (!files.has(row.file) || journaled.has(row.file)) return;
      this.add(row.file, row.summary, row.watchers);
      fromSnapshot.add(row.file);
    });
    if (snapshot === null) {
      this.clear();
      fromSnapshot.clear();
    }
    const toRead = [...files].filter((file) => !fromSnapshot.has(file));
    await eachLimited(toRead, async (file) => {
      const content = await readDecisionFile(join(this.dir, file));
      this.add(file, summarize(content.decision), content.watchers ?? []);
    });
    // A snapshot is written in reference order: sorted again only when files were read besides it.
    this.ordered = [...this.index.values()];
    if (this.ordered.some((e, i) => i > 0 && compareRefOrder((this.ordered[i - 1] as PackedRow).order, e.order) > 0))
      this.ordered.sort((a, b) => compareRefOrder(a.order, b.order));
    const stale =
      snapshot === null || toRead.length > 0 || snapshot.journaled.size > 0 || snapshot.count !== this.index.size;
    if (stale) await this.snapshot();
  }

  get size(): number {
    return this.index.size;
  }

  has(ref: string): boolean {
    return this.index.has(refKey(ref));
  }

  summary(ref: string): DecisionSummary | null {
    return this.index.get(refKey(ref))?.summary() ?? null;
  }

  /** The summaries in reference order, or those the filter matches. */
  summaries(filter?: DecisionFilter): DecisionSummary[] {
    const out: DecisionSummary[] = [];
    for (const e of this.ordered)
      if (filter === undefined || matchesFilterColumns(e, e.watchers, filter)) out.push(e.summary());
    return out;
  }

  /** The references in reference order. */
  *refs(): Iterable<string> {
    for (const e of this.ordered) yield e.ref;
  }

  /** The register's query (summary-query.ts), over the columns; only the page's rows are read whole. */
  query(query: SummaryQuery): SummaryPage {
    return runRowQuery(this.ordered, query, packedAccess);
  }

  /** The financial years with money in any decision in scope, ascending (for all, kept as counts per year). */
  yearsWithMoney(scope: SummaryScope): number[] {
    if (scope.kind !== 'all') return yearsWithMoney(this.ordered, scope, packedAccess);
    return [...this.yearCounts.keys()].sort((a, b) => a - b);
  }

  private countYears(row: PackedRow, by: 1 | -1): void {
    for (const year of row.years) {
      const n = (this.yearCounts.get(year) ?? 0) + by;
      if (n === 0) this.yearCounts.delete(year);
      else this.yearCounts.set(year, n);
    }
  }

  /** The full records the filter matches, read from disk (for copying or checking a store, not for lists). */
  async list(filter?: DecisionFilter): Promise<StoredDecision[]> {
    const entries = this.ordered.filter((e) => filter === undefined || matchesFilterColumns(e, e.watchers, filter));
    const out: StoredDecision[] = new Array<StoredDecision>(entries.length);
    await eachLimited(
      entries.map((e, i) => [e, i] as const),
      async ([e, i]) => {
        const content = this.docs.get(e.file)?.data ?? (await readDecisionFile(join(this.dir, e.file)));
        out[i] = storedOf(content);
      },
    );
    return out;
  }

  /** The whole file of an indexed decision, audit included. */
  async read(ref: string): Promise<DecisionFile | null> {
    const entry = this.index.get(refKey(ref));
    return entry ? (await this.doc(entry.file)).data : null;
  }

  /** Writes a decision's file (new or existing) atomically, then updates the index. */
  write(content: DecisionFile): Promise<void> {
    const task = this.writeNow(content);
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task)).catch(() => undefined);
    return task;
  }

  /** Writes a new index snapshot (at close, and every SNAPSHOT_EVERY writes). */
  snapshot(): Promise<void> {
    this.snapshotting ??= (async () => {
      await this.indexFiles.begin();
      this.journaled = 0;
      await Promise.allSettled([...this.inFlight]);
      // The rows as they stand now; each summary is made again as its line is written (rows written
      // to since are journaled, so read from their files at the next open whatever the snapshot says).
      const rows = [...this.ordered];
      await this.indexFiles.write(
        (function* (): Iterable<IndexRow> {
          for (const e of rows) yield { file: e.file, summary: e.summary(), watchers: e.watchers };
        })(),
        rows.length,
      );
    })().finally(() => (this.snapshotting = null));
    return this.snapshotting;
  }

  private async writeNow(content: DecisionFile): Promise<void> {
    const key = refKey(content.decision.ref);
    const existing = this.index.get(key);
    const file = existing?.file ?? `${refFileStem(key)}.json`;
    await this.indexFiles.noteWrite(file);
    await (await this.doc(file)).replace(content);
    const summary = summarize(content.decision);
    if (existing) {
      this.countYears(existing, -1);
      existing.set(summary, content.watchers, this.interner);
      this.countYears(existing, 1);
    } else {
      const entry = this.add(file, summary, content.watchers);
      this.ordered.splice(this.insertionPoint(entry.order), 0, entry);
    }
    if (++this.journaled >= SNAPSHOT_EVERY) void this.snapshot().catch(this.onSnapshotError);
  }

  private insertionPoint(order: RefOrderKey): number {
    let lo = 0;
    let hi = this.ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareRefOrder((this.ordered[mid] as PackedRow).order, order) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private async doc(file: string): Promise<JsonDoc<DecisionFile>> {
    let doc = this.docs.get(file);
    if (doc) {
      this.docs.delete(file); // re-insert below: most recently used last
    } else {
      doc = await JsonDoc.open<DecisionFile>(join(this.dir, file), {
        decision: null as unknown as Decision,
        home: null,
        watchers: [],
        audit: [],
      });
    }
    this.docs.set(file, doc);
    for (const oldest of this.docs.keys()) {
      if (this.docs.size <= OPEN_DOCS) break;
      this.docs.delete(oldest);
    }
    return doc;
  }

  private add(file: string, summary: DecisionSummary, watchers: readonly string[]): PackedRow {
    const key = refKey(summary.ref);
    const clash = this.index.get(key);
    if (clash) {
      throw new Error(
        `${join(this.dir, file)} and ${join(this.dir, clash.file)} hold the same reference ${summary.ref}; keep one.`,
      );
    }
    const entry = new PackedRow(file, key, summary, watchers, this.interner);
    this.index.set(key, entry);
    this.countYears(entry, 1);
    return entry;
  }

  /** Forgets what a snapshot found unusable after its rows were read had put in. */
  private clear(): void {
    this.index.clear();
    this.yearCounts.clear();
  }
}

export function storedOf(content: DecisionFile): StoredDecision {
  return { decision: content.decision, home: content.home ?? null, watchers: content.watchers ?? [] };
}

async function eachLimited<T>(items: readonly T[], task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, items.length) }, worker));
}

async function readDecisionFile(path: string): Promise<DecisionFile> {
  const text = await readFile(path, 'utf8');
  let v: Partial<DecisionFile>;
  try {
    v = JSON.parse(text) as Partial<DecisionFile>;
  } catch (e) {
    throw new Error(`Cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  if (typeof v.decision?.ref !== 'string' || typeof v.decision.version !== 'number' || !Array.isArray(v.audit)) {
    throw new Error(
      `Cannot read ${path}: it is not a decision file (decision.ref, decision.version and audit are required).`,
    );
  }
  return v as DecisionFile;
}

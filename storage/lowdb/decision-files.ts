/**
 * decisions/<stem>.json, one file per decision: { decision, home, watchers, audit }. A change and
 * the audit events that record it are one file write, so they land together or not at all.
 * At open every file is read (in parallel) to build the index of reference key → file and the
 * cache listDecisions answers from; the audit stays on disk until a write or getAudit needs it.
 */
import { readFile as readFileCallback } from 'node:fs';
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { refKey } from '../../domain/reference';
import type { AuditEvent, Decision } from '../../domain/types';
import { matchesDecisionFilter } from '../decision-filter';
import type { DecisionFilter, DecisionHome, StoredDecision } from '../store';
import { JsonDoc } from './json-doc';
import { refFileStem } from './ref-file';

export interface DecisionFile {
  readonly decision: Decision;
  readonly home: DecisionHome | null;
  readonly watchers: readonly string[];
  readonly audit: readonly AuditEvent[];
}

interface IndexEntry {
  readonly file: string;
  stored: StoredDecision;
}

/** Files read at once while building the index. */
const READ_CONCURRENCY = 64;
/**
 * The callback readFile, promisified: one thread-pool task per file. fs/promises' readFile
 * takes several round trips per file and was 3× slower over 100,000 small files.
 */
const readFile = promisify(readFileCallback);
/** Decision files kept open (with their audit) after a write or getAudit. */
const OPEN_DOCS = 256;

export class DecisionFiles {
  private readonly index = new Map<string, IndexEntry>();
  private readonly docs = new Map<string, JsonDoc<DecisionFile>>();

  constructor(private readonly dir: string) {}

  /** Builds the index. Leftover temp files of writes cut short by a crash are removed first. */
  async load(): Promise<void> {
    const names = await readdir(this.dir);
    const files = names.filter((n) => !n.startsWith('.') && n.endsWith('.json'));
    await Promise.all(
      names.filter((n) => n.startsWith('.') && n.endsWith('.tmp')).map((n) => unlink(join(this.dir, n))),
    );
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < files.length) {
        const name = files[next++] as string;
        this.addToIndex(name, await readDecisionFile(join(this.dir, name)));
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));
  }

  get size(): number {
    return this.index.size;
  }

  get(ref: string): StoredDecision | null {
    return this.index.get(refKey(ref))?.stored ?? null;
  }

  has(ref: string): boolean {
    return this.index.has(refKey(ref));
  }

  /** Every cached decision, or those the filter matches. */
  list(filter?: DecisionFilter): StoredDecision[] {
    const all = [...this.index.values()].map((e) => e.stored);
    return filter === undefined ? all : all.filter((s) => matchesDecisionFilter(s.decision, filter));
  }

  /** The whole file of an indexed decision, audit included. */
  async read(ref: string): Promise<DecisionFile | null> {
    const entry = this.index.get(refKey(ref));
    return entry ? (await this.doc(entry.file)).data : null;
  }

  /** Writes a decision's file (new or existing) atomically, then updates the index. */
  async write(content: DecisionFile): Promise<void> {
    const key = refKey(content.decision.ref);
    const file = this.index.get(key)?.file ?? `${refFileStem(key)}.json`;
    await (await this.doc(file)).replace(content);
    this.index.set(key, { file, stored: storedOf(content) });
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

  private addToIndex(file: string, content: DecisionFile): void {
    const key = refKey(content.decision.ref);
    const clash = this.index.get(key);
    if (clash) {
      throw new Error(
        `${join(this.dir, file)} and ${join(this.dir, clash.file)} hold the same reference ${content.decision.ref}; keep one.`,
      );
    }
    this.index.set(key, { file, stored: storedOf(content) });
  }
}

function storedOf(content: DecisionFile): StoredDecision {
  return { decision: content.decision, home: content.home ?? null, watchers: content.watchers ?? [] };
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

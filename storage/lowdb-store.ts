/**
 * The embedded store: JSON files under DATA_DIR, written with lowdb (one `Low` per file; its
 * steno writer writes `.<name>.tmp` and renames it over the file, so kill -9 at any moment
 * leaves the old content or the new, never a torn file; the outbox's journals, below, are appended
 * to instead). One process per DATA_DIR.
 *
 * On-disk layout (DATA_DIR, default ./data):
 *   .lock                    pid, host and start time of the process using the folder
 *   meta.json                { format, createdAt }: format 2 since the outbox journals (1 is upgraded)
 *   decisions/<ref>.json     one per decision: { decision, home, watchers, audit: [...] } —
 *                            a change and its hash-chained audit events are one atomic write.
 *                            <ref> is the reference key ("pcd1065"), other characters as %XX.
 *   roles.json               { assignments: [...] }
 *   conversations/<shard>.json  { conversations: { <key>: ConversationRef } }: the references spread
 *                            over 1,024 files by the SHA-256 of the key (<shard>: "000"–"3ff"), read
 *                            when asked for (lowdb/conversation-files.ts). A `conversations.json` of
 *                            a store made before them is moved into them at open, then removed.
 *   people.json              { people: { <aad object id, lower case>: KnownPerson } } (absent in
 *                            stores made before it: then nobody is known yet)
 *   outbox/<yyyy-mm>.json    { deliveries: { <key>: Delivery } }, by the month first due: a snapshot,
 *   outbox/<yyyy-mm>.journal and the deliveries written since, each whole on a line, appended (a
 *                            claim, an in-flight mark or an outcome is one append, not a rewrite of
 *                            the month); a torn last line is ignored; folded into the snapshot at
 *                            open and when it passes 4× the month (lowdb/outbox-month.ts)
 *   idempotency.json         { entries: { <key>: { outcome, at } } }, pruned after 7 days
 *   index.ndjson, index.journal  the index of decision summaries (lowdb/summary-index.ts): a cache
 *                            of the decision files, rebuilt from them when missing or out of date
 * A write touches one decision's file, one conversation shard, one small file or one outbox
 * journal, so its cost does not grow with the register or the outbox. At open the index is read (or
 * rebuilt from the decision files): lists and the register are answered from the summaries in
 * memory, a decision's full record and a conversation reference are read from their files when
 * asked for; leftover temp files from an interrupted write are removed.
 * Writes are serialised per file within the process; the lock keeps other processes out.
 */
import { resolve } from 'node:path';
import { linkEvents } from '../domain/audit';
import { DomainError, ErrorCode } from '../domain/errors';
import { refKey } from '../domain/reference';
import type { AuditEvent, Decision, EventDraft, IsoInstant, Provenance } from '../domain/types';
import type { StoreLogger } from './lowdb/data-dir-lock';
import { storedOf, type DecisionFile } from './lowdb/decision-files';
import { KeyQueue } from './lowdb/key-queue';
import { openState, type OpenState } from './lowdb/open-state';
import { pruneIdempotency } from './lowdb/small-files';
import { referenceNumber } from './reference-number';
import type {
  ConversationRef,
  DecisionFilter,
  DecisionSummary,
  SummaryPage,
  SummaryQuery,
  DecisionHome,
  Delivery,
  DeliveryState,
  KnownPerson,
  RoleAssignment,
  Store,
  StoredDecision,
} from './store';

export type { StoreLogger } from './lowdb/data-dir-lock';

export interface LowdbStoreOptions {
  readonly clock?: () => Date;
  /** Where warnings go (e.g. a lock taken over from a dead process); console.warn by default. */
  readonly logger?: StoreLogger;
}

/** Expired idempotency keys are dropped at most this often (the scan is over every key). */
const PRUNE_EVERY_MS = 60_000;

export class LowdbStore implements Store {
  readonly dataDir: string;
  private readonly clock: () => Date;
  private readonly logger: StoreLogger;
  private readonly queue = new KeyQueue();
  private state: OpenState | null = null;
  private opening: Promise<void> | null = null;
  private lastPrune = 0;

  constructor(dataDir: string, options: LowdbStoreOptions = {}) {
    this.dataDir = resolve(dataDir);
    this.clock = options.clock ?? (() => new Date());
    this.logger = options.logger ?? { warn: (m) => console.warn(m) };
  }

  get isOpen(): boolean {
    return this.state !== null;
  }

  open(): Promise<void> {
    if (this.state) return Promise.resolve();
    this.opening ??= this.load().finally(() => (this.opening = null));
    return this.opening;
  }

  async close(): Promise<void> {
    await this.opening?.catch(() => undefined);
    const state = this.state;
    if (!state) return;
    this.state = null; // refuse new operations; let queued ones finish
    await this.queue.drain();
    try {
      await state.decisions.snapshot();
    } finally {
      await state.lock.release();
    }
  }

  // Decisions

  getDecision(ref: string): Promise<StoredDecision | null> {
    return this.withDecision(ref, async (s) => {
      const file = await s.decisions.read(ref);
      return file === null ? null : storedOf(file);
    });
  }

  async listDecisions(filter?: DecisionFilter): Promise<StoredDecision[]> {
    return this.open$().decisions.list(filter);
  }

  async listSummaries(filter?: DecisionFilter): Promise<DecisionSummary[]> {
    return this.open$().decisions.summaries(filter);
  }

  async querySummaries(query: SummaryQuery): Promise<SummaryPage> {
    return this.open$().decisions.query(query);
  }

  async fundedYears(scope: SummaryQuery['scope']): Promise<number[]> {
    return this.open$().decisions.yearsWithMoney(scope);
  }

  createDecision(
    decision: Decision,
    events: readonly EventDraft[],
    provenance: Provenance,
    home: DecisionHome | null = null,
  ): Promise<StoredDecision> {
    return this.withDecision(decision.ref, async (s) => {
      const existing = s.decisions.summary(decision.ref);
      if (existing)
        throw new DomainError(ErrorCode.DuplicateRef, `${existing.ref} already exists. Choose another reference.`, {
          ref: existing.ref,
        });
      const audit = linkEvents(null, decision.ref, events, provenance);
      await s.decisions.write({ decision, home, watchers: [], audit });
      return { decision, home, watchers: [] };
    });
  }

  updateDecision(
    decision: Decision,
    expectedVersion: number,
    events: readonly EventDraft[],
    provenance: Provenance,
  ): Promise<StoredDecision> {
    return this.withDecision(decision.ref, async (s) => {
      const file = await s.decisions.read(decision.ref);
      if (!file) throw notFound(decision.ref);
      const current = file.decision;
      if (current.version !== expectedVersion) {
        throw new DomainError(
          ErrorCode.StaleVersion,
          `${current.ref} has changed since you loaded it (it is now version ${current.version}, you had ${expectedVersion}). Reload it and try again.`,
          { ref: current.ref, version: current.version, expectedVersion },
        );
      }
      const next: Decision = { ...decision, ref: current.ref, version: expectedVersion + 1 };
      const audit = [...file.audit, ...linkEvents(file.audit.at(-1) ?? null, current.ref, events, provenance)];
      await s.decisions.write({ ...file, decision: next, audit });
      return { decision: next, home: file.home, watchers: file.watchers };
    });
  }

  setHome(ref: string, home: DecisionHome): Promise<void> {
    return this.withDecision(ref, async (s) => {
      const file = await s.decisions.read(ref);
      if (!file) throw notFound(ref);
      await s.decisions.write({ ...file, home });
    });
  }

  setWatchers(ref: string, watchers: readonly string[]): Promise<void> {
    return this.withDecision(ref, async (s) => {
      const file = await s.decisions.read(ref);
      if (!file) throw notFound(ref);
      await s.decisions.write({ ...file, watchers: [...new Set(watchers)] });
    });
  }

  /** Writes a decision file verbatim (audit chain as given), replacing any of the same reference: for store:copy. */
  importDecisionFile(content: DecisionFile): Promise<void> {
    return this.withDecision(content.decision.ref, (s) => s.decisions.write(content));
  }

  getAudit(ref: string): Promise<AuditEvent[]> {
    return this.withDecision(ref, async (s) => {
      const file = await s.decisions.read(ref);
      if (!file) throw notFound(ref);
      return [...file.audit];
    });
  }

  async highestReferenceNumber(prefix: string): Promise<number | null> {
    let highest: number | null = null;
    for (const ref of this.open$().decisions.refs()) {
      const n = referenceNumber(ref, prefix);
      if (n !== null && (highest === null || n > highest)) highest = n;
    }
    return highest;
  }

  // Roles

  async listRoleAssignments(): Promise<RoleAssignment[]> {
    return [...this.open$().roles.data.assignments];
  }

  addRoleAssignment(assignment: RoleAssignment): Promise<void> {
    return this.withFile('roles', async (s) => {
      const others = s.roles.data.assignments.filter(
        (a) => !sameHolding(a, assignment.role, assignment.holder.aadObjectId),
      );
      await s.roles.replace({ assignments: [...others, assignment] });
    });
  }

  removeRoleAssignment(role: string, holderAadObjectId: string): Promise<boolean> {
    return this.withFile('roles', async (s) => {
      const kept = s.roles.data.assignments.filter((a) => !sameHolding(a, role, holderAadObjectId));
      if (kept.length === s.roles.data.assignments.length) return false;
      await s.roles.replace({ assignments: kept });
      return true;
    });
  }

  // Conversations

  async saveConversation(key: string, ref: ConversationRef): Promise<void> {
    return this.open$().conversations.save(key, ref);
  }

  async getConversation(key: string): Promise<ConversationRef | null> {
    return this.open$().conversations.get(key);
  }

  /** Every conversation reference, by key (not part of the port: for store:copy). */
  async listConversations(): Promise<{ key: string; ref: ConversationRef }[]> {
    return this.open$().conversations.list();
  }

  // People

  savePerson(person: KnownPerson): Promise<void> {
    return this.open$().people.save(person);
  }

  async listPeople(aadObjectIds?: readonly string[]): Promise<KnownPerson[]> {
    return this.open$().people.list(aadObjectIds);
  }

  // Outbox

  enqueueDeliveries(deliveries: readonly Delivery[]): Promise<number> {
    return this.withFile('outbox', (s) => s.outbox.enqueue(deliveries));
  }

  claimDeliveries(owner: string, now: IsoInstant, leaseUntil: IsoInstant, limit: number): Promise<Delivery[]> {
    return this.withFile('outbox', (s) => s.outbox.claim(owner, now, leaseUntil, limit));
  }

  updateDelivery(key: string, patch: Partial<Omit<Delivery, 'key'>>): Promise<void> {
    return this.withFile('outbox', (s) => s.outbox.update(key, patch, this.clock().toISOString()));
  }

  listDeliveries(filter?: { ref?: string; states?: readonly DeliveryState[] }): Promise<Delivery[]> {
    return this.withFile('outbox', async (s) => s.outbox.list(filter));
  }

  countDeliveries(): Promise<Record<DeliveryState, number>> {
    return this.withFile('outbox', async (s) => s.outbox.count());
  }

  // Idempotency

  rememberOnce(
    key: string,
    outcome: Readonly<Record<string, unknown>>,
    at: IsoInstant,
  ): Promise<Readonly<Record<string, unknown>> | null> {
    const s = this.state;
    if (!s) return Promise.reject(closedError(this.dataDir));
    const entries = s.idempotencyCommits.current.entries;
    if (Object.hasOwn(entries, key)) return Promise.resolve(entries[key]?.outcome ?? null);
    const now = this.clock();
    const prune = now.getTime() - this.lastPrune >= PRUNE_EVERY_MS;
    if (prune) this.lastPrune = now.getTime();
    return s.idempotencyCommits
      .change((file) => ({
        entries: { ...(prune ? pruneIdempotency(file.entries, now) : file.entries), [key]: { outcome, at } },
      }))
      .then(() => null);
  }

  // Internals

  private async load(): Promise<void> {
    this.state = await openState(this.dataDir, this.clock, this.logger, this.queue);
  }

  private open$(): OpenState {
    if (!this.state) throw closedError(this.dataDir);
    return this.state;
  }

  private withDecision<T>(ref: string, task: (s: OpenState) => Promise<T>): Promise<T> {
    return this.withFile(`decision:${refKey(ref)}`, task);
  }

  private withFile<T>(key: string, task: (s: OpenState) => Promise<T>): Promise<T> {
    const s = this.state;
    if (!s) return Promise.reject(closedError(this.dataDir));
    return this.queue.run(key, () => task(s));
  }
}

function closedError(dataDir: string): DomainError {
  return new DomainError(ErrorCode.StoreClosed, `The store at ${dataDir} is not open.`);
}

function notFound(ref: string): DomainError {
  return new DomainError(ErrorCode.NotFound, `There is no decision ${ref}.`, { ref });
}

function sameHolding(a: RoleAssignment, role: string, aadObjectId: string): boolean {
  return a.role === role && a.holder.aadObjectId === aadObjectId;
}

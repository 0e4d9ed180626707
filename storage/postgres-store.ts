/**
 * The Store port on PostgreSQL, for several bot replicas sharing one database. open() creates
 * or migrates the schema (under an advisory lock, so replicas may start together); every write
 * is one statement or one transaction, so replicas never need to coordinate otherwise. The SQL
 * lives in ./postgres/*-queries.ts; this class holds the pool and checks that the store is open.
 */
import type { Pool } from 'pg';
import { DomainError, ErrorCode } from '../domain/errors';
import type { AuditEvent, Decision, EventDraft, IsoInstant, Provenance } from '../domain/types';
import { migrate } from './migrate';
import * as conversations from './postgres/conversation-queries';
import { countRecords, type RecordCounts } from './postgres/count-queries';
import * as decisions from './postgres/decision-queries';
import * as deliveries from './postgres/delivery-queries';
import * as idempotency from './postgres/idempotency-queries';
import * as people from './postgres/people-queries';
import * as roles from './postgres/role-queries';
import * as summaries from './postgres/summary-queries';
import { createPool } from './postgres/pool';
import { checkSchemaName, schemaFromUrl } from './postgres/schema-name';
import type {
  ConversationRef,
  DecisionFilter,
  DecisionHome,
  DecisionSummary,
  Delivery,
  DeliveryState,
  KnownPerson,
  RoleAssignment,
  Store,
  StoredDecision,
  SummaryPage,
  SummaryQuery,
} from './store';

export interface PostgresStoreOptions {
  /** postgres://user:password@host:5432/database (DATABASE_URL). */
  readonly connectionString: string;
  /**
   * The schema holding the tables; created if missing. Default: the URL's
   * `options=-c search_path=<schema>` if it has one, otherwise "public".
   */
  readonly schema?: string;
  /** Connections per replica. Default 10. */
  readonly poolSize?: number;
  /** For updatedAt of delivery updates and the expiry of idempotency keys. */
  readonly clock?: () => Date;
}

type Outcome = Readonly<Record<string, unknown>>;

export class PostgresStore implements Store {
  readonly schema: string;
  private readonly connectionString: string;
  private readonly poolSize: number;
  private readonly clock: () => Date;
  private pool: Pool | null = null;

  constructor(options: PostgresStoreOptions) {
    this.connectionString = options.connectionString;
    this.schema = checkSchemaName(options.schema ?? schemaFromUrl(options.connectionString) ?? 'public');
    this.poolSize = options.poolSize ?? 10;
    this.clock = options.clock ?? (() => new Date());
  }

  get isOpen(): boolean {
    return this.pool !== null;
  }

  async open(): Promise<void> {
    if (this.pool !== null) return;
    const pool = createPool(this.connectionString, this.schema, this.poolSize);
    try {
      await migrate(pool, this.schema);
    } catch (error) {
      await pool.end();
      throw error;
    }
    this.pool = pool;
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    if (pool !== null) await pool.end();
  }

  /** The pool, or STORE_CLOSED; called inside async methods so the refusal is a rejected promise. */
  private db(): Pool {
    if (this.pool === null) throw new DomainError(ErrorCode.StoreClosed, 'The PostgreSQL store is not open.');
    return this.pool;
  }

  async getDecision(ref: string): Promise<StoredDecision | null> {
    return decisions.getDecision(this.db(), ref);
  }

  async listDecisions(filter?: DecisionFilter): Promise<StoredDecision[]> {
    return decisions.listDecisions(this.db(), filter);
  }

  async listSummaries(filter?: DecisionFilter): Promise<DecisionSummary[]> {
    return summaries.listSummaries(this.db(), filter);
  }

  async querySummaries(query: SummaryQuery): Promise<SummaryPage> {
    return summaries.querySummaries(this.db(), query);
  }

  async fundedYears(scope: SummaryQuery['scope']): Promise<number[]> {
    return summaries.fundedYears(this.db(), scope);
  }

  async createDecision(
    decision: Decision,
    events: readonly EventDraft[],
    provenance: Provenance,
    home: DecisionHome | null = null,
  ): Promise<StoredDecision> {
    return decisions.createDecision(this.db(), decision, events, provenance, home);
  }

  async updateDecision(
    decision: Decision,
    expectedVersion: number,
    events: readonly EventDraft[],
    provenance: Provenance,
  ): Promise<StoredDecision> {
    return decisions.updateDecision(this.db(), decision, expectedVersion, events, provenance);
  }

  async setHome(ref: string, home: DecisionHome): Promise<void> {
    return decisions.setHome(this.db(), ref, home);
  }

  async setWatchers(ref: string, watchers: readonly string[]): Promise<void> {
    return decisions.setWatchers(this.db(), ref, watchers);
  }

  async getAudit(ref: string): Promise<AuditEvent[]> {
    return decisions.getAudit(this.db(), ref);
  }

  async highestReferenceNumber(prefix: string): Promise<number | null> {
    return decisions.highestReferenceNumber(this.db(), prefix);
  }

  async listRoleAssignments(): Promise<RoleAssignment[]> {
    return roles.listRoleAssignments(this.db());
  }

  async addRoleAssignment(assignment: RoleAssignment): Promise<void> {
    return roles.addRoleAssignment(this.db(), assignment);
  }

  async removeRoleAssignment(role: string, holderAadObjectId: string): Promise<boolean> {
    return roles.removeRoleAssignment(this.db(), role, holderAadObjectId);
  }

  async savePerson(person: KnownPerson): Promise<void> {
    return people.savePerson(this.db(), person);
  }

  async listPeople(aadObjectIds?: readonly string[]): Promise<KnownPerson[]> {
    return people.listPeople(this.db(), aadObjectIds);
  }

  async saveConversation(key: string, ref: ConversationRef): Promise<void> {
    return conversations.saveConversation(this.db(), key, ref);
  }

  async getConversation(key: string): Promise<ConversationRef | null> {
    return conversations.getConversation(this.db(), key);
  }

  async enqueueDeliveries(items: readonly Delivery[]): Promise<number> {
    return deliveries.enqueueDeliveries(this.db(), items);
  }

  async claimDeliveries(owner: string, now: IsoInstant, leaseUntil: IsoInstant, limit: number): Promise<Delivery[]> {
    return deliveries.claimDeliveries(this.db(), owner, now, leaseUntil, limit);
  }

  async updateDelivery(key: string, patch: Partial<Omit<Delivery, 'key'>>): Promise<void> {
    return deliveries.updateDelivery(this.db(), key, patch, this.clock().toISOString());
  }

  async listDeliveries(filter?: { ref?: string; states?: readonly DeliveryState[] }): Promise<Delivery[]> {
    return deliveries.listDeliveries(this.db(), filter);
  }

  async countDeliveries(): Promise<Record<DeliveryState, number>> {
    return deliveries.countDeliveries(this.db());
  }

  async rememberOnce(key: string, outcome: Outcome, at: IsoInstant): Promise<Outcome | null> {
    return idempotency.rememberOnce(this.db(), key, outcome, at, this.clock());
  }

  // For store:copy: what the port can write but not list, counts, and a verbatim decision import.

  async listConversations(): Promise<Array<{ key: string; ref: ConversationRef }>> {
    return conversations.listConversations(this.db());
  }

  async listIdempotencyKeys(): Promise<Array<{ key: string; outcome: Outcome; at: IsoInstant }>> {
    return idempotency.listIdempotency(this.db());
  }

  async countRecords(): Promise<RecordCounts> {
    return countRecords(this.db());
  }

  /** Writes the decision and its chain as given (hashes kept), replacing one of the same reference. */
  async importDecision(stored: StoredDecision, audit: readonly AuditEvent[]): Promise<void> {
    return decisions.importDecision(this.db(), stored, audit);
  }
}

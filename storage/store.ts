/**
 * The Store port: everything the bot and the scheduler keep. Two real adapters implement it
 * (lowdb files under DATA_DIR, PostgreSQL) and pass one contract suite (test/storage).
 *
 * Concurrency: decisions carry an integer version. updateDecision succeeds only if the stored
 * version equals `expectedVersion`, and the audit events it is given are appended to the
 * decision's hash chain in the same atomic write. Otherwise it throws DomainError STALE_VERSION.
 */
import type {
  AuditEvent,
  Decision,
  DecisionStatus,
  EventDraft,
  IsoInstant,
  Provenance,
  RoleAssignment,
} from '../domain/types';
import type { DecisionSummary } from '../domain/decision-summary';
import type { SummaryPage, SummaryQuery } from './summary-query';

export type { DecisionSummary } from '../domain/decision-summary';
export type { SummaryPage, SummaryQuery, SummaryScope, SummarySort } from './summary-query';

/** Where a decision's card lives in Teams: enough to update it in place or post proactively. */
export interface ConversationRef {
  readonly conversationId: string;
  readonly serviceUrl: string;
  readonly tenantId: string | null;
  readonly channelId: string; // "msteams"
  readonly conversationType: string | null; // personal | groupChat | channel
  readonly botId: string;
  readonly botName: string;
  /** The team's id when the conversation is a channel (or a thread in one). */
  readonly teamId: string | null;
}

/** True when two references name the same conversation in the same way (saving one over the other changes nothing). */
export function sameConversationRef(a: ConversationRef, b: ConversationRef): boolean {
  return (
    a.conversationId === b.conversationId &&
    a.serviceUrl === b.serviceUrl &&
    a.tenantId === b.tenantId &&
    a.channelId === b.channelId &&
    a.conversationType === b.conversationType &&
    a.botId === b.botId &&
    a.botName === b.botName &&
    a.teamId === b.teamId
  );
}

export interface DecisionHome {
  readonly conversation: ConversationRef;
  /** Activity id of the decision's card message, updated in place. */
  readonly cardActivityId: string | null;
}

export interface StoredDecision {
  readonly decision: Decision;
  readonly home: DecisionHome | null;
  /** AAD object ids of people who asked to `watch` the decision's funding. */
  readonly watchers: readonly string[];
}

export type { RoleAssignment };

/**
 * A person as Teams knows them, with both ids: the AAD object id is the stable key for roles,
 * admins and watchers; the MRI (`29:…`, the `from.id` Teams sends and the `id` the roster gives)
 * is what card refresh (`refresh.userIds`) and a proactive 1:1 chat need.
 */
export interface KnownPerson {
  readonly aadObjectId: string;
  readonly mri: string;
  readonly name: string;
}

/** True when two records say the same of a person (saving one over the other changes nothing). */
export function samePerson(a: KnownPerson, b: KnownPerson): boolean {
  return a.aadObjectId.toLowerCase() === b.aadObjectId.toLowerCase() && a.mri === b.mri && a.name === b.name;
}

export type DeliveryState = 'pending' | 'sending' | 'sent' | 'failed' | 'undeliverable';

/** Every delivery state at 0, to count into. */
export const noDeliveries = (): Record<DeliveryState, number> => ({
  pending: 0,
  sending: 0,
  sent: 0,
  failed: 0,
  undeliverable: 0,
});

/** One message the scheduler owes someone, keyed so that it is sent exactly once. */
export interface Delivery {
  /** e.g. "reminder:PCD 1065:2022-09-30:6m:user:<aad>" — unique. */
  readonly key: string;
  readonly kind: 'reminder' | 'nudge';
  readonly ref: string;
  /** Conversation to post in, or the person to message in personal chat. */
  readonly target: { readonly conversationId: string } | { readonly userAadObjectId: string };
  readonly payload: Readonly<Record<string, unknown>>;
  readonly state: DeliveryState;
  readonly attempts: number;
  readonly dueAt: IsoInstant;
  readonly nextAttemptAt: IsoInstant;
  readonly claimedBy: string | null;
  readonly claimedUntil: IsoInstant | null;
  readonly activityId: string | null;
  readonly lastError: string | null;
  readonly updatedAt: IsoInstant;
}

/**
 * Narrows listDecisions (both parts must hold when both are given; no filter lists everything).
 * - statuses: only decisions in one of these statuses.
 * - lastFundedYearAtMost: only decisions with a funding line whose last funded year (the latest
 *   year with money on it, as in lastFundedYear) is at most this year. Reminders are per line, so a
 *   decision whose lines end in different years matches as soon as its earliest-ending line does;
 *   decisions with no money on any line never match.
 */
export interface DecisionFilter {
  readonly statuses?: readonly DecisionStatus[];
  readonly lastFundedYearAtMost?: number;
  /**
   * Only decisions with a line whose last funded year is at least this year (the latest year with
   * money on any line is): with lastFundedYearAtMost, a necessary condition for a line in between.
   */
  readonly lastFundedYearAtLeast?: number;
  /** Only decisions created by this AAD object id (compared case-insensitively). */
  readonly createdBy?: string;
  /** Only decisions this AAD object id watches (compared case-insensitively). */
  readonly watchedBy?: string;
}

export interface Store {
  open(): Promise<void>;
  close(): Promise<void>;
  readonly isOpen: boolean;

  // Decisions and their audit chains
  getDecision(ref: string): Promise<StoredDecision | null>;
  /** Full records (long texts included): for copying and checking a store; lists use listSummaries. */
  listDecisions(filter?: DecisionFilter): Promise<StoredDecision[]>;
  /** The summaries of the decisions the filter matches (all without one), in reference order. */
  listSummaries(filter?: DecisionFilter): Promise<DecisionSummary[]>;
  /** The register's query: filtered, sorted and paged in the store, with the count of every match. */
  querySummaries(query: SummaryQuery): Promise<SummaryPage>;
  /** The financial years (start years) with money in any decision of the scope, ascending. */
  fundedYears(scope: SummaryQuery['scope']): Promise<number[]>;
  /** Throws DUPLICATE_REF if the reference exists (compared case- and space-insensitively). */
  createDecision(
    decision: Decision,
    events: readonly EventDraft[],
    provenance: Provenance,
    home?: DecisionHome | null,
  ): Promise<StoredDecision>;
  /** Throws STALE_VERSION when the stored version is not expectedVersion. */
  updateDecision(
    decision: Decision,
    expectedVersion: number,
    events: readonly EventDraft[],
    provenance: Provenance,
  ): Promise<StoredDecision>;
  /** Home and watchers are not substance: they change without a version bump or audit event. */
  setHome(ref: string, home: DecisionHome): Promise<void>;
  setWatchers(ref: string, watchers: readonly string[]): Promise<void>;
  getAudit(ref: string): Promise<AuditEvent[]>;
  /** Highest number used so far with the prefix ("PCD" → 1065), or null. */
  highestReferenceNumber(prefix: string): Promise<number | null>;

  // Roles
  listRoleAssignments(): Promise<RoleAssignment[]>;
  addRoleAssignment(assignment: RoleAssignment): Promise<void>;
  removeRoleAssignment(role: string, holderAadObjectId: string): Promise<boolean>;

  // People: both ids of everyone the bot has met (in an activity or in a roster)
  /** Records a person, replacing what was known under the same AAD object id (compared case-insensitively). */
  savePerson(person: KnownPerson): Promise<void>;
  /** The known people among these AAD object ids (compared case-insensitively); everyone without the argument. */
  listPeople(aadObjectIds?: readonly string[]): Promise<KnownPerson[]>;

  // Conversations the bot has seen (for proactive personal chats)
  saveConversation(key: string, ref: ConversationRef): Promise<void>;
  getConversation(key: string): Promise<ConversationRef | null>;

  // Outbox
  /** Inserts deliveries whose key is new; returns how many were new. Existing keys are left as they are. */
  enqueueDeliveries(deliveries: readonly Delivery[]): Promise<number>;
  /**
   * Atomically claims up to `limit` deliveries that are pending (or sending with an expired claim) and due by `now`.
   */
  claimDeliveries(owner: string, now: IsoInstant, leaseUntil: IsoInstant, limit: number): Promise<Delivery[]>;
  updateDelivery(key: string, patch: Partial<Omit<Delivery, 'key'>>): Promise<void>;
  listDeliveries(filter?: { ref?: string; states?: readonly DeliveryState[] }): Promise<Delivery[]>;
  /** How many deliveries are in each state (GET /metrics reads it at every scrape, so it is a count, not a list). */
  countDeliveries(): Promise<Record<DeliveryState, number>>;

  // Idempotency of invokes (Teams retries)
  /** Records the key with its outcome; returns the earlier outcome if the key was already recorded. */
  rememberOnce(
    key: string,
    outcome: Readonly<Record<string, unknown>>,
    at: IsoInstant,
  ): Promise<Readonly<Record<string, unknown>> | null>;
}

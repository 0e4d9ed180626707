/**
 * One side of `npm run store:copy`: an open Store plus what the port does not offer and a copy
 * needs — listing conversations and idempotency keys, and writing a decision with its audit
 * chain exactly as it is (hashes kept) rather than re-linking it.
 */
import type { AuditEvent, IsoInstant } from '../../domain/types';
import { PostgresStore } from '../postgres-store';
import type { ConversationRef, Store, StoredDecision } from '../store';

export interface ConversationEntry {
  readonly key: string;
  readonly ref: ConversationRef;
}

export interface IdempotencyEntry {
  readonly key: string;
  readonly outcome: Readonly<Record<string, unknown>>;
  readonly at: IsoInstant;
}

export interface CopyEndpoint {
  /** For messages: "lowdb at /srv/data", "postgres schema "public" at postgres://bot:***@db/decisions". */
  readonly description: string;
  readonly store: Store;
  listConversations(): Promise<ConversationEntry[]>;
  listIdempotencyKeys(): Promise<IdempotencyEntry[]>;
  /** Writes the decision and its chain as given, replacing a decision of the same reference. */
  importDecision(stored: StoredDecision, audit: readonly AuditEvent[]): Promise<void>;
  close(): Promise<void>;
}

export async function openPostgresEndpoint(
  options: { connectionString: string; schema?: string },
  description: string,
): Promise<CopyEndpoint> {
  const store = new PostgresStore({ ...options, poolSize: 4 });
  await store.open();
  return {
    description,
    store,
    listConversations: () => store.listConversations(),
    listIdempotencyKeys: () => store.listIdempotencyKeys(),
    importDecision: (stored, audit) => store.importDecision(stored, audit),
    close: () => store.close(),
  };
}

/**
 * The lowdb side of store:copy. Reads go through LowdbStore; conversations and idempotency keys,
 * which the port cannot list, are read from their files (layout in lowdb-store.ts; the conversation
 * shards through LowdbStore.listConversations); a decision is
 * written verbatim through the store (LowdbStore.importDecisionFile), so its index sees it. All of
 * it happens while this process holds the DATA_DIR lock through the open LowdbStore, so no bot can
 * be writing at the same time.
 */
import { join } from 'node:path';
import { JsonDoc } from '../lowdb/json-doc';
import type { IdempotencyFile } from '../lowdb/small-files';
import { LowdbStore } from '../lowdb-store';
import type { CopyEndpoint } from './copy-endpoint';

export async function openLowdbEndpoint(dataDir: string): Promise<CopyEndpoint> {
  const store = new LowdbStore(dataDir);
  await store.open();
  return {
    description: `lowdb at ${store.dataDir}`,
    store,
    listConversations: () => store.listConversations(),
    async listIdempotencyKeys() {
      const doc = await JsonDoc.open<IdempotencyFile>(join(store.dataDir, 'idempotency.json'), { entries: {} });
      return Object.entries(doc.data.entries).map(([key, entry]) => ({ key, outcome: entry.outcome, at: entry.at }));
    },
    async importDecision(stored, audit) {
      if (!store.isOpen) throw new Error(`The lowdb store at ${store.dataDir} is closed.`);
      await store.importDecisionFile({
        decision: stored.decision,
        home: stored.home,
        watchers: stored.watchers,
        audit,
      });
    },
    close: () => store.close(),
  };
}

/**
 * The lowdb side of store:copy. Reads go through LowdbStore; conversations and idempotency keys,
 * which the port cannot list, are read from their files (layout in lowdb-store.ts); a decision is
 * written verbatim with the store's own DecisionFiles. All of it happens while this process holds
 * the DATA_DIR lock through the open LowdbStore, so no bot can be writing at the same time. The
 * open store's cache does not see decisions imported this way: reopen the endpoint to read them.
 */
import { join } from 'node:path';
import { DecisionFiles } from '../lowdb/decision-files';
import { JsonDoc } from '../lowdb/json-doc';
import type { ConversationsFile, IdempotencyFile } from '../lowdb/small-files';
import { LowdbStore } from '../lowdb-store';
import type { CopyEndpoint } from './copy-endpoint';

export async function openLowdbEndpoint(dataDir: string): Promise<CopyEndpoint> {
  const store = new LowdbStore(dataDir);
  await store.open();
  let decisionFiles: DecisionFiles | null = null;
  return {
    description: `lowdb at ${store.dataDir}`,
    store,
    async listConversations() {
      const doc = await JsonDoc.open<ConversationsFile>(join(store.dataDir, 'conversations.json'), {
        conversations: {},
      });
      return Object.entries(doc.data.conversations).map(([key, ref]) => ({ key, ref }));
    },
    async listIdempotencyKeys() {
      const doc = await JsonDoc.open<IdempotencyFile>(join(store.dataDir, 'idempotency.json'), { entries: {} });
      return Object.entries(doc.data.entries).map(([key, entry]) => ({ key, outcome: entry.outcome, at: entry.at }));
    },
    async importDecision(stored, audit) {
      if (!store.isOpen) throw new Error(`The lowdb store at ${store.dataDir} is closed.`);
      if (decisionFiles === null) {
        decisionFiles = new DecisionFiles(join(store.dataDir, 'decisions'));
        await decisionFiles.load();
      }
      await decisionFiles.write({ decision: stored.decision, home: stored.home, watchers: stored.watchers, audit });
    },
    close: () => store.close(),
  };
}

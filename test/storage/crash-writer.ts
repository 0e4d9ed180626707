/**
 * Child process of lowdb-crash.test.ts: opens the store at argv[2] and writes until killed,
 * printing one line per write after the store has acknowledged it (stdout to a pipe is
 * synchronous on Linux, so a printed line means the write had completed):
 *   decision <ref> <version> | delivery <key> | sent <key> | idempotency <key> | role <role> <aad>
 *   | conversation <key> <service url> (also saved, at once, under personal:everyone)
 */
import type { Provenance } from '../../domain/types';
import { LowdbStore } from '../../storage/lowdb-store';
import { seedDecision } from '../fixtures/seed-decision';
import { conversation } from './store-contract-fixtures';

const ack = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function main(dataDir: string): Promise<void> {
  const store = new LowdbStore(dataDir, { logger: { warn: (m) => process.stderr.write(`${m}\n`) } });
  await store.open();
  ack('ready');
  const by = (): Provenance => ({
    actor: { aadObjectId: 'writer', name: 'Crash Writer' },
    at: new Date().toISOString(),
  });
  const random = (n: number): number => 1 + Math.floor(Math.random() * n);
  let n = (await store.highestReferenceNumber('PCD')) ?? 0;
  for (let i = 0; ; i++) {
    n++;
    const ref = `PCD ${n}`;
    await store.createDecision(
      seedDecision({ ref, version: 1, status: 'draft' }),
      [{ type: 'created', details: { i } }],
      by(),
    );
    ack(`decision ${ref} 1`);
    // Two updates at once on different decisions, so writes overlap when the kill comes.
    const targets = [...new Set([`PCD ${random(n)}`, `PCD ${random(n)}`])];
    await Promise.all(
      targets.map(async (target) => {
        const current = await store.getDecision(target);
        if (!current) throw new Error(`${target} vanished`);
        const { version } = current.decision;
        const updated = await store.updateDecision(
          { ...current.decision, summary: `edit ${i}` },
          version,
          [{ type: 'edited', details: { i } }],
          by(),
        );
        ack(`decision ${target} ${updated.decision.version}`);
      }),
    );
    if (i % 3 === 0) {
      const key = `reminder:${n}:${process.pid}`;
      const now = new Date().toISOString();
      await store.enqueueDeliveries([
        {
          key,
          kind: 'reminder',
          ref,
          target: { userAadObjectId: 'writer' },
          payload: { i },
          state: 'pending',
          attempts: 0,
          dueAt: now,
          nextAttemptAt: now,
          claimedBy: null,
          claimedUntil: null,
          activityId: null,
          lastError: null,
          updatedAt: now,
        },
      ]);
      ack(`delivery ${key}`);
      // Claimed and sent, as the dispatcher does: each change is one append to the month's journal.
      await store.claimDeliveries('writer', now, new Date(Date.now() + 60_000).toISOString(), 10);
      await store.updateDelivery(key, { state: 'sent', activityId: `act-${i}`, claimedBy: null, claimedUntil: null });
      ack(`sent ${key}`);
    }
    if (i % 4 === 0) {
      const key = `invoke:${process.pid}:${i}`;
      await store.rememberOnce(key, { i }, new Date().toISOString());
      ack(`idempotency ${key}`);
    }
    if (i % 2 === 0) {
      // New conversations and one seen before with a new service URL: shards written over and again.
      const key = `personal:${process.pid}:${i}`;
      const serviceUrl = `https://smba.example/${i}/`;
      await Promise.all([
        store.saveConversation(key, { ...conversation(key), serviceUrl }),
        store.saveConversation('personal:everyone', { ...conversation('everyone'), serviceUrl }),
      ]);
      ack(`conversation ${key} ${serviceUrl}`);
    }
    if (i % 5 === 0) {
      const holder = { aadObjectId: `holder-${process.pid}-${i}`, name: 'Holder' };
      await store.addRoleAssignment({
        role: 'finance',
        holder,
        deputy: i % 2 === 0,
        assignedBy: holder,
        assignedAt: new Date().toISOString(),
      });
      ack(`role finance ${holder.aadObjectId}`);
    }
  }
}

const dataDir = process.argv[2];
if (!dataDir) {
  process.stderr.write('usage: crash-writer.ts <DATA_DIR>\n');
  process.exit(2);
}
main(dataDir).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});

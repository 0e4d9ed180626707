/**
 * Reminder load in real time: N approved decisions homed in C channel conversations (default
 * 1,000 over 50), all due at once, sent by the real scheduler through the Bot Framework adapter
 * to the fake connector over HTTP. Reports the time taken and, from the connector's own arrival
 * timestamps, the most messages any conversation got in one second (Teams allows 7) and the app
 * in one second (50), and whether every reminder arrived exactly once.
 *
 *   node -r @swc-node/register bench/reminders-load.ts [reminders=1000] [conversations=50]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LowdbStore } from '../storage/lowdb-store';
import { startFakeConnector } from '../test/support/fake-connector';
import { channelConversationRef } from '../test/support/teams-activities';
import { seedDecision } from '../test/fixtures/seed-decision';
import { createHomed, realScheduler } from '../test/scheduler/scheduler-support';
import { maxInWindow } from '../test/support/send-rate';

export interface RemindersLoadResult {
  readonly reminders: number;
  readonly conversations: number;
  readonly seconds: number;
  readonly arrived: number;
  readonly duplicates: number;
  readonly maxPerConversationPerSecond: number;
  readonly maxAppPerSecond: number;
  readonly ok: boolean;
}

export async function runRemindersLoad(reminders = 1000, conversations = 50): Promise<RemindersLoadResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-bench-reminders-'));
  // Reminders fall due at 09:00 London time on 30 September 2022; the wall clock paces the sends.
  const offset = Date.parse('2022-09-30T08:00:00Z') - Date.now();
  const clock = { now: () => new Date(Date.now() + offset) };
  const connector = await startFakeConnector();
  const store = new LowdbStore(dataDir, { clock: clock.now, logger: { warn: () => undefined } });
  await store.open();
  try {
    const gps = seedDecision().funding[2]!;
    for (let n = 0; n < reminders; n++) {
      const c = n % conversations;
      const conversation = channelConversationRef(connector.url, `19:bench-${c}@thread.tacv2;messageid=1`);
      if (n < conversations) await store.saveConversation(`conversation:${conversation.conversationId}`, conversation);
      await createHomed(store, seedDecision({ ref: `PCD ${5000 + n}`, funding: [gps] }), conversation);
    }
    const scheduler = realScheduler(store, clock);
    const started = Date.now();
    await scheduler.runOnce();
    const seconds = (Date.now() - started) / 1000;

    const sends = connector.sent;
    const refs = sends.map(
      (s) => /PCD \d+/.exec(JSON.stringify(s.activity.attachments?.[0]?.content ?? {}))?.[0] ?? '',
    );
    const byConversation = new Map<string, number[]>();
    for (const s of sends)
      byConversation.set(s.conversationId, [...(byConversation.get(s.conversationId) ?? []), s.at]);
    const maxPerConversationPerSecond = Math.max(
      0,
      ...[...byConversation.values()].map((times) => maxInWindow(times, 1000)),
    );
    const maxAppPerSecond = maxInWindow(
      sends.map((s) => s.at),
      1000,
    );
    const duplicates = refs.length - new Set(refs).size;
    return {
      reminders,
      conversations,
      seconds,
      arrived: new Set(refs).size,
      duplicates,
      maxPerConversationPerSecond,
      maxAppPerSecond,
      ok:
        new Set(refs).size === reminders &&
        duplicates === 0 &&
        maxPerConversationPerSecond <= 7 &&
        maxAppPerSecond <= 50,
    };
  } finally {
    await store.close();
    await connector.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const [reminders, conversations] = process.argv.slice(2).map(Number);
  runRemindersLoad(reminders || 1000, conversations || 50)
    .then((result) => {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      process.exitCode = result.ok ? 0 : 1;
    })
    .catch((e: unknown) => {
      process.stderr.write(`${String((e as Error)?.stack ?? e)}\n`);
      process.exitCode = 1;
    });
}

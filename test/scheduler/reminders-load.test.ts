/**
 * Load: 1,000 due reminders across 50 conversations (20 approved decisions homed in each, no
 * managers, so one channel card per decision) through the real scheduler, adapter and fake
 * connector over HTTP, on a virtual clock. Every reminder arrives exactly once, and the send
 * times never put more than 7 in any second of one conversation, or more than 50 in any second
 * for the app. The real-time version is bench/reminders-load.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../app/logger';
import { LowdbStore } from '../../storage/lowdb-store';
import { createScheduler } from '../../scheduler/scheduler';
import { TeamsSender } from '../../bot/teams-sender';
import { startFakeConnector } from '../support/fake-connector';
import { channelConversationRef } from '../support/teams-activities';
import { seedDecision } from '../fixtures/seed-decision';
import { createHomed, FakeClock, newAdapter, profile, realScheduler } from './scheduler-support';
import { maxInWindow } from '../support/send-rate';

const CONVERSATIONS = 50;
const PER_CONVERSATION = 20;

test('1,000 reminders across 50 conversations: all arrive once, never more than 7 a second per conversation or 50 a second in all', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-load-'));
  const clock = new FakeClock('2022-09-30T08:00:00Z');
  // Teams counts its limits on the same (virtual) clock the dispatcher paces by.
  const connector = await startFakeConnector({ now: () => clock.now().getTime() });
  const store = new LowdbStore(dataDir, { clock: clock.now, logger: { warn: () => undefined } });
  await store.open();
  try {
    const gps = seedDecision().funding[2]!;
    for (let c = 0; c < CONVERSATIONS; c++) {
      const conversation = channelConversationRef(connector.url, `19:load-${c}@thread.tacv2;messageid=1`);
      await store.saveConversation(`conversation:${conversation.conversationId}`, conversation);
      for (let n = 0; n < PER_CONVERSATION; n++) {
        await createHomed(
          store,
          seedDecision({ ref: `PCD ${2000 + c * PER_CONVERSATION + n}`, funding: [gps] }),
          conversation,
        );
      }
    }

    const adapter = newAdapter();
    const real = new TeamsSender({ adapter, botAppId: '', store });
    const sendTimes: { conversationId: string; at: number }[] = [];
    const scheduler = createScheduler({
      store,
      profile,
      adapter,
      clock,
      logger: silentLogger,
      sender: {
        conversationOf: (target) => real.conversationOf(target),
        withdraw: (message, via) => real.withdraw(message, via),
        send(target, message, via) {
          sendTimes.push({
            conversationId: 'conversationId' in target ? target.conversationId : '',
            at: clock.now().getTime(),
          });
          return real.send(target, message, via);
        },
      },
    });

    const summary = await scheduler.runOnce();
    expect(summary).toMatchObject({ queued: 1000, sent: 1000, failed: 0, retried: 0, undeliverable: 0 });
    expect(connector.sent).toHaveLength(1000);
    expect(new Set(connector.sent.map((s) => cardRef(s.activity))).size).toBe(1000);

    const byConversation = new Map<string, number[]>();
    for (const s of sendTimes)
      byConversation.set(s.conversationId, [...(byConversation.get(s.conversationId) ?? []), s.at]);
    expect(byConversation.size).toBe(CONVERSATIONS);
    for (const times of byConversation.values()) {
      expect(times).toHaveLength(PER_CONVERSATION);
      expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(7);
    }
    expect(
      maxInWindow(
        sendTimes.map((s) => s.at),
        1000,
      ),
    ).toBeLessThanOrEqual(50);
    // Paced, not stalled: 1,000 at 50 a second take about 20 seconds of (virtual) time.
    expect(Math.max(...sendTimes.map((s) => s.at)) - Date.parse('2022-09-30T08:00:00Z')).toBeLessThan(40_000);

    expect(await scheduler.runOnce()).toMatchObject({ queued: 0, sent: 0 });
    expect(connector.sent).toHaveLength(1000);
  } finally {
    await store.close();
    await connector.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 120_000);

function cardRef(activity: { attachments?: { content?: unknown }[] }): string {
  const text = JSON.stringify(activity.attachments?.[0]?.content ?? {});
  return /PCD \d+/.exec(text)?.[0] ?? '';
}

test("reminders to many threads of one channel are paced as that channel: Teams' limits are never passed", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-load-threads-'));
  const clock = new FakeClock('2022-09-30T08:00:00Z');
  const connector = await startFakeConnector({ now: () => clock.now().getTime() });
  const store = new LowdbStore(dataDir, { clock: clock.now, logger: { warn: () => undefined } });
  await store.open();
  try {
    const gps = seedDecision().funding[2]!;
    // Two channels, 15 decisions each, every card in a thread of its own (as cards posted to a channel are).
    for (let n = 0; n < 30; n++) {
      const conversation = channelConversationRef(connector.url, `19:threads-${n % 2}@thread.tacv2;messageid=${n}`);
      await store.saveConversation(`conversation:${conversation.conversationId}`, conversation);
      await createHomed(store, seedDecision({ ref: `PCD ${3000 + n}`, funding: [gps] }), conversation);
    }
    const scheduler = realScheduler(store, clock);

    // The strict connector counts a channel's threads as the channel, on the same virtual clock: a send past
    // 7 a second in one channel would be answered 429 and retried.
    expect(await scheduler.runOnce()).toMatchObject({ queued: 30, sent: 30, retried: 0, failed: 0 });
    expect(connector.requests.filter((r) => r.status === 429)).toEqual([]);
    expect(new Set(connector.sent.map((s) => cardRef(s.activity))).size).toBe(30);
  } finally {
    await store.close();
    await connector.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);

/**
 * Issue 17, item 7: unbounded memory from hostile traffic. The attacker makes the bot deal with
 * 100,000 distinct conversations; they must not get a per-conversation memo that grows with
 * them. The per-key collections that live as long as the process:
 * - the rate limiter's windows per conversation (scheduler/rate-limiter.ts): idle keys swept;
 * - the conversations already saved to the store (bot/conversation-memory.ts): the 10,000 most recent;
 * - connector clients per service URL (bot/client-cache.ts): the 64 most recent, proved in
 *   test/bot/client-cache.test.ts;
 * - the nudge memo per decision (scheduler/nudge-scan.ts): pruned to pending decisions
 *   every scan; the outbox keys a scheduler remembers: cleared past 200,000; card updates and
 *   store write queues per decision: removed when done. Time-zone formatters: per profile zone.
 * Virtual time keeps this fast: 100,000 sends at Teams' 50 a second are 2,000 virtual seconds.
 */
import { RateLimiter, TEAMS_APP_LIMITS, TEAMS_CONVERSATION_LIMITS } from '../../scheduler/rate-limiter';
import type { TurnContext } from 'botbuilder';
import { ConversationMemory, MAX_REMEMBERED_CONVERSATIONS } from '../../bot/conversation-memory';
import { FakeClock } from '../scheduler/scheduler-support';
import { maxInWindow } from '../support/send-rate';

const CONVERSATIONS = 100_000;
const conversationId = (i: number) => `19:attacker-${i}@thread.tacv2`;

test(`the rate limiter remembers a bounded number of conversations while sending to ${CONVERSATIONS.toLocaleString('en-GB')} of them`, async () => {
  const clock = new FakeClock('2026-11-25T09:00:00Z');
  const limiter = new RateLimiter({ now: () => clock.now().getTime(), sleep: clock.sleep });
  let most = 0;
  const grants: number[] = [];
  for (let start = 0; start < CONVERSATIONS; start += 100) {
    // 100 conversations at once, a few of them throttled by Teams (a 429 pauses them a minute).
    await Promise.all(
      Array.from({ length: 100 }, async (_, j) => {
        const key = conversationId(start + j);
        if (j === 0) limiter.pause(key, clock.now().getTime() + 60_000);
        await limiter.acquire(key);
        grants.push(clock.now().getTime());
      }),
    );
    most = Math.max(most, limiter.trackedKeys);
  }
  expect(grants).toHaveLength(CONVERSATIONS);
  // Still within Teams' app limit throughout, forgetting notwithstanding.
  expect(maxInWindow(grants, TEAMS_APP_LIMITS[0]!.perMs)).toBeLessThanOrEqual(TEAMS_APP_LIMITS[0]!.max);
  // About two of the longest windows' worth of sends (50/s × 2 × 30.1 s), plus the paused ones.
  const longest = Math.max(...TEAMS_CONVERSATION_LIMITS.map((l) => l.perMs)) + 100;
  const bound = Math.ceil((TEAMS_APP_LIMITS[0]!.max * 2 * longest) / 1000) + 100;
  expect(most).toBeLessThanOrEqual(bound);
  clock.advance(2 * longest + 60_000);
  await limiter.acquire('one more');
  expect(limiter.trackedKeys).toBe(1);
}, 60_000);

test('a forgotten conversation is limited exactly like a new one: 7 a second still holds for a key that comes back', async () => {
  const clock = new FakeClock('2026-11-25T09:00:00Z');
  const limiter = new RateLimiter({ now: () => clock.now().getTime(), sleep: clock.sleep });
  const grants: number[] = [];
  for (let round = 0; round < 3; round++) {
    await Promise.all(Array.from({ length: 20 }, async () => (await limiter.acquire('returning'), grants.push(clock.now().getTime()))));
    clock.advance(40_000);
    for (let i = 0; i < 50; i++) await limiter.acquire(`other-${round}-${i}`); // new keys trigger sweeps
  }
  expect(maxInWindow(grants, 1000)).toBeLessThanOrEqual(7);
});

test(`the bot remembers at most ${MAX_REMEMBERED_CONVERSATIONS.toLocaleString('en-GB')} saved conversations out of ${CONVERSATIONS.toLocaleString('en-GB')}`, async () => {
  const saved: string[] = [];
  const memory = new ConversationMemory({ saveConversation: async (key) => void saved.push(key) });
  const turnIn = (i: number) =>
    ({
      activity: {
        conversation: { id: conversationId(i), conversationType: 'channel' },
        serviceUrl: 'https://smba.trafficmanager.net/uk/',
        channelId: 'msteams',
        from: { id: `29:attacker-${i}` },
        recipient: { id: '28:bot', name: 'Decision Tracker' },
      },
    }) as unknown as TurnContext;
  let most = 0;
  for (let i = 0; i < CONVERSATIONS; i++) {
    await memory.remember(turnIn(i));
    if (i % 7 === 0) await memory.remember(turnIn(0)); // one busy conversation
    most = Math.max(most, memory.size);
  }
  expect(most).toBe(MAX_REMEMBERED_CONVERSATIONS);
  // Each conversation was saved once; the busy one was never forgotten, so never saved again.
  expect(saved).toHaveLength(CONVERSATIONS);
  expect(saved.filter((k) => k === `conversation:${conversationId(0)}`)).toHaveLength(1);
  // An idle one was forgotten: seen again, it is saved again (a store write, not a leak).
  await memory.remember(turnIn(1));
  expect(saved).toHaveLength(CONVERSATIONS + 1);
});

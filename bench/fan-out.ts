/**
 * Reminder fan-out in real time: `people` approved decisions, each watched by a different person
 * who has a personal chat with the bot, homed in threads of `channels` channels, all due at once.
 * The real scheduler sends each reminder to the person's chat and to the decision's thread,
 * through the Bot Framework adapter, to the strict fake connector over HTTP (Teams' rates
 * enforced: a send past them is answered 429, counted as `overLimit`), which also answers every
 * 20th send 429 with Retry-After: 1 (5%) as Teams may at any time.
 *
 * Counted at the connector, exactly: `lost` = reminders due (one per decision and recipient) that
 * it never accepted; `duplicated` = accepted more than once for one decision and recipient.
 * `allowedSeconds` = the least time Teams' limits allow for the accepted sends (per app 50 a
 * second; per conversation 7 a second and 60 per 30 seconds); `seconds` = from the start of the
 * scheduler's run to the last send accepted.
 *
 *   node -r @swc-node/register bench/fan-out.ts [people=1000] [channels=50] [--postgres]
 * (--postgres: on BENCH_DATABASE_URL, in a schema of its own)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { LowdbStore } from '../storage/lowdb-store';
import { PostgresStore } from '../storage/postgres-store';
import type { Store } from '../storage/store';
import { startFakeConnector } from '../test/support/fake-connector';
import { channelConversationRef } from '../test/support/teams-activities';
import { seedDecision } from '../test/fixtures/seed-decision';
import { createHomed, realScheduler } from '../test/scheduler/scheduler-support';
import { maxInWindow } from '../test/support/send-rate';

export interface FanOutResult {
  readonly store: 'lowdb' | 'postgres';
  readonly people: number;
  readonly channels: number;
  /** Reminders due: one per decision and recipient (the person's chat, the decision's thread). */
  readonly due: number;
  readonly accepted: number;
  readonly seconds: number;
  readonly allowedSeconds: number;
  /** seconds ÷ allowedSeconds (target ≤ 1.2). */
  readonly ratio: number;
  readonly lost: number;
  readonly duplicated: number;
  /** Sends the connector answered 429 on purpose (every 20th), and those past Teams' limits. */
  readonly injected429: number;
  readonly overLimit: number;
  readonly maxPerConversationPerSecond: number;
  readonly maxAppPerSecond: number;
  readonly ok: boolean;
}

const APP_PER_SECOND = 50;
const SEND_ROUTES = new Set(['sendToConversation', 'replyToActivity']);

/** The least seconds Teams' limits allow for `perConversation` sends (counts by conversation). */
export function allowedSeconds(perConversation: readonly number[]): number {
  const total = perConversation.reduce((s, n) => s + n, 0);
  // n sends in a sliding window of `max` per `perMs` need (ceil(n / max) - 1) full windows between
  // the first and the last; the app's limit over all of them likewise.
  const span = (n: number, max: number, perMs: number) => (Math.max(0, Math.ceil(n / max) - 1) * perMs) / 1000;
  const conversation = Math.max(0, ...perConversation.map((n) => Math.max(span(n, 7, 1000), span(n, 60, 30_000))));
  return Math.max(span(total, APP_PER_SECOND, 1000), conversation, total / APP_PER_SECOND);
}

/** `postgresUrl`: a database to run on PostgreSQL (in a schema of its own, dropped after); null for lowdb. */
export async function runFanOut(
  people = 1000,
  channels = 50,
  postgresUrl: string | null = null,
): Promise<FanOutResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-bench-fanout-'));
  // Reminders fall due at 09:00 London time on 30 September 2022; the wall clock paces the sends.
  const offset = Date.parse('2022-09-30T08:00:00Z') - Date.now();
  const clock = { now: () => new Date(Date.now() + offset) };
  const connector = await startFakeConnector();
  let sends = 0;
  let injected = 0;
  connector.failNext(Number.MAX_SAFE_INTEGER, { status: 429, headers: { 'Retry-After': '1' } }, (r) => {
    if (!SEND_ROUTES.has(r.route) || ++sends % 20 !== 0) return false;
    injected++;
    return true;
  });
  const schema = `dt_fanout_${randomBytes(5).toString('hex')}`;
  const store: Store = postgresUrl
    ? new PostgresStore({
        connectionString: `${postgresUrl}${postgresUrl.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`,
        clock: clock.now,
      })
    : new LowdbStore(dataDir, { clock: clock.now, logger: { warn: () => undefined } });
  await store.open();
  try {
    const gps = seedDecision().funding[2]!;
    const expected = new Set<string>();
    for (let n = 0; n < people; n++) {
      const thread = channelConversationRef(connector.url, `19:fanout-${n % channels}@thread.tacv2;messageid=${n}`);
      await store.saveConversation(`conversation:${thread.conversationId}`, thread);
      const aad = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
      const chat = { ...thread, conversationId: `a:personal-${aad}`, conversationType: 'personal', teamId: null };
      await store.savePerson({ aadObjectId: aad, mri: `29:fanout-${n}`, name: `Person ${n}` });
      await store.saveConversation(`personal:${aad}`, chat);
      await store.saveConversation(`conversation:${chat.conversationId}`, chat);
      const ref = `PCD ${5000 + n}`;
      await createHomed(store, seedDecision({ ref, funding: [gps] }), thread);
      await store.setWatchers(ref, [aad]);
      expected.add(`${ref}|${thread.conversationId}`).add(`${ref}|${chat.conversationId}`);
    }
    const scheduler = realScheduler(store, clock);
    const started = Date.now();
    // Retries due later than the run waits for would go in the next minute's run: run again until none is left.
    for (let run = 0; run < 5; run++) {
      await scheduler.runOnce();
      const left = await store.countDeliveries();
      if (left.pending + left.sending === 0) break;
    }
    const accepted = connector.sent.map((s) => ({
      key: `${/PCD \d+/.exec(JSON.stringify(s.activity.attachments?.[0]?.content ?? {}))?.[0] ?? '?'}|${s.conversationId}`,
      at: s.at,
      conversationId: s.conversationId,
    }));
    const seen = new Map<string, number>();
    for (const a of accepted) seen.set(a.key, (seen.get(a.key) ?? 0) + 1);
    const lost = [...expected].filter((k) => !seen.has(k)).length;
    const duplicated = [...seen.values()].reduce((s, n) => s + Math.max(0, n - 1), 0);
    const byRateKey = new Map<string, number[]>();
    for (const a of accepted) {
      const key = a.conversationId.split(';')[0]!;
      byRateKey.set(key, [...(byRateKey.get(key) ?? []), a.at]);
    }
    const allowed = allowedSeconds([...byRateKey.values()].map((t) => t.length));
    const seconds = (Math.max(started, ...accepted.map((a) => a.at)) - started) / 1000;
    const overLimit = connector.requests.filter((r) => r.status === 429).length - injected;
    const maxPerConversationPerSecond = Math.max(0, ...[...byRateKey.values()].map((t) => maxInWindow(t, 1000)));
    const maxAppPerSecond = maxInWindow(
      accepted.map((a) => a.at),
      1000,
    );
    const ratio = Math.round((seconds / allowed) * 100) / 100;
    return {
      store: postgresUrl ? 'postgres' : 'lowdb',
      people,
      channels,
      due: expected.size,
      accepted: accepted.length,
      seconds: Math.round(seconds * 10) / 10,
      allowedSeconds: Math.round(allowed * 10) / 10,
      ratio,
      lost,
      duplicated,
      injected429: injected,
      overLimit,
      maxPerConversationPerSecond,
      maxAppPerSecond,
      ok: lost === 0 && duplicated === 0 && overLimit === 0 && ratio <= 1.2,
    };
  } finally {
    await store.close();
    await connector.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (postgresUrl) {
      const client = new Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => client.end());
    }
  }
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const [people, channels] = args.filter((a) => !a.startsWith('--')).map(Number);
  const postgresUrl = args.includes('--postgres') ? (process.env.BENCH_DATABASE_URL ?? null) : null;
  if (args.includes('--postgres') && !postgresUrl) throw new Error('--postgres needs BENCH_DATABASE_URL');
  runFanOut(people || 1000, channels || 50, postgresUrl)
    .then((result) => {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      process.exitCode = result.ok ? 0 : 1;
    })
    .catch((e: unknown) => {
      process.stderr.write(`${String((e as Error)?.stack ?? e)}\n`);
      process.exitCode = 1;
    });
}

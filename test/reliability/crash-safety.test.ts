/**
 * Crash safety: ticks (invokes) and `fund` edits (messages) go to the real bot process over HTTP
 * while a supervisor kills it with SIGKILL at random moments and starts it again on the same
 * DATA_DIR. Every restart must open the store; at the end every acknowledged write (HTTP 200
 * with the card, or the reply saying the line was added) is in the decision and once in its
 * audit trail, and every chain verifies.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verifyChain } from '../../domain/audit';
import { loadProfile } from '../../app/profile-loader';
import { LowdbStore } from '../../storage/lowdb-store';
import { startBotProcess, type BotProcess } from '../support/bot-process';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { channelThread, invoke, message } from '../support/teams-activities';
import { admin, assignRoles, createDraft, createInReview, drafter, reviewerTeam } from './decisions';
import { scale, timeoutMs } from './scale';

const profile = loadProfile();
const team = reviewerTeam(profile).slice(0, profile.declarations.length); // one holder per item
const place = channelThread('1700000000900');
const TICK_DECISIONS = scale.kills * 6;
const FUND_DECISIONS = scale.kills * 2;
const LINES_PER_DRAFT = 30;
const WORKERS = 4;

type Op = { kind: 'tick'; ref: string; version: number; item: string } | { kind: 'fund'; ref: string; service: string };

let dataDir: string;
let connector: FakeConnector;
const ops: Op[] = [];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-crash-'));
  connector = await startFakeConnector();
  const store = new LowdbStore(dataDir, { logger: { warn: () => undefined } });
  await store.open();
  const now = new Date().toISOString();
  await assignRoles(store, reviewerTeam(profile), now);
  const ticks: Op[][] = [];
  for (let t = 0; t < TICK_DECISIONS; t++) {
    const d = await createInReview(store, profile, `PCD ${5000 + t}`, now);
    ticks.push(team.map(({ item }) => ({ kind: 'tick', ref: d.ref, version: d.version, item })));
  }
  const funds: Op[][] = [];
  for (let f = 0; f < FUND_DECISIONS; f++) {
    const d = await createDraft(store, profile, `PCD ${7000 + f}`, now);
    funds.push(
      Array.from({ length: LINES_PER_DRAFT }, (_, n) => ({ kind: 'fund', ref: d.ref, service: `Line ${n + 1}` })),
    );
  }
  await store.close();
  // Interleave: each decision's items in order, decisions side by side, ticks and edits mixed.
  const tickOps = team.flatMap((_, r) => ticks.map((items) => items[r]!));
  const fundOps = funds[0]!.flatMap((_, n) => funds.map((lines) => lines[n]!));
  for (let i = 0; i < Math.max(tickOps.length, fundOps.length); i++) {
    if (tickOps[i]) ops.push(tickOps[i]!);
    if (fundOps[i]) ops.push(fundOps[i]!);
  }
}, 120_000);

afterAll(async () => {
  await connector.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const who = (item: string) => team.find((t) => t.item === item)!.who;

/** Sends one operation; true when the bot acknowledged it as done. */
async function send(bot: BotProcess, op: Op): Promise<boolean> {
  if (op.kind === 'tick') {
    const res = await bot.post(
      invoke(connector.url, who(op.item), place, 'declaration.tick', {
        ref: op.ref,
        version: op.version,
        item: op.item,
      }),
    );
    const body = res.body as { type?: string; value?: unknown } | null;
    return (
      res.status === 200 &&
      body?.type === 'application/vnd.microsoft.card.adaptive' &&
      JSON.stringify(body.value).includes('was ticked by')
    );
  }
  const activity = message(
    connector.url,
    drafter,
    place,
    `fund ${op.ref} | ${op.service} | 2025/26 £1,000 | Core funding`,
  );
  const res = await bot.post(activity);
  const reply = connector.sent.find(
    (s) => s.replyToId === activity.id || (s.activity as { replyToId?: string }).replyToId === activity.id,
  );
  return (
    res.status === 200 &&
    reply !== undefined &&
    JSON.stringify(reply.activity).includes(`${op.service} was added to ${op.ref}`)
  );
}

test(
  `${scale.kills} SIGKILLs during ticks and fund edits: the store always opens, no acknowledged write is lost, every chain verifies`,
  async () => {
    const acknowledged: Op[] = [];
    let next = 0;
    let kills = 0;
    for (let cycle = 0; cycle < scale.kills; cycle++) {
      const bot = await startBotProcess({ DATA_DIR: dataDir, ADMINS: admin.aadObjectId, LOG_LEVEL: 'warn' }); // throws if the store does not open
      let running = true;
      const worker = async () => {
        while (running && next < ops.length) {
          const op = ops[next++]!;
          try {
            if (await send(bot, op)) acknowledged.push(op);
          } catch {
            // The connection died with the process: not acknowledged, so it may or may not have landed.
          }
        }
      };
      const workers = Array.from({ length: WORKERS }, worker);
      await new Promise((r) => setTimeout(r, 150 + Math.random() * 600));
      await bot.kill();
      kills++;
      running = false;
      await Promise.all(workers);
    }
    expect(kills).toBe(scale.kills);

    const store = new LowdbStore(dataDir, { logger: { warn: () => undefined } });
    await store.open();
    try {
      let writesChecked = 0;
      for (const { decision } of await store.listDecisions()) {
        const audit = await store.getAudit(decision.ref);
        expect(verifyChain(audit)).toEqual({ ok: true, count: audit.length });
        for (const op of acknowledged.filter((o) => o.ref === decision.ref)) {
          if (op.kind === 'tick') {
            expect(decision.ticks[op.item]?.by.aadObjectId).toBe(who(op.item).aadObjectId);
            expect(audit.filter((e) => e.type === 'declaration.ticked' && e.details.item === op.item)).toHaveLength(1);
          } else {
            expect(decision.funding.some((l) => l.service === op.service)).toBe(true);
            expect(
              audit.filter(
                (e) =>
                  e.type === 'funding.line_added' && (e.details.line as { service?: string }).service === op.service,
              ),
            ).toHaveLength(1);
          }
          writesChecked++;
        }
      }
      expect(writesChecked).toBe(acknowledged.length);
      // Enough happened for the figure to mean something: writes acknowledged in most cycles.
      expect(acknowledged.length).toBeGreaterThan(scale.kills * 2);
      console.log(`crash safety: ${kills} kills survived, ${writesChecked} acknowledged writes checked, 0 lost`);
    } finally {
      await store.close();
    }
  },
  timeoutMs(6_000, scale.kills),
);

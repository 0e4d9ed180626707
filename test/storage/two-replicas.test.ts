/**
 * Two replicas on one PostgreSQL database (issue 7), as processes: ten people tick the same
 * decision at once through two bot processes behind a round-robin → every tick recorded once, no
 * 500, the chain verifies; and two replicas run the reminder scan at the same moment over 1,000
 * due funding lines → each (line, stage, recipient) arrives exactly once at the fake connector.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { verifyChain } from '../../domain/audit';
import { loadProfile } from '../../app/profile-loader';
import { PostgresStore } from '../../storage/postgres-store';
import type { FundingLine } from '../../domain/types';
import { seedDecision } from '../fixtures/seed-decision';
import { startBotProcess, type BotProcess } from '../support/bot-process';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { channelConversationRef, channelThread, invoke } from '../support/teams-activities';
import { admin, assignRoles, createInReview, reviewerTeam } from '../reliability/decisions';
import { dropSchema, freshSchemaName, requirePostgres, testDatabaseUrl } from './postgres-test-db';

const profile = loadProfile();
const schemaUrl = (schema: string) => {
  const url = new URL(testDatabaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
};

let connector: FakeConnector;
const schemas: string[] = [];

beforeAll(async () => {
  await requirePostgres();
  connector = await startFakeConnector();
});
afterAll(async () => {
  await connector.close();
  for (const schema of schemas) await dropSchema(schema);
});

test('ten people tick the same decision at once through two replicas: each tick once, no 500, the chain verifies', async () => {
  const schema = freshSchemaName();
  schemas.push(schema);
  const team = reviewerTeam(profile);
  const store = new PostgresStore({ connectionString: schemaUrl(schema) });
  await store.open();
  const refs: { ref: string; version: number }[] = [];
  try {
    await assignRoles(store, team, new Date().toISOString());
    for (let round = 0; round < 3; round++) {
      const d = await createInReview(store, profile, `PCD ${4100 + round}`, new Date().toISOString());
      refs.push({ ref: d.ref, version: d.version });
    }
  } finally {
    await store.close();
  }

  const env = { DATABASE_URL: schemaUrl(schema), ADMINS: admin.aadObjectId, LOG_LEVEL: 'warn' };
  const replicas: BotProcess[] = await Promise.all([startBotProcess(env), startBotProcess(env)]);
  try {
    const place = channelThread('1700000000800');
    for (const { ref, version } of refs) {
      const replies = await Promise.all(
        team.map(({ item, who }, i) =>
          replicas[i % 2]!.post(invoke(connector.url, who, place, 'declaration.tick', { ref, version, item })),
        ),
      );
      for (const reply of replies) {
        expect(reply.status).toBe(200);
        expect((reply.body as { type?: string }).type).toBe('application/vnd.microsoft.card.adaptive');
      }
    }
  } finally {
    await Promise.all(replicas.map((r) => r.stop()));
  }
  for (const r of replicas) expect(r.output()).not.toMatch(/"level":"error"/);

  const check = new PostgresStore({ connectionString: schemaUrl(schema) });
  await check.open();
  try {
    for (const { ref } of refs) {
      const decision = (await check.getDecision(ref))!.decision;
      expect(Object.keys(decision.ticks).sort()).toEqual(profile.declarations.map((i) => i.key).sort());
      expect(decision.status).toBe('awaiting_chief_executive');
      const audit = await check.getAudit(ref);
      for (const item of profile.declarations)
        expect(audit.filter((e) => e.type === 'declaration.ticked' && e.details.item === item.key)).toHaveLength(1);
      expect(verifyChain(audit)).toEqual({ ok: true, count: audit.length });
    }
  } finally {
    await check.close();
  }
}, 90_000);

const DECISIONS = 250;
const LINES = 4;

const clockOffsetEnv = (): Record<string, string> =>
  Object.fromEntries(['NODE_OPTIONS', 'TEST_CLOCK_OFFSET_DAYS'].flatMap((k) => (process.env[k] ? [[k, process.env[k]]] : [])));

function runReplica(env: Record<string, string>): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'scheduler-replica.ts')], {
      cwd: path.join(__dirname, '..', '..'),
      // Only what the replica needs, and the test's clock offset (it shares START_AT with this process).
      env: { PATH: process.env.PATH ?? '', ...clockOffsetEnv(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number>)
        : reject(new Error(`replica exited ${code}: ${err}`)),
    );
  });
}

test(`two replicas scan at the same moment over ${DECISIONS * LINES} due lines: each (line, stage, recipient) delivered exactly once`, async () => {
  const schema = freshSchemaName();
  schemas.push(schema);
  const store = new PostgresStore({ connectionString: schemaUrl(schema) });
  await store.open();
  const homes = new Map<string, string>();
  try {
    for (let n = 0; n < DECISIONS; n++) {
      const conversation = channelConversationRef(connector.url, `19:replicas-${n}@thread.tacv2;messageid=1`);
      await store.saveConversation(`conversation:${conversation.conversationId}`, conversation);
      // Four lines whose funding ends on 31 March 2023: on 30 September 2022 the six-month reminder is due.
      const funding: FundingLine[] = Array.from({ length: LINES }, (_, l) => ({
        id: `service-${l + 1}`,
        service: `Service ${l + 1}`,
        source: 'Police Grant',
        allocations: [{ year: 2022, amount: 1_000_000 }],
      }));
      const decision = seedDecision({ ref: `PCD ${3000 + n}`, funding });
      await store.createDecision(
        decision,
        [{ type: 'decision.created', details: {} }],
        { actor: decision.createdBy, at: decision.createdAt },
        { conversation, cardActivityId: null },
      );
      homes.set(conversation.conversationId, decision.ref);
    }
  } finally {
    await store.close();
  }

  connector.reset();
  const env = {
    DATABASE_URL: schemaUrl(schema),
    NOW: '2022-09-30T08:30:00.000Z',
    START_AT: String(Date.now() + 4_000),
  };
  const summaries = await Promise.all([runReplica(env), runReplica(env)]);

  const delivered = new Map<string, number>();
  for (const sent of connector.sent) {
    const text = String(sent.activity.text ?? '');
    const match = /^(PCD \d+) funding for (.+) ends on /.exec(text);
    expect(match).not.toBeNull();
    expect(homes.get(sent.conversationId)).toBe(match![1]);
    for (const service of match![2]!.split(/, | and /)) {
      const key = `${sent.conversationId}|${service}|6`;
      delivered.set(key, (delivered.get(key) ?? 0) + 1);
    }
  }
  expect(delivered.size).toBe(DECISIONS * LINES);
  expect([...delivered.values()].every((count) => count === 1)).toBe(true);
  expect(summaries.reduce((sum, s) => sum + (s.sent ?? 0), 0)).toBe(DECISIONS);
  expect(summaries.reduce((sum, s) => sum + (s.failed ?? 0) + (s.inDoubt ?? 0), 0)).toBe(0);
}, 120_000);

/**
 * npm run store:copy, both ways: lowdb → PostgreSQL → a second, empty lowdb, checking that every
 * record (audit hashes included) arrives unchanged, and that a non-empty target is refused.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStoreCopyArgs, storeCopyCommand } from '../../scripts/store-copy';
import { TargetNotEmptyError } from '../../storage/copy/copy-store';
import { LowdbStore } from '../../storage/lowdb-store';
import { PostgresStore } from '../../storage/postgres-store';
import type { Store } from '../../storage/store';
import { alice, bob, by, conversation, decisionWith, drafts } from './store-contract';
import { delivery } from './store-contract-outbox';
import { dropSchema, freshSchemaName, requirePostgres, testDatabaseUrl, withClient } from './postgres-test-db';

const now = new Date();
const hoursAgo = (h: number): string => new Date(now.getTime() - h * 3600_000).toISOString();
const refs = ['PCD 1065', 'PCD 1066', 'MD 2008', 'Decision 44/2020'];

/** Everything a store holds that the port can read, in a comparable shape. */
async function snapshot(store: Store): Promise<unknown> {
  const decisions = (await store.listDecisions()).sort((a, b) => a.decision.ref.localeCompare(b.decision.ref));
  return {
    decisions,
    audits: await Promise.all(decisions.map((d) => store.getAudit(d.decision.ref))),
    roles: await store.listRoleAssignments(),
    conversations: await Promise.all(['user:alice', 'user:bob'].map((k) => store.getConversation(k))),
    people: (await store.listPeople()).sort((a, b) => a.name.localeCompare(b.name)),
    deliveries: await store.listDeliveries(),
    highest: await store.highestReferenceNumber('PCD'),
  };
}

async function fill(store: Store): Promise<void> {
  for (const [i, ref] of refs.entries()) {
    await store.createDecision(decisionWith(ref), drafts('created'), by(alice, i), {
      conversation: conversation(`c-${i}`),
      cardActivityId: `act-${i}`,
    });
    for (let v = 1; v <= i * 3; v++)
      await store.updateDecision(
        decisionWith(ref, { summary: `v${v}` }),
        v,
        drafts('edited', 'ticks-reset'),
        by(bob, v),
      );
  }
  await store.setWatchers('PCD 1065', [alice.aadObjectId, bob.aadObjectId]);
  await store.addRoleAssignment({
    role: 'finance',
    holder: alice,
    deputy: false,
    assignedBy: bob,
    assignedAt: hoursAgo(5),
  });
  await store.addRoleAssignment({
    role: 'legal',
    holder: bob,
    deputy: true,
    assignedBy: alice,
    assignedAt: hoursAgo(4),
  });
  await store.addRoleAssignment({
    role: 'dmpc',
    holder: alice,
    deputy: false,
    assignedBy: bob,
    assignedAt: hoursAgo(3),
  });
  await store.saveConversation('user:alice', conversation('a:1'));
  await store.saveConversation('user:bob', conversation('b:1'));
  await store.savePerson({ aadObjectId: alice.aadObjectId, mri: '29:1alice', name: alice.name });
  await store.savePerson({ aadObjectId: bob.aadObjectId, mri: '29:1bob', name: bob.name });
  await store.enqueueDeliveries(
    Array.from({ length: 12 }, (_, i) => delivery(`reminder:${i}`, { ref: refs[i % refs.length] as string })),
  );
  await store.claimDeliveries('replica-1', hoursAgo(0), hoursAgo(-1), 4);
  await store.updateDelivery('reminder:5', { state: 'sent', activityId: 'act-x', attempts: 1 });
  await store.rememberOnce('invoke-1', { result: 'ticked' }, hoursAgo(2));
  await store.rememberOnce('invoke-2', { result: 'signed', version: 3 }, hoursAgo(1));
}

describe('npm run store:copy', () => {
  let dirs: string[];
  let schema: string;
  const env = (dataDir: string) => ({ DATA_DIR: dataDir, DATABASE_URL: testDatabaseUrl });
  const args = (from: string, to: string, ...more: string[]) => [
    '--from',
    from,
    '--to',
    to,
    '--schema',
    schema,
    ...more,
  ];
  const newDir = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'dt-copy-'));
    dirs.push(dir);
    return dir;
  };
  const withStore = async <T>(store: Store, work: (s: Store) => Promise<T>): Promise<T> => {
    await store.open();
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  };
  const postgres = (clock?: () => Date) =>
    new PostgresStore({ connectionString: testDatabaseUrl, schema, poolSize: 2, ...(clock ? { clock } : {}) });

  beforeAll(requirePostgres);
  beforeEach(() => {
    dirs = [];
    schema = freshSchemaName();
  });
  afterEach(async () => {
    await dropSchema(schema);
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('moves a register lowdb → postgres → lowdb without loss, hashes kept, and verifies it', async () => {
    const original = await newDir();
    const before = await withStore(new LowdbStore(original), async (s) => {
      await fill(s);
      return snapshot(s);
    });

    const log1: string[] = [];
    const there = await storeCopyCommand(args('lowdb', 'postgres'), env(original), (l) => log1.push(l), now);
    expect(there.problems).toEqual([]);
    expect(there.counts).toEqual({
      decisions: 4,
      auditEvents: 1 + 7 + 13 + 19,
      roleAssignments: 3,
      conversations: 2,
      people: 2,
      deliveries: 12,
      idempotencyKeys: 2,
      expiredIdempotencyKeys: 0,
    });
    expect(log1).toContain('audit chains verified: 4/4');
    expect(log1).toContain('decisions: 4 (audit events: 40)');
    expect(log1.at(-1)).toMatch(/^Copy verified: every record is in postgres schema "dt_test_\w+" at postgres:/);
    expect(await withStore(postgres(), snapshot)).toEqual(before);
    expect(await withStore(postgres(), (s) => s.rememberOnce('invoke-2', { result: 'other' }, hoursAgo(0)))).toEqual({
      result: 'signed',
      version: 3,
    });

    const back = await newDir();
    const log2: string[] = [];
    const returned = await storeCopyCommand(args('postgres', 'lowdb'), env(back), (l) => log2.push(l), now);
    expect(returned.problems).toEqual([]);
    expect(log2).toContain('audit chains verified: 4/4');
    expect(await withStore(new LowdbStore(back), snapshot)).toEqual(before);
    expect(
      await withStore(new LowdbStore(back), (s) => s.rememberOnce('invoke-1', { result: 'other' }, hoursAgo(0))),
    ).toEqual({ result: 'ticked' });
  });

  it('refuses a non-empty target unless --force, and with --force writes over the same keys', async () => {
    const source = await newDir();
    await withStore(new LowdbStore(source), fill);
    await withStore(postgres(), async (s) => {
      await s.createDecision(decisionWith('PCD 1065', { title: 'Already here' }), drafts('created', 'other'), by(bob));
      await s.createDecision(decisionWith('PCD 7'), drafts('created'), by(bob));
    });
    const refusal = storeCopyCommand(args('lowdb', 'postgres'), env(source), () => undefined, now);
    await expect(refusal).rejects.toThrow(TargetNotEmptyError);
    await expect(refusal).rejects.toThrow(/is not empty \(2 decisions\): copy into an empty store, or add --force/);
    expect((await withStore(postgres(), (s) => s.listDecisions())).map((d) => d.decision.ref).sort()).toEqual([
      'PCD 1065',
      'PCD 7',
    ]);

    const log: string[] = [];
    const forced = await storeCopyCommand(args('lowdb', 'postgres', '--force'), env(source), (l) => log.push(l), now);
    expect(forced.problems).toEqual([]);
    expect(log).toContain('audit chains verified: 5/5');
    const [sourceAudit, targetAudit] = await Promise.all([
      withStore(new LowdbStore(source), (s) => s.getAudit('PCD 1065')),
      withStore(postgres(), (s) => s.getAudit('PCD 1065')),
    ]);
    expect(targetAudit).toEqual(sourceAudit);
    expect((await withStore(postgres(), (s) => s.getDecision('PCD 7')))?.decision.ref).toBe('PCD 7');
  });

  it('reports a broken chain in the source instead of hiding it, and leaves out expired idempotency keys', async () => {
    await withStore(
      postgres(() => new Date(now.getTime() - 10 * 24 * 3600_000)),
      (s) => s.rememberOnce('old', { r: 1 }, hoursAgo(240)),
    );
    await withStore(postgres(), async (s) => {
      await s.createDecision(decisionWith('PCD 1'), drafts('created', 'edited'), by(alice));
      await s.createDecision(decisionWith('PCD 2'), drafts('created'), by(alice));
    });
    await withClient((c) =>
      c.query(`UPDATE "${schema}".audit_events SET event = json_build_object('ref', 'PCD 1', 'seq', 2, 'type', 'edited', 'details', '{}'::json,
        'actor', json_build_object('aadObjectId', 'x', 'name', 'Mallory'), 'at', '2026-01-01T00:00:00.000Z', 'conversationId', null,
        'prevHash', event->>'prevHash', 'hash', event->>'hash') WHERE ref_key = 'pcd1' AND seq = 2`),
    );
    const target = await newDir();
    const log: string[] = [];
    const report = await storeCopyCommand(args('postgres', 'lowdb'), env(target), (l) => log.push(l), now);
    expect(log).toContain('audit chains verified: 1/2');
    expect(report.problems).toEqual([
      expect.stringMatching(/^PCD 1: audit chain broken at event 2 \(event 2 was changed after it was recorded\)$/),
    ]);
    expect(log).toContain('idempotency keys: 0 (1 expired, not copied)');
    expect(log.at(-1)).toBe('Copy NOT verified: 1 problems.');
    expect((await withStore(new LowdbStore(target), (s) => s.getAudit('PCD 1')))[1]?.actor.name).toBe('Mallory');
  });

  it('needs DATABASE_URL and understandable arguments', async () => {
    await expect(
      storeCopyCommand(['--from', 'lowdb', '--to', 'postgres'], { DATA_DIR: '/nowhere' }, () => undefined),
    ).rejects.toThrow(/^DATABASE_URL is not set/);
    expect(parseStoreCopyArgs(['--from', 'postgres', '--to', 'lowdb', '--force'])).toEqual({
      from: 'postgres',
      to: 'lowdb',
      force: true,
      schema: null,
    });
    expect(() => parseStoreCopyArgs(['--from', 'lowdb', '--to', 'lowdb'])).toThrow(/--from and --to must differ/);
    expect(() => parseStoreCopyArgs(['--from', 'mysql', '--to', 'lowdb'])).toThrow(
      /--from must be lowdb or postgres, got "mysql"/,
    );
    expect(() => parseStoreCopyArgs(['--to', 'lowdb'])).toThrow(/--from must be lowdb or postgres, got nothing/);
    expect(() => parseStoreCopyArgs(['--from', 'lowdb', '--to', 'postgres', '--yes'])).toThrow(
      /did not understand "--yes"/,
    );
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyChain } from '../../domain/audit';
import { LowdbStore } from '../../storage/lowdb-store';
import { shardOf } from '../../storage/lowdb/conversation-files';
import type { Store } from '../../storage/store';
import { alice, at, bob, by, codeOf, conversation, decisionWith, drafts, runStoreContract } from './store-contract';
import { delivery } from './store-contract-outbox';

const silent = { warn: (): void => undefined };

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'dt-lowdb-'));
}

runStoreContract('lowdb', async (clock) => {
  const dir = await tempDir();
  const stores: Store[] = [];
  const make = async (): Promise<Store> => {
    const s = new LowdbStore(join(dir, 'data'), { logger: silent, clock });
    await s.open();
    stores.push(s);
    return s;
  };
  return {
    store: await make(),
    reopen: make,
    cleanup: async () => {
      for (const s of stores) await s.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('LowdbStore on disk', () => {
  let dir: string;
  let dataDir: string;
  const open: LowdbStore[] = [];
  const openStore = async (
    options: ConstructorParameters<typeof LowdbStore>[1] = { logger: silent },
  ): Promise<LowdbStore> => {
    const s = new LowdbStore(dataDir, options);
    await s.open();
    open.push(s);
    return s;
  };
  beforeEach(async () => {
    dir = await tempDir();
    dataDir = join(dir, 'nested', 'data');
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates DATA_DIR and keeps one file per decision, holding the decision and its audit', async () => {
    const store = await openStore();
    await store.createDecision(decisionWith('PCD 1065'), drafts('created'), by(alice));
    await store.updateDecision(decisionWith('PCD 1065', { title: 'T2' }), 1, drafts('edited'), by(bob));
    await store.createDecision(decisionWith('Decision 44/2020'), drafts('created'), by(alice));
    await store.addRoleAssignment({ role: 'dmpc', holder: alice, deputy: false, assignedBy: bob, assignedAt: at(0) });
    await store.saveConversation('user:alice', conversation('a'));
    await store.enqueueDeliveries([delivery('r1', { dueAt: '2027-02-01T09:00:00.000Z' })]);
    await store.rememberOnce('invoke-1', { ok: true }, at(0));
    expect((await readdir(join(dataDir, 'decisions'))).sort()).toEqual(['decision44%2F2020.json', 'pcd1065.json']);
    expect((await readdir(dataDir)).sort()).toEqual(
      [
        '.lock',
        'conversations',
        'decisions',
        'idempotency.json',
        'index.journal',
        'index.ndjson',
        'meta.json',
        'outbox',
        'roles.json',
      ].sort(),
    );
    expect(await readdir(join(dataDir, 'outbox'))).toEqual(['2027-02.journal']);
    const file = JSON.parse(await readFile(join(dataDir, 'decisions', 'pcd1065.json'), 'utf8'));
    expect(file.decision).toMatchObject({ ref: 'PCD 1065', title: 'T2', version: 2 });
    expect(file.audit.map((e: { type: string }) => e.type)).toEqual(['created', 'edited']);
    expect(verifyChain(file.audit).ok).toBe(true);
    expect(JSON.parse(await readFile(join(dataDir, 'meta.json'), 'utf8'))).toMatchObject({ format: 2 });
  });

  it("does not rewrite a conversation's shard when a conversation is saved again unchanged", async () => {
    const store = await openStore();
    await store.saveConversation('user:alice', conversation('a'));
    const shard = join(dataDir, 'conversations', `${shardOf('user:alice')}.json`);
    const before = await stat(shard);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await store.saveConversation('user:alice', conversation('a'));
    expect((await stat(shard)).mtimeMs).toBe(before.mtimeMs);
    await store.saveConversation('user:alice', { ...conversation('a'), serviceUrl: 'https://smba.example/amer/' });
    expect((await stat(shard)).mtimeMs).not.toBe(before.mtimeMs);
    expect((await store.getConversation('user:alice'))?.serviceUrl).toBe('https://smba.example/amer/');
  });

  it('refuses a second store on the same DATA_DIR with STORE_LOCKED and a message naming the owner', async () => {
    await openStore();
    const second = new LowdbStore(dataDir, { logger: silent });
    await expect(second.open()).rejects.toMatchObject({
      code: 'STORE_LOCKED',
      message: expect.stringMatching(
        new RegExp(
          `^DATA_DIR .*data is in use by process ${process.pid} \\(started .+\\)\\. Stop it, or set DATA_DIR to another folder\\.$`,
        ),
      ),
    });
    expect(second.isOpen).toBe(false);
  });

  it('refuses a lock held by a live process elsewhere, even one on another host', async () => {
    const first = await openStore();
    await first.close();
    await writeFile(
      join(dataDir, '.lock'),
      JSON.stringify({ pid: 1, hostname: 'other-host', startedAt: at(0), nonce: 'n' }),
    );
    const err = new LowdbStore(dataDir, { logger: silent }).open();
    await expect(err).rejects.toMatchObject({
      code: 'STORE_LOCKED',
      message: expect.stringContaining('process 1 on host other-host'),
    });
  });

  it('takes over the lock of a dead process, with a warning, and removes the lock on close', async () => {
    const first = await openStore();
    await first.close();
    expect(existsSync(join(dataDir, '.lock'))).toBe(false);
    const pid = deadPid();
    await writeFile(
      join(dataDir, '.lock'),
      JSON.stringify({ pid, hostname: hostname(), startedAt: at(0), nonce: 'old' }),
    );
    await writeFile(join(dataDir, `.lock.${pid}-abc.tmp`), 'left by a crash');
    const warnings: string[] = [];
    const store = await openStore({ logger: { warn: (m) => warnings.push(m) } });
    expect(warnings).toEqual([expect.stringContaining(`process ${pid}`)]);
    expect(JSON.parse(await readFile(join(dataDir, '.lock'), 'utf8'))).toMatchObject({
      pid: process.pid,
      hostname: hostname(),
    });
    expect(await readdir(dataDir)).not.toContain(`.lock.${pid}-abc.tmp`);
    await store.close();
    expect(existsSync(join(dataDir, '.lock'))).toBe(false);
  });

  it('removes temp files left by an interrupted write and opens with the last complete content', async () => {
    const store = await openStore();
    await store.createDecision(decisionWith('PCD 1065'), drafts('created'), by(alice));
    await store.close();
    await writeFile(join(dataDir, 'decisions', '.pcd1065.json.tmp'), '{"decision": {"ref": "PCD 10');
    await writeFile(join(dataDir, 'outbox', '.2026-11.json.tmp'), '{');
    await writeFile(join(dataDir, '.roles.json.tmp'), '');
    const again = await openStore();
    expect((await again.getDecision('PCD 1065'))?.decision.version).toBe(1);
    expect(await readdir(join(dataDir, 'decisions'))).toEqual(['pcd1065.json']);
    expect(await readdir(join(dataDir, 'outbox'))).toEqual([]);
    expect(await readdir(dataDir)).not.toContain('.roles.json.tmp');
  });

  it('names the file when a decision file cannot be read, and releases the lock', async () => {
    const store = await openStore();
    await store.close();
    await writeFile(join(dataDir, 'decisions', 'broken.json'), '{ not json');
    const failing = new LowdbStore(dataDir, { logger: silent });
    await expect(failing.open()).rejects.toThrow(/decisions\/broken\.json/);
    expect(existsSync(join(dataDir, '.lock'))).toBe(false);
  });

  it('refuses a DATA_DIR written in another format', async () => {
    await (await openStore()).close();
    await writeFile(join(dataDir, 'meta.json'), JSON.stringify({ format: 99, createdAt: at(0) }));
    await expect(new LowdbStore(dataDir, { logger: silent }).open()).rejects.toThrow(/format 99/);
  });

  it('opens a DATA_DIR of format 1 (outbox months as snapshots only) and marks it format 2', async () => {
    await (await openStore()).close();
    await writeFile(join(dataDir, 'meta.json'), JSON.stringify({ format: 1, createdAt: at(0) }));
    const sent = delivery('r1', { state: 'sent', activityId: 'act-1' });
    await writeFile(join(dataDir, 'outbox', '2026-11.json'), JSON.stringify({ deliveries: { r1: sent } }, null, 2));
    const store = await openStore();
    expect(await store.listDeliveries()).toEqual([sent]);
    expect(JSON.parse(await readFile(join(dataDir, 'meta.json'), 'utf8'))).toEqual({ format: 2, createdAt: at(0) });
  });

  it('forgets idempotency keys after 7 days by its clock', async () => {
    let now = new Date('2026-11-01T09:00:00.000Z');
    const store = await openStore({ logger: silent, clock: () => now });
    expect(await store.rememberOnce('old', { n: 1 }, now.toISOString())).toBeNull();
    now = new Date('2026-11-07T09:00:00.000Z');
    expect(await store.rememberOnce('newer', { n: 2 }, now.toISOString())).toBeNull();
    expect(await store.rememberOnce('old', { n: 3 }, now.toISOString())).toEqual({ n: 1 });
    await store.close();
    now = new Date('2026-11-08T09:00:01.000Z');
    const later = await openStore({ logger: silent, clock: () => now });
    const kept = JSON.parse(await readFile(join(dataDir, 'idempotency.json'), 'utf8'));
    expect(Object.keys(kept.entries)).toEqual(['newer']);
    expect(await later.rememberOnce('old', { n: 4 }, now.toISOString())).toBeNull();
    expect(await later.rememberOnce('newer', { n: 5 }, now.toISOString())).toEqual({ n: 2 });
  });

  it('stamps updateDelivery with its clock unless the patch says otherwise', async () => {
    const now = new Date('2026-11-25T10:00:00.000Z');
    const store = await openStore({ logger: silent, clock: () => now });
    await store.enqueueDeliveries([delivery('a'), delivery('b')]);
    await store.updateDelivery('a', { state: 'sent' });
    await store.updateDelivery('b', { state: 'failed', updatedAt: at(7) });
    const [a, b] = await store.listDeliveries();
    expect([a?.updatedAt, b?.updatedAt]).toEqual([now.toISOString(), at(7)]);
  });

  it('writes only the changed decision file: other decision files are untouched', async () => {
    const store = await openStore();
    for (let n = 1; n <= 20; n++) await store.createDecision(decisionWith(`PCD ${n}`), drafts('created'), by(alice));
    const before = new Map<string, string>();
    for (const name of await readdir(join(dataDir, 'decisions')))
      before.set(name, await readFile(join(dataDir, 'decisions', name), 'utf8'));
    await store.updateDecision(decisionWith('PCD 7', { title: 'Changed' }), 1, drafts('edited'), by(bob));
    const changed: string[] = [];
    for (const [name, text] of before)
      if ((await readFile(join(dataDir, 'decisions', name), 'utf8')) !== text) changed.push(name);
    expect(changed).toEqual(['pcd7.json']);
  });

  it('leaves the decision, its audit and memory unchanged when a write fails, and writes again after', async () => {
    const store = await openStore();
    await store.createDecision(decisionWith('PCD 1065'), drafts('created'), by(alice));
    const blocker = join(dataDir, 'decisions', '.pcd1065.json.tmp');
    await mkdir(blocker); // the temp file cannot be written: the write fails
    await expect(
      store.updateDecision(decisionWith('PCD 1065', { title: 'Lost' }), 1, drafts('edited'), by(bob)),
    ).rejects.toThrow();
    expect((await store.getDecision('PCD 1065'))?.decision.version).toBe(1);
    expect(await store.getAudit('PCD 1065')).toHaveLength(1);
    await rmdir(blocker);
    const updated = await store.updateDecision(
      decisionWith('PCD 1065', { title: 'Kept' }),
      1,
      drafts('edited'),
      by(bob),
    );
    expect(updated.decision.version).toBe(2);
    expect(verifyChain(await store.getAudit('PCD 1065'))).toEqual({ ok: true, count: 2 });
  });

  it('finishes writes already started when closed, then refuses new ones', async () => {
    const store = await openStore();
    await store.createDecision(decisionWith('PCD 1065'), drafts('created'), by(alice));
    const inFlight = store.updateDecision(
      decisionWith('PCD 1065', { title: 'During close' }),
      1,
      drafts('edited'),
      by(bob),
    );
    await store.close();
    await expect(inFlight).resolves.toMatchObject({ decision: { version: 2 } });
    expect(await codeOf(store.getDecision('PCD 1065'))).toBe('STORE_CLOSED');
    const again = await openStore();
    expect((await again.getDecision('PCD 1065'))?.decision.title).toBe('During close');
  });

  it('closes cleanly when close is called while it is still opening', async () => {
    const store = new LowdbStore(dataDir, { logger: silent });
    const opening = store.open();
    await store.close();
    await opening;
    expect(store.isOpen).toBe(false);
    expect(existsSync(join(dataDir, '.lock'))).toBe(false);
  });

  it('opens an existing register and lists it from the index', async () => {
    const store = await openStore();
    await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        store.createDecision(decisionWith(`PCD ${i + 1}`), drafts('created'), by(alice)),
      ),
    );
    await store.close();
    const again = await openStore();
    expect(await again.listDecisions()).toHaveLength(300);
    expect(await again.highestReferenceNumber('PCD')).toBe(300);
    expect(await codeOf(again.createDecision(decisionWith('pcd-300'), drafts('created'), by(alice)))).toBe(
      'DUPLICATE_REF',
    );
  });
});

/**
 * A lowdb DATA_DIR made before the conversation shards keeps every reference in one
 * `conversations.json`. Opening it moves them into `conversations/<shard>.json` and removes the
 * file last, so a migration cut short by a crash is done again at the next open, losing nothing.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConversationFiles, migrateConversationsFile, shardOf } from '../../../storage/lowdb/conversation-files';
import { KeyQueue } from '../../../storage/lowdb/key-queue';
import { LowdbStore } from '../../../storage/lowdb-store';
import type { ConversationRef } from '../../../storage/store';
import { alice, at, bob, contractClock, conversation, decisionWith, drafts, by } from '../store-contract-fixtures';

const silent = { warn: (): void => undefined };
const COUNT = 1_000;
const keys = Array.from({ length: COUNT }, (_, i) => (i % 2 ? `personal:${i}` : `conversation:19:t${i}@thread.tacv2`));
const old = Object.fromEntries(keys.map((key, i) => [key, conversation(`old:${i}`)]));

describe('a lowdb DATA_DIR with conversations.json', () => {
  let dir: string;
  const open: LowdbStore[] = [];
  const openStore = async (): Promise<LowdbStore> => {
    const s = new LowdbStore(dir, { logger: silent, clock: contractClock });
    await s.open();
    open.push(s);
    return s;
  };
  /** What a store made before the shards left: a decision, a role and the conversations file (as lowdb wrote it). */
  const olderStore = async (conversations: Record<string, ConversationRef>): Promise<void> => {
    const s = await openStore();
    await s.createDecision(decisionWith('PCD 1'), drafts('created'), by(alice));
    await s.addRoleAssignment({ role: 'dmpc', holder: alice, deputy: false, assignedBy: bob, assignedAt: at(0) });
    await s.close();
    await rm(join(dir, 'conversations'), { recursive: true });
    await writeFile(join(dir, 'conversations.json'), JSON.stringify({ conversations }, null, 2));
  };
  const expectEveryOldOne = async (store: LowdbStore): Promise<void> => {
    for (const [key, ref] of Object.entries(old))
      expect({ key, ref: await store.getConversation(key) }).toEqual({ key, ref });
  };
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dt-conversations-migrate-'));
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('opens with every reference moved into the shards and the old file gone, its other records intact', async () => {
    await olderStore(old);
    const store = await openStore();
    expect(await readdir(dir)).not.toContain('conversations.json');
    await expectEveryOldOne(store);
    expect((await store.getDecision('PCD 1'))?.decision.ref).toBe('PCD 1');
    expect(await store.listRoleAssignments()).toHaveLength(1);
    await store.saveConversation('personal:new', conversation('new'));
    await store.close();
    const again = await openStore();
    await expectEveryOldOne(again);
    expect(await again.getConversation('personal:new')).toEqual(conversation('new'));
    expect((await again.listConversations()).length).toBe(COUNT + 1);
    const shards = (await readdir(join(dir, 'conversations'))).sort();
    expect(shards).toEqual([...new Set([...keys, 'personal:new'].map((k) => `${shardOf(k)}.json`))].sort());
  });

  it('finishes a migration a crash cut short: shards partly written, a temp file left, the old file still there', async () => {
    await olderStore(old);
    // The first half of the entries had been written (one of them since changed by an older build,
    // which wrote the file again), then the process died mid-write of another shard.
    const half = new ConversationFiles(join(dir, 'conversations'), new KeyQueue());
    await half.load();
    const written = keys.slice(0, COUNT / 2).map((k) => [k, old[k]!] as const);
    await half.merge([...written, [keys[0]!, conversation('stale')], ['personal:only-in-shards', conversation('s')]]);
    await writeFile(join(dir, 'conversations', `.${shardOf(keys.at(-1)!)}.json.tmp`), '{"conversations":{"x');
    const store = await openStore();
    await expectEveryOldOne(store); // the old file wins over what the shards held
    expect(await store.getConversation('personal:only-in-shards')).toEqual(conversation('s'));
    expect(await readdir(dir)).not.toContain('conversations.json');
    expect((await readdir(join(dir, 'conversations'))).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('moves the same entries again to the same shard files (a migration repeated changes nothing)', async () => {
    const shardsDir = join(dir, 'conversations');
    const files = new ConversationFiles(shardsDir, new KeyQueue());
    await files.load();
    const content = JSON.stringify({ conversations: old });
    await writeFile(join(dir, 'conversations.json'), content);
    expect(await migrateConversationsFile(dir, files)).toBe(COUNT);
    const snapshot = async () =>
      Promise.all((await readdir(shardsDir)).sort().map(async (n) => [n, await readFile(join(shardsDir, n), 'utf8')]));
    const first = await snapshot();
    await writeFile(join(dir, 'conversations.json'), content);
    expect(await migrateConversationsFile(dir, files)).toBe(COUNT);
    expect(await snapshot()).toEqual(first);
    expect(await migrateConversationsFile(dir, files)).toBe(0); // nothing left to move
  });

  it('opens a store with an empty conversations file', async () => {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'conversations.json'), '{ "conversations": {} }');
    const store = await openStore();
    expect(await store.getConversation('personal:1')).toBeNull();
    expect(await readdir(dir)).not.toContain('conversations.json');
  });
});

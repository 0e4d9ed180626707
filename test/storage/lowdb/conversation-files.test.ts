/**
 * The lowdb conversation shards (storage/lowdb/conversation-files.ts): references read from their
 * shard when asked for, a bounded number of shards kept, atomic writes serialised per shard.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConversationFiles, OPEN_SHARDS, SHARDS, shardOf } from '../../../storage/lowdb/conversation-files';
import { KeyQueue } from '../../../storage/lowdb/key-queue';
import { conversation } from '../store-contract-fixtures';

/** `n` distinct keys that fall in the same shard as `conversation:0`. */
function keysInOneShard(n: number): string[] {
  const shard = shardOf('conversation:0');
  const keys: string[] = [];
  for (let i = 0; keys.length < n; i++) if (shardOf(`conversation:${i}`) === shard) keys.push(`conversation:${i}`);
  return keys;
}

describe('ConversationFiles', () => {
  let dir: string;
  const files = async (): Promise<ConversationFiles> => {
    const f = new ConversationFiles(join(dir, 'conversations'), new KeyQueue());
    await f.load();
    return f;
  };
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dt-conversations-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('spreads keys over three-hex-digit shards, the same shard for the same key every time', () => {
    const shards = new Set(Array.from({ length: 20_000 }, (_, i) => shardOf(`personal:${i}`)));
    expect(shards.size).toBe(SHARDS);
    for (const shard of shards) expect(shard).toMatch(/^[0-3][0-9a-f]{2}$/);
    expect(shardOf('personal:alice')).toBe(shardOf('personal:alice'));
  });

  it('reads nothing at load and a reference from its shard file when asked for it', async () => {
    const key = 'conversation:19:abc@thread.tacv2';
    await mkdir(join(dir, 'conversations'));
    await writeFile(
      join(dir, 'conversations', `${shardOf(key)}.json`),
      JSON.stringify({ conversations: { [key]: conversation('19:abc@thread.tacv2') } }),
    );
    const f = await files();
    expect(f.cachedShards).toBe(0);
    expect(await f.get(key)).toEqual(conversation('19:abc@thread.tacv2'));
    expect(await f.get('conversation:elsewhere')).toBeNull();
    expect(await f.get('toString')).toBeNull();
    expect(f.cachedShards).toBe(new Set([key, 'conversation:elsewhere', 'toString'].map(shardOf)).size);
  });

  it(`keeps at most ${OPEN_SHARDS} shards in memory, and reads evicted ones again from disk`, async () => {
    const f = await files();
    const keys = Array.from({ length: 1_000 }, (_, i) => `personal:${i}`);
    for (const key of keys) await f.save(key, conversation(`a:${key}`));
    expect(f.cachedShards).toBe(OPEN_SHARDS);
    const onDisk = (await readdir(join(dir, 'conversations'))).filter((n) => n.endsWith('.json'));
    expect(onDisk.length).toBe(new Set(keys.map(shardOf)).size);
    expect(onDisk.length).toBeGreaterThan(OPEN_SHARDS * 4);
    for (const key of keys) expect(await f.get(key)).toEqual(conversation(`a:${key}`));
    expect(f.cachedShards).toBe(OPEN_SHARDS);
  });

  it('loses no save when many land in one shard at once, and a reopened folder sees them all', async () => {
    const f = await files();
    const keys = keysInOneShard(30);
    await Promise.all(keys.map((key, i) => f.save(key, conversation(`c:${i}`))));
    const again = await files();
    for (const [i, key] of keys.entries()) expect(await again.get(key)).toEqual(conversation(`c:${i}`));
    expect(await again.list()).toEqual(
      keys.map((key, i) => ({ key, ref: conversation(`c:${i}`) })).sort((a, b) => (a.key < b.key ? -1 : 1)),
    );
  });

  it('writes each shard by a temp file renamed over it, and removes temp files a crash left', async () => {
    const f = await files();
    const [first, second] = keysInOneShard(2) as [string, string];
    await f.save(first, conversation('first'));
    const shardFile = join(dir, 'conversations', `${shardOf(first)}.json`);
    // kill -9 mid-write leaves the temp file torn and the shard as it was.
    await writeFile(join(dir, 'conversations', `.${shardOf(first)}.json.tmp`), '{"conversations":{"conv');
    const again = await files();
    expect(await readdir(join(dir, 'conversations'))).toEqual([`${shardOf(first)}.json`]);
    expect(await again.get(first)).toEqual(conversation('first'));
    // A write that cannot complete (the temp path taken by a folder) changes neither disk nor memory.
    await mkdir(join(dir, 'conversations', `.${shardOf(first)}.json.tmp`));
    await expect(again.save(second, conversation('second'))).rejects.toThrow();
    expect(await again.get(second)).toBeNull();
    expect(Object.keys(JSON.parse(await readFile(shardFile, 'utf8')).conversations)).toEqual([first]);
  });

  it('saves many at once with one write per shard, later entries winning', async () => {
    const f = await files();
    await f.save('personal:a', conversation('old'));
    await f.merge([
      ['personal:a', conversation('new')],
      ['personal:b', conversation('b')],
      ['personal:b', conversation('b2')],
    ]);
    const again = await files();
    expect(await again.get('personal:a')).toEqual(conversation('new'));
    expect(await again.get('personal:b')).toEqual(conversation('b2'));
  });
});

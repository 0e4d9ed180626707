/**
 * conversations/<shard>.json: the conversation references the bot has seen, spread over SHARDS
 * files by a hash of the key, each { conversations: { <key>: ConversationRef } }. Nothing is
 * read at open: a reference is read from its shard when it is asked for (a proactive send, a
 * decision's home), and the most recently used shards are kept (OPEN_SHARDS). At 100,000
 * conversations a shard holds about a hundred (~40 KB), so a new conversation rewrites one small
 * file (atomically: lowdb's steno writes a temp file and renames it) instead of one of 38 MB,
 * and memory does not grow with the conversations the bot has ever seen.
 *
 * Every read and write of a shard runs in the store's queue under that shard's key, so a cached
 * shard is never older than its file, and at most one write of a file is under way at a time.
 *
 * Stores made before the shards kept every reference in one `conversations.json`, read whole at
 * open. `migrateConversationsFile` moves its entries into the shards, then removes it: a crash
 * before the removal leaves it in place, and the next open moves its entries again (a no-op for
 * those already moved).
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { sameConversationRef, type ConversationRef } from '../store';
import { Interner } from './interner';
import { JsonDoc } from './json-doc';
import type { KeyQueue } from './key-queue';

export interface ConversationShard {
  readonly conversations: Readonly<Record<string, ConversationRef>>;
}

/** How many shard files the references are spread over (a power of two: the hash's low bits pick one). */
export const SHARDS = 1024;
/** Shards kept in memory after a read or a write, least recently used out. */
export const OPEN_SHARDS = 64;
/** Shards written at once by a bulk merge (a migration, the bench's pre-fill). */
const MERGE_CONCURRENCY = 16;

const SHARD_NAME = /^[0-9a-f]{3}\.json$/;

/** The shard a key lives in: three hex digits, from the SHA-256 of the key's UTF-8. */
export function shardOf(key: string): string {
  const digest = createHash('sha256').update(key, 'utf8').digest();
  return ((digest.readUInt16BE(0) & (SHARDS - 1)) >>> 0).toString(16).padStart(3, '0');
}

const missing = (e: unknown): boolean => (e as NodeJS.ErrnoException).code === 'ENOENT';

export class ConversationFiles {
  private readonly open = new Map<string, JsonDoc<ConversationShard>>();
  /** Service URL, tenant, bot and team repeat across references: one copy of each in the cached shards. */
  private readonly interner = new Interner();

  /**
   * @param dir the conversations folder
   * @param queue the store's per-file queue (each shard's reads and writes run one at a time)
   */
  constructor(
    readonly dir: string,
    private readonly queue: KeyQueue,
  ) {}

  /** Makes the folder, and removes temp files of writes cut short by a crash. */
  async load(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const names = await readdir(this.dir);
    await Promise.all(
      names.filter((n) => n.startsWith('.') && n.endsWith('.tmp')).map((n) => unlink(join(this.dir, n))),
    );
  }

  /** How many shards are in memory now. */
  get cachedShards(): number {
    return this.open.size;
  }

  get(key: string): Promise<ConversationRef | null> {
    const shard = shardOf(key);
    return this.inShard(shard, async () => {
      const { conversations } = (await this.doc(shard)).data;
      return Object.hasOwn(conversations, key) ? (conversations[key] ?? null) : null;
    });
  }

  /** Saves the reference under the key; the same reference again writes nothing (a restarted bot sees it again). */
  save(key: string, ref: ConversationRef): Promise<void> {
    const shard = shardOf(key);
    return this.inShard(shard, async () => {
      const doc = await this.doc(shard);
      const known = doc.data.conversations;
      if (Object.hasOwn(known, key) && sameConversationRef(known[key]!, ref)) return;
      await doc.replace({ conversations: { ...known, [key]: this.interner.conversation(ref) } });
    });
  }

  /** Saves many references, one write per shard they fall in (later entries win over earlier and stored ones). */
  async merge(entries: Iterable<readonly [string, ConversationRef]>): Promise<void> {
    const byShard = new Map<string, Record<string, ConversationRef>>();
    for (const [key, ref] of entries) {
      const shard = shardOf(key);
      let group = byShard.get(shard);
      if (!group) byShard.set(shard, (group = {}));
      group[key] = ref;
    }
    const shards = [...byShard.keys()];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < shards.length) {
        const shard = shards[next++] as string;
        await this.inShard(shard, async () => {
          const doc = await this.doc(shard, false);
          await doc.replace({ conversations: { ...doc.data.conversations, ...byShard.get(shard) } });
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(MERGE_CONCURRENCY, shards.length) }, worker));
  }

  /** Every reference, by key (for store:copy: read shard by shard, not kept). */
  async list(): Promise<{ key: string; ref: ConversationRef }[]> {
    const out: { key: string; ref: ConversationRef }[] = [];
    for (const name of (await readdir(this.dir)).filter((n) => SHARD_NAME.test(n)).sort()) {
      const shard = name.slice(0, 3);
      const { conversations } = await this.inShard(shard, async () => (await this.doc(shard, false)).data);
      for (const [key, ref] of Object.entries(conversations)) out.push({ key, ref });
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  private inShard<T>(shard: string, task: () => Promise<T>): Promise<T> {
    return this.queue.run(`conversations:${shard}`, task);
  }

  /** The shard's document: from memory, or read (and kept, unless `keep` is false). Call inside `inShard`. */
  private async doc(shard: string, keep = true): Promise<JsonDoc<ConversationShard>> {
    let doc = this.open.get(shard);
    if (doc) {
      this.open.delete(shard); // re-inserted below: most recently used last
    } else {
      doc = await JsonDoc.open<ConversationShard>(join(this.dir, `${shard}.json`), { conversations: {} }, (file) =>
        this.shareStrings(file),
      );
      if (!keep) return doc;
    }
    this.open.set(shard, doc);
    for (const oldest of this.open.keys()) {
      if (this.open.size <= OPEN_SHARDS) break;
      this.open.delete(oldest);
    }
    return doc;
  }

  private shareStrings(file: ConversationShard): ConversationShard {
    const conversations: Record<string, ConversationRef> = {};
    for (const [key, ref] of Object.entries(file.conversations ?? {}))
      conversations[key] = this.interner.conversation(ref);
    return { conversations };
  }
}

/**
 * Moves the references of a `conversations.json` (stores made before the shards) into the shards,
 * then removes the file. Its entries win over the shards' (it is either the source of a migration
 * cut short, or newer: written by an older build run on the store since). Returns how many it held.
 */
export async function migrateConversationsFile(dataDir: string, files: ConversationFiles): Promise<number> {
  const path = join(dataDir, 'conversations.json');
  const old = await JsonDoc.open<ConversationShard | null>(path, null);
  if (old.data === null) return 0;
  const entries = Object.entries(old.data.conversations ?? {});
  await files.merge(entries);
  await unlink(path).catch((e: unknown) => {
    if (!missing(e)) throw e;
  });
  return entries.length;
}

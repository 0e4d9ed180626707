/**
 * Opening a lowdb DATA_DIR (layout in ../lowdb-store.ts): the lock, the format check, leftover temp
 * files removed, then the small files and the decisions' index loaded at once (decision files and
 * conversation shards are read when asked for), and a `conversations.json` of an older store moved
 * into the shards.
 */
import { mkdir, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ConversationFiles, migrateConversationsFile } from './conversation-files';
import { acquireDataDirLock, type DataDirLock, type StoreLogger } from './data-dir-lock';
import { DecisionFiles } from './decision-files';
import { GroupCommit } from './group-commit';
import { JsonDoc } from './json-doc';
import type { KeyQueue } from './key-queue';
import { OutboxFiles } from './outbox-files';
import { PeopleDoc } from './people-file';
import {
  FORMAT,
  UPGRADES_FROM,
  pruneIdempotency,
  type IdempotencyFile,
  type MetaFile,
  type PeopleFile,
  type RolesFile,
} from './small-files';
import { SummaryIndexFiles } from './summary-index';

export interface OpenState {
  readonly lock: DataDirLock;
  readonly decisions: DecisionFiles;
  readonly outbox: OutboxFiles;
  readonly roles: JsonDoc<RolesFile>;
  readonly conversations: ConversationFiles;
  readonly idempotency: JsonDoc<IdempotencyFile>;
  /** Many turns add keys at once: one write carries a burst of them. */
  readonly idempotencyCommits: GroupCommit<IdempotencyFile>;
  readonly people: PeopleDoc;
}

/** Opens DATA_DIR: takes its lock (released again if anything else fails) and loads what is kept in memory. */
export async function openState(
  dataDir: string,
  clock: () => Date,
  logger: StoreLogger,
  queue: KeyQueue,
): Promise<OpenState> {
  await mkdir(dataDir, { recursive: true });
  const lock = await acquireDataDirLock(dataDir, clock(), logger);
  try {
    const decisionsDir = join(dataDir, 'decisions');
    const outboxDir = join(dataDir, 'outbox');
    await Promise.all([mkdir(decisionsDir, { recursive: true }), mkdir(outboxDir, { recursive: true })]);
    await removeTempFiles(dataDir);
    await checkMeta(dataDir, clock);
    const decisions = new DecisionFiles(decisionsDir, new SummaryIndexFiles(dataDir, decisionsDir), (e) =>
      logger.warn(`Could not write the index of ${decisionsDir}: ${e instanceof Error ? e.message : String(e)}`),
    );
    const outbox = new OutboxFiles(outboxDir, (e) =>
      logger.warn(
        `Could not compact the outbox's journal in ${outboxDir}: ${e instanceof Error ? e.message : String(e)}`,
      ),
    );
    const conversations = new ConversationFiles(join(dataDir, 'conversations'), queue);
    await conversations.load();
    // Before the index is read: the old file's parsed text is garbage by the time the summaries are packed.
    await migrateConversationsFile(dataDir, conversations);
    const [roles, people, idempotency] = await Promise.all([
      JsonDoc.open<RolesFile>(join(dataDir, 'roles.json'), { assignments: [] }),
      JsonDoc.open<PeopleFile>(join(dataDir, 'people.json'), { people: {} }),
      JsonDoc.open<IdempotencyFile>(join(dataDir, 'idempotency.json'), { entries: {} }),
      decisions.load(),
      outbox.load(),
    ]);
    const pruned = pruneIdempotency(idempotency.data.entries, clock());
    if (Object.keys(pruned).length !== Object.keys(idempotency.data.entries).length)
      await idempotency.replace({ entries: pruned });
    return {
      lock,
      decisions,
      outbox,
      roles,
      conversations,
      idempotency,
      idempotencyCommits: new GroupCommit(idempotency, (write) => queue.run('idempotency', write)),
      people: new PeopleDoc(new GroupCommit(people, (write) => queue.run('people', write))),
    };
  } catch (e) {
    await lock.release();
    throw e;
  }
}

async function checkMeta(dataDir: string, clock: () => Date): Promise<void> {
  const meta = await JsonDoc.open<MetaFile | null>(join(dataDir, 'meta.json'), null);
  if (meta.data === null) {
    await meta.replace({ format: FORMAT, createdAt: clock().toISOString() });
  } else if (UPGRADES_FROM.has(meta.data.format)) {
    await meta.replace({ ...meta.data, format: FORMAT });
  } else if (meta.data.format !== FORMAT) {
    throw new Error(
      `DATA_DIR ${dataDir} holds data in format ${meta.data.format}; this version reads format ${FORMAT} (and upgrades ${[...UPGRADES_FROM].join(', ')}).`,
    );
  }
}

/** Temp files of small-file writes cut short by a crash (the lock's own files are the lock's business). */
async function removeTempFiles(dir: string): Promise<void> {
  const names = await readdir(dir);
  await Promise.all(
    names
      .filter((n) => n.startsWith('.') && n.endsWith('.tmp') && !n.startsWith('.lock.'))
      .map((n) => unlink(join(dir, n))),
  );
}

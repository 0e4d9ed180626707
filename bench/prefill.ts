/**
 * Pre-filling a register fast: the records of bench/register.ts written in bulk, straight into
 * the lowdb layout (one decision file each and the conversation shards, as storage/lowdb-store.ts
 * lays them out) and into PostgreSQL (multi-row INSERT … SELECT FROM unnest, 500 decisions a
 * statement). One pass makes each record once and writes it to both stores.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import { refKey } from '../domain/reference';
import type { GovernanceProfile } from '../domain/profile';
import { summarize } from '../domain/decision-summary';
import { earliestLastFundedYear } from '../storage/decision-filter';
import { ConversationFiles } from '../storage/lowdb/conversation-files';
import { KeyQueue } from '../storage/lowdb/key-queue';
import { refFileStem } from '../storage/lowdb/ref-file';
import { SummaryIndexFiles, type IndexRow } from '../storage/lowdb/summary-index';
import { compareRefOrder, refOrderKey } from '../storage/summary-query';
import { FORMAT } from '../storage/lowdb/small-files';
import { PostgresStore } from '../storage/postgres-store';
import type { ConversationRef } from '../storage/store';
import { referenceColumns } from '../storage/postgres/reference-columns';
import { registerRecord, roleAssignments, type RegisterRecord } from './register';

const BATCH = 500;
const WRITE_CONCURRENCY = 64;

export interface PrefillTargets {
  /** DATA_DIR to fill (created), or null. */
  readonly lowdbDir: string | null;
  /** DATABASE_URL with the schema in its search_path, or null. */
  readonly postgresUrl: string | null;
}

export async function prefill(
  size: number,
  profile: GovernanceProfile,
  serviceUrl: string,
  targets: PrefillTargets,
): Promise<{ ms: number }> {
  const started = performance.now();
  const at = new Date(Date.UTC(2023, 0, 1)).toISOString();
  let pg: Client | null = null;
  if (targets.lowdbDir) {
    await mkdir(join(targets.lowdbDir, 'decisions'), { recursive: true });
    await mkdir(join(targets.lowdbDir, 'outbox'), { recursive: true });
    await writeFile(join(targets.lowdbDir, 'meta.json'), JSON.stringify({ format: FORMAT, createdAt: at }));
    await writeFile(
      join(targets.lowdbDir, 'roles.json'),
      JSON.stringify({ assignments: roleAssignments(profile, at) }),
    );
  }
  if (targets.postgresUrl) {
    const store = new PostgresStore({ connectionString: targets.postgresUrl });
    await store.open(); // creates the schema and runs the migrations
    for (const a of roleAssignments(profile, at)) await store.addRoleAssignment(a);
    await store.close();
    pg = new Client({ connectionString: targets.postgresUrl });
    await pg.connect();
  }
  // Each card's conversation is one the bot has seen (it posted the card there), as in Teams.
  const conversations: Record<string, ConversationRef> = {};
  // The lowdb index of summaries, as a bot that was stopped cleanly leaves it (storage/lowdb/summary-index.ts).
  const indexRows: IndexRow[] = [];
  try {
    for (let from = 0; from < size; from += BATCH) {
      const batch: RegisterRecord[] = [];
      for (let i = from; i < Math.min(size, from + BATCH); i++) batch.push(registerRecord(i, profile, serviceUrl));
      for (const r of batch) conversations[`conversation:${r.home.conversation.conversationId}`] = r.home.conversation;
      if (targets.lowdbDir)
        for (const r of batch) indexRows.push({ file: fileOf(r), summary: summarize(r.decision), watchers: [] });
      await Promise.all([
        targets.lowdbDir ? writeLowdb(targets.lowdbDir, batch) : null,
        pg ? insertRows(pg, batch) : null,
      ]);
    }
    if (targets.lowdbDir) {
      const shards = new ConversationFiles(join(targets.lowdbDir, 'conversations'), new KeyQueue());
      await shards.load();
      await shards.merge(Object.entries(conversations));
      const decisionsDir = join(targets.lowdbDir, 'decisions');
      const order = new Map(indexRows.map((r) => [r, refOrderKey(r.summary.ref, refKey(r.summary.ref))]));
      indexRows.sort((a, b) => compareRefOrder(order.get(a)!, order.get(b)!));
      await new SummaryIndexFiles(targets.lowdbDir, decisionsDir).write(indexRows, indexRows.length);
    }
    if (pg) {
      const entries = Object.entries(conversations);
      await pg.query('INSERT INTO conversations (key, data) SELECT * FROM unnest($1::text[], $2::jsonb[])', [
        entries.map(([k]) => k),
        entries.map(([, ref]) => JSON.stringify(ref)),
      ]);
    }
  } finally {
    await pg?.end();
  }
  return { ms: performance.now() - started };
}

async function writeLowdb(dir: string, batch: readonly RegisterRecord[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < batch.length) {
      const r = batch[next++] as RegisterRecord;
      const file = join(dir, 'decisions', fileOf(r));
      await writeFile(file, JSON.stringify({ decision: r.decision, home: r.home, watchers: [], audit: r.audit }));
    }
  };
  await Promise.all(Array.from({ length: WRITE_CONCURRENCY }, worker));
}

const fileOf = (r: RegisterRecord): string => `${refFileStem(refKey(r.decision.ref))}.json`;

async function insertRows(client: Client, batch: readonly RegisterRecord[]): Promise<void> {
  const cols = batch.map((r) => referenceColumns(r.decision.ref));
  await client.query('BEGIN');
  await client.query(
    `INSERT INTO decisions (ref_key, ref, ref_prefix, ref_number, version, data, home, watchers, status, last_funded_year)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::integer[], $6::jsonb[], $7::jsonb[],
       $8::jsonb[], $9::text[], $10::integer[])`,
    [
      batch.map((r) => refKey(r.decision.ref)),
      batch.map((r) => r.decision.ref),
      cols.map((c) => c.prefix),
      cols.map((c) => c.number),
      batch.map((r) => r.decision.version),
      batch.map((r) => JSON.stringify(r.decision)),
      batch.map((r) => JSON.stringify(r.home)),
      batch.map(() => '[]'),
      batch.map((r) => r.decision.status),
      batch.map((r) => earliestLastFundedYear(r.decision)),
    ],
  );
  const events = batch.flatMap((r) => r.audit.map((e) => ({ key: refKey(r.decision.ref), e })));
  await client.query(
    `INSERT INTO audit_events (ref_key, seq, event) SELECT * FROM unnest($1::text[], $2::integer[], $3::json[])`,
    [events.map((x) => x.key), events.map((x) => x.e.seq), events.map((x) => JSON.stringify(x.e))],
  );
  await client.query('COMMIT');
}

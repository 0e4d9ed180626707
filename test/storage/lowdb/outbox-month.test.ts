/**
 * lowdb's outbox on disk: a snapshot and a journal per month. Every state written is there after a
 * reopen; a last journal line cut short by a crash is ignored; a journal is folded into its snapshot
 * at open and when it grows, and replaying one the snapshot already holds changes nothing.
 */
import { appendFile, copyFile, mkdir, mkdtemp, readdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutboxFiles } from '../../../storage/lowdb/outbox-files';
import { DEFAULT_COMPACTION, type CompactionPolicy } from '../../../storage/lowdb/outbox-month';
import type { Delivery } from '../../../storage/store';
import { delivery } from '../store-contract-outbox';

const t0 = Date.UTC(2026, 10, 25, 9, 0);
const iso = (minutes: number): string => new Date(t0 + minutes * 60_000).toISOString();
const MONTH = '2026-11';

let dir: string;
const compactionErrors: unknown[] = [];

async function openOutbox(policy: CompactionPolicy = DEFAULT_COMPACTION): Promise<OutboxFiles> {
  const outbox = new OutboxFiles(dir, (e) => compactionErrors.push(e), policy);
  await outbox.load();
  return outbox;
}

const files = async (): Promise<string[]> => (await readdir(dir)).sort();
const journal = (): string => join(dir, `${MONTH}.journal`);
const snapshot = async (): Promise<Record<string, Delivery>> =>
  (JSON.parse(await readFile(join(dir, `${MONTH}.json`), 'utf8')) as { deliveries: Record<string, Delivery> })
    .deliveries;

/** One delivery in each state, and one claimed and then released with a retry time. */
async function everyState(outbox: OutboxFiles): Promise<void> {
  const keys = ['sent', 'failed', 'undeliverable', 'retry', 'claimed', 'waiting'];
  expect(await outbox.enqueue(keys.map((k, i) => delivery(k, { nextAttemptAt: iso(i) })))).toBe(keys.length);
  expect((await outbox.claim('worker', iso(10), iso(20), 5)).map((d) => d.key)).toEqual(keys.slice(0, 5));
  await outbox.update('sent', { state: 'sent', activityId: 'act-1', claimedBy: null, claimedUntil: null }, iso(11));
  await outbox.update('failed', { state: 'failed', lastError: 'in doubt', claimedBy: null }, iso(12));
  await outbox.update('undeliverable', { state: 'undeliverable', lastError: '404' }, iso(13));
  await outbox.update('retry', { state: 'pending', attempts: 1, nextAttemptAt: iso(30), claimedBy: null }, iso(14));
  await outbox.update('claimed', { payload: { stage: '6m', inFlightSince: iso(15) }, attempts: 1 }, iso(15));
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dt-outbox-'));
  compactionErrors.length = 0;
});
afterEach(async () => {
  expect(compactionErrors).toEqual([]);
  await rm(dir, { recursive: true, force: true });
});

describe("lowdb's outbox journal", () => {
  it('appends changes to the month journal, and a reopen sees every state written, folded into the snapshot', async () => {
    const outbox = await openOutbox();
    await everyState(outbox);
    expect(await files()).toEqual([`${MONTH}.journal`]);
    // One line per delivery enqueued, claimed or updated: nothing rewritten.
    expect((await readFile(journal(), 'utf8')).split('\n')).toHaveLength(6 + 5 + 5 + 1);
    const written = outbox.list();
    expect(written.map((d) => [d.key, d.state])).toEqual([
      ['claimed', 'sending'],
      ['failed', 'failed'],
      ['retry', 'pending'],
      ['sent', 'sent'],
      ['undeliverable', 'undeliverable'],
      ['waiting', 'pending'],
    ]);

    const again = await openOutbox();
    expect(again.list()).toEqual(written);
    expect(again.count()).toEqual({ pending: 2, sending: 1, sent: 1, failed: 1, undeliverable: 1 });
    expect(await files()).toEqual([`${MONTH}.json`]);
    expect(Object.values(await snapshot())).toEqual(expect.arrayContaining(written));
    // Claims after the reopen go by the times written: the retry at 30, the claim until 20.
    expect((await again.claim('other', iso(25), iso(40), 10)).map((d) => d.key)).toEqual(['claimed', 'waiting']);
    expect((await again.claim('other', iso(30), iso(40), 10)).map((d) => d.key)).toEqual(['retry']);
  });

  it('ignores a last journal line cut short by a crash, and appends nothing after it', async () => {
    const outbox = await openOutbox();
    await everyState(outbox);
    const written = outbox.list();
    // A crash part-way through an append: the claim of "waiting" was never acknowledged.
    await appendFile(journal(), JSON.stringify({ ...delivery('waiting'), state: 'sending' }).slice(0, 70));

    const again = await openOutbox();
    expect(again.list()).toEqual(written);
    expect(await files()).toEqual([`${MONTH}.json`]);
    await again.update('waiting', { state: 'sent', activityId: 'act-2' }, iso(16));
    expect(await readFile(journal(), 'utf8')).toMatch(/^\{"key":"waiting".*\n$/u);
    expect((await openOutbox()).list().find((d) => d.key === 'waiting')).toMatchObject({ state: 'sent' });
  });

  it('refuses to open a journal with a bad line before its last, naming the file and line', async () => {
    const outbox = await openOutbox();
    await outbox.enqueue([delivery('a'), delivery('b')]);
    const lines = (await readFile(journal(), 'utf8')).split('\n');
    await writeFile(journal(), [lines[0]!.slice(0, 20), lines[1]!, ''].join('\n'));
    await expect(openOutbox()).rejects.toThrow(`${journal()}: line 1 is not a delivery.`);
  });

  it('reads a month that is a snapshot only, as format 1 wrote it', async () => {
    const old = { a: delivery('a', { state: 'sent' }), b: delivery('b') };
    await writeFile(join(dir, `${MONTH}.json`), JSON.stringify({ deliveries: old }, null, 2));
    const outbox = await openOutbox();
    expect(outbox.list()).toEqual([old.a, old.b]);
    expect((await outbox.claim('w', iso(1), iso(2), 10)).map((d) => d.key)).toEqual(['b']);
    expect(await files()).toEqual([`${MONTH}.journal`, `${MONTH}.json`]);
  });

  it('folds the journal into the snapshot once it grows past the factor times the live size', async () => {
    const outbox = await openOutbox({ factor: 2, minChars: 0 });
    await outbox.enqueue([delivery('a'), delivery('b')]);
    expect(await files()).toEqual([`${MONTH}.journal`]);
    // Two more whole deliveries make the journal twice the live size; one more passes it.
    await outbox.update('a', { attempts: 1 }, iso(1));
    await outbox.update('b', { attempts: 1 }, iso(1));
    expect(await files()).toEqual([`${MONTH}.journal`]);
    await outbox.update('a', { state: 'sent' }, iso(2));
    expect(await files()).toEqual([`${MONTH}.json`]);
    expect(await snapshot()).toEqual({ a: outbox.list()[0], b: outbox.list()[1] });
    // The next change starts a new journal.
    await outbox.update('b', { state: 'failed' }, iso(3));
    expect((await readFile(journal(), 'utf8')).trim().split('\n')).toHaveLength(1);
    expect((await openOutbox()).list()).toEqual(outbox.list());
  });

  it('replays a journal over a snapshot that already holds it (a crash between the two) to the same state', async () => {
    const outbox = await openOutbox();
    await everyState(outbox);
    const written = outbox.list();
    await copyFile(journal(), join(dir, 'kept'));
    await openOutbox(); // folds the journal into the snapshot and removes it
    await copyFile(join(dir, 'kept'), journal());
    await rm(join(dir, 'kept'));
    expect((await openOutbox()).list()).toEqual(written);
  });

  it('after a failed append, shows nothing of it and folds the journal into a snapshot before the next', async () => {
    const outbox = await openOutbox();
    await outbox.enqueue([delivery('a'), delivery('b')]);
    await rm(journal());
    await mkdir(journal()); // appending to it fails
    await expect(outbox.update('a', { state: 'sent' }, iso(1))).rejects.toMatchObject({ code: 'EISDIR' });
    expect(outbox.list().map((d) => d.state)).toEqual(['pending', 'pending']);
    await rmdir(journal());
    await outbox.update('b', { state: 'failed' }, iso(2));
    expect(Object.values(await snapshot()).map((d) => d.state)).toEqual(['pending', 'pending']);
    expect((await readFile(journal(), 'utf8')).trim().split('\n')).toHaveLength(1);
    expect((await openOutbox()).list().map((d) => d.state)).toEqual(['pending', 'failed']);
  });
});

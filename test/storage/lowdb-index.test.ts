/**
 * The lowdb store's persisted index of summaries (storage/lowdb/summary-index.ts): open reads it
 * instead of every decision file, and whatever happened to the folder since it was written (a
 * crash before the next snapshot, files added, removed or replaced, an index that is missing,
 * corrupt or of another format), the summaries the store answers with are those of the files.
 */
import { cp, mkdtemp, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarize } from '../../domain/decision-summary';
import { LowdbStore } from '../../storage/lowdb-store';
import { alice, by, decisionWith, drafts } from './store-contract';

const silent = { warn: (): void => undefined };
let dir: string;
let dataDir: string;
const open: LowdbStore[] = [];

async function openStore(at = dataDir): Promise<LowdbStore> {
  const store = new LowdbStore(at, { logger: silent });
  await store.open();
  open.push(store);
  return store;
}

/** What the decision files say, summarised. */
async function fromFiles(store: LowdbStore) {
  return (await store.listDecisions()).map((s) => summarize(s.decision));
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dt-index-'));
  dataDir = join(dir, 'data');
  const store = await openStore();
  for (const ref of ['PCD 1', 'PCD 2', 'PCD 3'])
    await store.createDecision(decisionWith(ref), drafts('created'), by(alice));
  await store.close();
});

afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  await rm(dir, { recursive: true, force: true });
});

const indexPath = () => join(dataDir, 'index.ndjson');
const titles = async (store: LowdbStore) => (await store.listSummaries()).map((s) => `${s.ref}: ${s.title}`);

it('writes the index at close and answers lists from it at open, without reading the decision files', async () => {
  const lines = (await readFile(indexPath(), 'utf8')).trim().split('\n');
  expect(lines).toHaveLength(4); // the header and one line per decision
  // A file edited in place (the folder's time unchanged) is not read again: the index answers.
  const file = join(dataDir, 'decisions', 'pcd2.json');
  const content = JSON.parse(await readFile(file, 'utf8'));
  await writeFile(file, JSON.stringify({ ...content, decision: { ...content.decision, title: 'Edited by hand' } }));
  const store = await openStore();
  expect(await titles(store)).toContain(`PCD 2: ${decisionWith('PCD 2').title}`);
  expect((await store.getDecision('PCD 2'))?.decision.title).toBe('Edited by hand');
});

it('after a crash before the next snapshot, finds every write in the journal and reads those files again', async () => {
  const store = await openStore();
  const pcd2 = (await store.getDecision('PCD 2'))!.decision;
  await store.updateDecision({ ...pcd2, title: 'Changed' }, 1, drafts('edited'), by(alice));
  await store.createDecision(decisionWith('PCD 4'), drafts('created'), by(alice));
  // The folder as kill -9 would leave it now: no snapshot since, the lock's owner gone.
  const crashed = join(dir, 'crashed');
  await cp(dataDir, crashed, { recursive: true, filter: (src) => !src.endsWith('.lock') });
  const after = await openStore(crashed);
  expect(await titles(after)).toEqual([
    `PCD 1: ${pcd2.title}`,
    'PCD 2: Changed',
    `PCD 3: ${pcd2.title}`,
    `PCD 4: ${pcd2.title}`,
  ]);
  expect(await after.listSummaries()).toEqual(await fromFiles(after));
});

it.each([
  ['missing', () => unlink(indexPath())],
  ['corrupt', () => writeFile(indexPath(), '{"format":1,"count":3}\n{"file":"pcd1.json","summ')],
  [
    'of another format',
    async () => writeFile(indexPath(), (await readFile(indexPath(), 'utf8')).replace('"format":1', '"format":0')),
  ],
])('rebuilds an index that is %s from the decision files, and writes it again', async (_, spoil) => {
  await spoil();
  const store = await openStore();
  expect((await store.listSummaries()).map((s) => s.ref)).toEqual(['PCD 1', 'PCD 2', 'PCD 3']);
  expect(await store.listSummaries()).toEqual(await fromFiles(store));
  expect((await readFile(indexPath(), 'utf8')).trim().split('\n')).toHaveLength(4);
});

it('follows decision files added, removed or replaced while the bot was stopped', async () => {
  const decisions = join(dataDir, 'decisions');
  const pcd1 = JSON.parse(await readFile(join(decisions, 'pcd1.json'), 'utf8'));
  await writeFile(
    join(decisions, 'pcd9.json'),
    JSON.stringify({ ...pcd1, decision: { ...pcd1.decision, ref: 'PCD 9' } }),
  );
  await unlink(join(decisions, 'pcd3.json'));
  // Replaced as an editor or a restore does it: a new file renamed over the old.
  await writeFile(
    join(decisions, 'new.tmp'),
    JSON.stringify({ ...pcd1, decision: { ...pcd1.decision, title: 'Restored' } }),
  );
  await rename(join(decisions, 'new.tmp'), join(decisions, 'pcd1.json'));
  const store = await openStore();
  expect(await titles(store)).toEqual([
    'PCD 1: Restored',
    `PCD 2: ${pcd1.decision.title}`,
    `PCD 9: ${pcd1.decision.title}`,
  ]);
});

it('reads journals set aside by a snapshot that never finished, and drops them with the next one', async () => {
  const store = await openStore();
  const pcd1 = (await store.getDecision('PCD 1'))!.decision;
  await store.updateDecision({ ...pcd1, title: 'First change' }, 1, drafts('edited'), by(alice));
  // A snapshot began (its journal set aside) and its write failed; writes went on into a new journal.
  await rename(join(dataDir, 'index.journal'), join(dataDir, 'index.journal.1'));
  const pcd3 = (await store.getDecision('PCD 3'))!.decision;
  await store.updateDecision({ ...pcd3, title: 'Second change' }, 1, drafts('edited'), by(alice));
  const crashed = join(dir, 'crashed');
  await cp(dataDir, crashed, { recursive: true, filter: (src) => !src.endsWith('.lock') });
  const after = await openStore(crashed);
  expect(await titles(after)).toEqual(['PCD 1: First change', `PCD 2: ${pcd1.title}`, 'PCD 3: Second change']);
  await after.close();
  expect((await readdir(crashed)).filter((n) => n.startsWith('index.journal.'))).toEqual([]);
});

it('gives back every summary as it was made, whatever the funding lines hold, before and after a reopen', async () => {
  const store = await openStore();
  const lines = [
    { id: 'a', service: 'Service A', source: 'Core', allocations: [{ year: 2024, amount: 0 }] },
    { id: 'b', service: 'Service B', source: 'Grant', allocations: [] },
  ];
  const shapes = [
    decisionWith('PCD 10', { funding: [] }),
    decisionWith('PCD 11', { funding: lines, stageVersion: 3, waitingSince: '2024-05-01T09:00:00.000Z' }),
    // A line with a field the summary does not know of (an older import): kept as it is.
    decisionWith('PCD 12', { funding: [{ ...lines[0]!, note: 'imported' } as (typeof lines)[0], lines[1]!] }),
    decisionWith('PCD 13', {
      status: 'approved',
      approvedAt: '2024-05-02T10:00:00.000Z',
      part1Deferral: { until: '2024-06-01', reason: 'commercial' },
    }),
  ];
  for (const d of shapes) await store.createDecision(d, drafts('created'), by(alice));
  const expected = shapes.map((d) => summarize(d));
  const got = async (s: LowdbStore) => (await s.listSummaries()).filter((x) => expected.some((e) => e.ref === x.ref));
  expect(await got(store)).toStrictEqual(expected);
  await store.close();
  const reopened = await openStore();
  expect(await got(reopened)).toStrictEqual(expected);
  expect(await fromFiles(reopened)).toStrictEqual(await reopened.listSummaries());
});

/**
 * kill -9 at random moments: a child process (crash-writer.ts) writes to the store in a loop
 * and prints a line per acknowledged write; we SIGKILL it, reopen the store here and check that
 * it opens (taking over the dead child's lock), that every acknowledged write is there, that
 * every audit chain verifies, and that no temp file is left behind.
 */
import { summarize } from '../../domain/decision-summary';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { verifyChain } from '../../domain/audit';
import { LowdbStore } from '../../storage/lowdb-store';

const ROUNDS = 12;
const root = resolve(__dirname, '..', '..');
const writer = join(__dirname, 'crash-writer.ts');

interface Round {
  readonly acks: string[];
  readonly ready: boolean;
  readonly killedAfterMs: number;
}

/**
 * Runs the writer and kills it: half the rounds at a random moment from spawn (perhaps mid-open), half once it writes.
 */
function runAndKill(dataDir: string, round: number): Promise<Round> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', writer, dataDir], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = Date.now();
    let out = '';
    let errors = '';
    let killedAfterMs = -1;
    const kill = (): void => {
      if (killedAfterMs >= 0) return;
      killedAfterMs = Date.now() - started;
      child.kill('SIGKILL');
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const first = !out.includes('ready\n');
      out += chunk;
      if (first && out.includes('ready\n') && round % 2 === 0) setTimeout(kill, 5 + Math.random() * 250);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    if (round % 2 === 1) setTimeout(kill, Math.random() * 900);
    const guard = setTimeout(kill, 5000);
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (signal !== 'SIGKILL') return fail(new Error(`writer exited by itself (code ${code}): ${errors}`));
      // Only complete lines are acknowledgements; a line cut by the kill is not.
      const lines = out.split('\n').slice(0, -1);
      done({ acks: lines.filter((l) => l !== 'ready'), ready: lines.includes('ready'), killedAfterMs });
    });
  });
}

/** The writer's loop count in a service URL it saved (https://smba.example/<i>/). */
const loopOf = (serviceUrl: string): number => Number(serviceUrl.split('/')[3]);

async function tempFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const sub of ['', 'decisions', 'outbox', 'conversations']) {
    for (const name of await readdir(join(dir, sub)).catch(() => [] as string[]))
      if (name.endsWith('.tmp')) found.push(join(sub, name));
  }
  return found;
}

describe('lowdb store under kill -9', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dt-crash-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(`keeps every acknowledged write through ${ROUNDS} kills at random moments`, async () => {
    const dataDir = join(dir, 'data');
    const versions = new Map<string, number>();
    const deliveries = new Set<string>();
    const sent = new Set<string>();
    const invokes = new Set<string>();
    const holders = new Set<string>();
    const conversations = new Map<string, string>();
    let writesChecked = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const { acks, ready, killedAfterMs } = await runAndKill(dataDir, round);
      const context = `round ${round}, killed after ${killedAfterMs} ms, ${acks.length} writes acknowledged`;
      /** The loop count of this round's last acknowledged save under personal:everyone. */
      let everyone: number | null = null;
      for (const line of acks) {
        const words = line.split(' ');
        const kind = words[0];
        if (kind === 'decision') {
          const ref = `${words[1]} ${words[2]}`;
          versions.set(ref, Math.max(versions.get(ref) ?? 0, Number(words[3])));
        } else if (kind === 'delivery') deliveries.add(words[1] as string);
        else if (kind === 'sent') sent.add(words[1] as string);
        else if (kind === 'idempotency') invokes.add(words[1] as string);
        else if (kind === 'role') holders.add(words[2] as string);
        else if (kind === 'conversation') {
          conversations.set(words[1] as string, words[2] as string);
          everyone = loopOf(words[2] as string);
        } else throw new Error(`unexpected line from the writer: ${line}`);
      }
      writesChecked += acks.length;

      const warnings: string[] = [];
      const store = new LowdbStore(dataDir, { logger: { warn: (m) => warnings.push(m) } });
      await store.open();
      try {
        if (ready)
          expect({ context, warnings }).toEqual({
            context,
            warnings: [expect.stringContaining('no longer running; the lock was taken over')],
          });
        expect({ context, temp: await tempFiles(dataDir) }).toEqual({ context, temp: [] });
        const records = await store.listDecisions();
        const stored = new Map(records.map((s) => [s.decision.ref, s.decision.version]));
        // The index the lists run on says what the decision files say (it is a cache of them).
        const fromFiles = records.map((s) => summarize(s.decision));
        expect({ context, summaries: await store.listSummaries() }).toEqual({ context, summaries: fromFiles });
        const lost = [...versions].filter(([ref, version]) => (stored.get(ref) ?? 0) < version);
        expect({ context, lost }).toEqual({ context, lost: [] });
        for (const ref of stored.keys()) {
          const audit = await store.getAudit(ref);
          expect({ context, ref, verdict: verifyChain(audit), count: audit.length }).toEqual({
            context,
            ref,
            verdict: { ok: true, count: audit.length },
            count: stored.get(ref),
          });
        }
        const outbox = new Map((await store.listDeliveries()).map((d) => [d.key, d.state]));
        expect({ context, missing: [...deliveries].filter((k) => !outbox.has(k)) }).toEqual({ context, missing: [] });
        expect({ context, unsent: [...sent].filter((k) => outbox.get(k) !== 'sent') }).toEqual({ context, unsent: [] });
        for (const key of invokes)
          expect({
            context,
            key,
            outcome: await store.rememberOnce(key, { again: true }, new Date().toISOString()),
          }).not.toMatchObject({ outcome: null });
        for (const [key, serviceUrl] of conversations)
          expect({ context, key, url: (await store.getConversation(key))?.serviceUrl }).toEqual({
            context,
            key,
            url: serviceUrl,
          });
        // Saved again and again: the last acknowledged save, or a later one that was under way.
        if (everyone !== null) {
          const last = loopOf((await store.getConversation('personal:everyone'))?.serviceUrl ?? '');
          expect({ context, last, everyone, later: last >= everyone }).toEqual({
            context,
            last,
            everyone,
            later: true,
          });
        }
        const roles = new Set((await store.listRoleAssignments()).map((r) => r.holder.aadObjectId));
        expect({ context, missing: [...holders].filter((h) => !roles.has(h)) }).toEqual({ context, missing: [] });
      } finally {
        await store.close();
      }
    }
    // The kills must have landed among writes, not only before the first one.
    expect(writesChecked).toBeGreaterThan(ROUNDS * 5);
  }, 60_000);
});

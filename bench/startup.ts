/**
 * `node -r @swc-node/register bench/startup.ts [size] [rounds] [--cpu-prof DIR]`: the production
 * start (`node scripts/start.cjs`, as `npm start` runs it) from spawn to the first 200 from
 * /healthz, on lowdb and on PostgreSQL with a pre-filled register of `size` decisions (default
 * 1,000), `rounds` times each, alternating (default 5). PostgreSQL: BENCH_DATABASE_URL, or an
 * embedded server. Prints one JSON line: the median and every run, ms, per store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loadProfile } from '../app/profile-loader';
import { givenOrEmbeddedPostgres } from '../scripts/embedded-postgres';
import { ensureBuilt } from '../scripts/build-if-stale.cjs';
import { prefill } from './prefill';
import { cpuMsOf, freePort, spawnBot, stopChild, waitForHealth } from './processes';

export interface StartupResult {
  readonly size: number;
  readonly lowdb: StoreStartup;
  readonly postgres: StoreStartup;
}

/** Wall time to /healthz 200, and the bot process's CPU time (user + system) by then: steadier on a busy machine. */
export interface StoreStartup {
  readonly medianMs: number;
  readonly runsMs: number[];
  readonly medianCpuMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** One production start to /healthz 200: wall and CPU ms; the process is stopped afterwards. */
export async function timeStart(
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<{ ms: number; cpuMs: number }> {
  const port = await freePort();
  const t0 = performance.now();
  const { bot, stderr } = spawnBot(port, env, nodeArgs);
  try {
    await waitForHealth(`http://127.0.0.1:${port}`, bot, 120_000);
    return { ms: Math.round(performance.now() - t0), cpuMs: cpuMsOf(bot.pid!) };
  } catch (e) {
    throw new Error(`${(e as Error).message}\n${stderr()}`, { cause: e });
  } finally {
    await stopChild(bot);
  }
}

/** Pre-fills `size` decisions in both stores and times `rounds` starts of each, alternating. */
export async function measureStartup(
  size: number,
  rounds: number,
  postgresUrl: string,
  serviceUrl: string,
  nodeArgs: string[] = [],
): Promise<StartupResult> {
  const dir = mkdtempSync(join(os.tmpdir(), `dt-startup-${size}-`));
  const schema = `dt_startup_${randomBytes(5).toString('hex')}`;
  const pgUrl = `${postgresUrl}${postgresUrl.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;
  try {
    await prefill(size, loadProfile(), serviceUrl, { lowdbDir: dir, postgresUrl: pgUrl });
    const lowdb: { ms: number; cpuMs: number }[] = [];
    const postgres: { ms: number; cpuMs: number }[] = [];
    for (let i = 0; i < rounds; i++) {
      lowdb.push(await timeStart({ DATA_DIR: dir }, nodeArgs));
      postgres.push(await timeStart({ DATABASE_URL: pgUrl }, nodeArgs));
    }
    const figures = (runs: { ms: number; cpuMs: number }[]): StoreStartup => ({
      medianMs: median(runs.map((r) => r.ms)),
      runsMs: runs.map((r) => r.ms),
      medianCpuMs: median(runs.map((r) => r.cpuMs)),
    });
    return { size, lowdb: figures(lowdb), postgres: figures(postgres) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    const client = new Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => client.end());
  }
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const profArg = args.indexOf('--cpu-prof');
  const nodeArgs = profArg >= 0 ? ['--cpu-prof', `--cpu-prof-dir=${args[profArg + 1]}`] : [];
  const [size = 1_000, rounds = 5] = args
    .filter((a, i) => !a.startsWith('--') && (profArg < 0 || i !== profArg + 1))
    .map(Number);
  void (async () => {
    ensureBuilt();
    const pg = await givenOrEmbeddedPostgres(process.env.BENCH_DATABASE_URL, { durable: true });
    try {
      const result = await measureStartup(size, rounds, pg.url, 'http://127.0.0.1:9/', nodeArgs);
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } finally {
      await pg.stop();
    }
  })().catch((e: unknown) => {
    process.stderr.write(`${String((e as Error)?.stack ?? e)}\n`);
    process.exit(1);
  });
}

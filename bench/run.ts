/**
 * `npm run bench [-- --quick] [-- --seconds N]`: baselines (bare node:http, bare botbuilder echo
 * bot, and a botbuilder bot doing only a tick's Bot Framework I/O) and the product
 * (declaration.tick invokes, `show` messages) with registers of 1,000, 10,000 and 100,000
 * decisions (--quick: 1,000 and 10,000) on lowdb and on PostgreSQL, each target in its own
 * process, autocannon in another, the fake connector in a third; then the reminder fan-out
 * (fan-out.ts) on both stores. Writes bench/results/<time>.json,
 * bench/results/latest.json and bench/results/latest.md.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loadProfile } from '../app/profile-loader';
import type { LoadResult, LoadSpec, Scenario } from './load';
import { cardRender, largestCard, nudgeScan, reminderScan } from './micro';
import { runFanOut } from './fan-out';
import { prefill } from './prefill';
import { registerQueries } from './register-queries';
import { LowdbStore } from '../storage/lowdb-store';
import { PostgresStore } from '../storage/postgres-store';
import { ROOT, cpuMsOf, freePort, rssOf, runLoad, spawnBot, startTarget, stopChild, waitForHealth } from './processes';
import { renderMarkdown, type BenchResults, type StoreRun } from './report';
import { givenOrEmbeddedPostgres } from '../scripts/embedded-postgres';
import { ensureBuilt } from '../scripts/build-if-stale.cjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const secondsArg = args.indexOf('--seconds');
const SECONDS = secondsArg >= 0 ? Number(args[secondsArg + 1]) : 8;
const sizesArg = args.indexOf('--sizes');
/** `--sizes 100000` (comma-separated) measures only those registers. */
const SIZES =
  sizesArg >= 0
    ? String(args[sizesArg + 1])
        .split(',')
        .map(Number)
    : quick
      ? [1_000, 10_000]
      : [1_000, 10_000, 100_000];
const CONNECTIONS = 10;

const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

async function main(): Promise<void> {
  const started = Date.now();
  // Built now, so that no start-up measured below includes a build.
  ensureBuilt();
  const profile = loadProfile();
  // BENCH_DATABASE_URL, or a server of our own with PostgreSQL's default durability settings.
  const postgres = await givenOrEmbeddedPostgres(process.env.BENCH_DATABASE_URL, { durable: true });
  const connectorPort = await freePort();
  const connector = await startTarget('bench/fast-connector.ts', [String(connectorPort)]);
  const serviceUrl = `http://127.0.0.1:${connector.port}/`;
  /**
   * One load against the target process `pid`, with the CPU time that process spent per request (warm-up included in
   * both).
   */
  const load = async (
    url: string,
    pid: number,
    scenario: Scenario,
    size = 0,
    warmupRequests = 200,
    extra: Partial<LoadSpec> = {},
  ): Promise<LoadResult> => {
    const cpuBefore = cpuMsOf(pid);
    const result = await runLoad({
      url,
      scenario,
      serviceUrl,
      size,
      seconds: SECONDS,
      connections: CONNECTIONS,
      warmupRequests,
      ...extra,
    } satisfies LoadSpec);
    return {
      ...result,
      cpuMsPerRequest: Math.round(((cpuMsOf(pid) - cpuBefore) / (result.requests + warmupRequests)) * 100) / 100,
    };
  };

  try {
    log('baseline: bare node:http');
    const http = await startTarget('bench/targets/bare-http.ts');
    const raw = await load(`http://127.0.0.1:${http.port}`, http.child.pid!, 'raw');
    await http.stop();
    log('baseline: bare botbuilder CloudAdapter echo bot');
    const echoBot = await startTarget('bench/targets/echo-bot.ts');
    const echo = await load(`http://127.0.0.1:${echoBot.port}`, echoBot.child.pid!, 'echo');
    await echoBot.stop();
    log("baseline: botbuilder card bot (a tick's Bot Framework I/O only)");
    const measureCardBot = async () => {
      const cardBot = await startTarget('bench/targets/card-bot.ts');
      try {
        // Tick-shaped invokes; the register size only names the decisions, which this bot ignores.
        return await load(`http://127.0.0.1:${cardBot.port}`, cardBot.child.pid!, 'tick', 100_000);
      } finally {
        await cardBot.stop();
      }
    };
    const cardOnly = await measureCardBot();
    log(`http ${raw.reqPerSec} req/s, echo ${echo.reqPerSec} req/s, card bot ${cardOnly.reqPerSec} req/s`);

    const runs: StoredRunWithoutRatio[] = [];
    for (const size of SIZES) {
      const dir = mkdtempSync(join(os.tmpdir(), `dt-bench-${size}-`));
      const schema = `dt_bench_${randomBytes(5).toString('hex')}`;
      const pgUrl = `${postgres.url}${postgres.url.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;
      try {
        log(`pre-filling ${size.toLocaleString('en-GB')} decisions (lowdb files and PostgreSQL rows)`);
        const filled = await prefill(size, profile, serviceUrl, { lowdbDir: dir, postgresUrl: pgUrl });
        log(`pre-filled in ${(filled.ms / 1000).toFixed(1)} s`);
        for (const store of ['lowdb', 'postgres'] as const) {
          // The card bot again just before each store's run: the machine is shared, so a ratio of two
          // measurements minutes apart says more about the machine than about the bot.
          const cardNow = await measureCardBot();
          runs.push(
            await benchStore(
              store,
              size,
              store === 'lowdb' ? { DATA_DIR: dir } : { DATABASE_URL: pgUrl },
              load,
              filled.ms,
              cardNow,
            ),
          );
          // The register's pages and the outlook's data, timed in-process on the same register (bot stopped).
          log(`${store} ${size}: register and outlook queries`);
          const opened =
            store === 'lowdb' ? new LowdbStore(dir) : new PostgresStore({ connectionString: pgUrl, poolSize: 4 });
          await opened.open();
          try {
            runs[runs.length - 1] = { ...runs.at(-1)!, register: await registerQueries(opened, profile) };
          } finally {
            await opened.close();
          }
          const last = runs.at(-1)!;
          log(
            `${store} ${size}: start ${last.startupMs} ms, RSS ${last.rssAtStartMb} / ${last.peakRssMb} MB, tick ${last.tick.reqPerSec} req/s p99 ${last.tick.p99} ms, show ${last.show.reqPerSec} req/s p99 ${last.show.p99} ms, register p50/p99 ${last.register?.firstPage.p50}/${last.register?.firstPage.p99} ms, filtered ${last.register?.filtered.p50}/${last.register?.filtered.p99} ms, outlook ${last.register?.outlook.p50}/${last.register?.outlook.p99} ms`,
          );
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
        await dropSchema(postgres.url, schema);
      }
    }

    log('reminder scan over 100,000 funding lines; largest card');
    const scan = reminderScan(profile);
    log('nudge scan over 10,000 overdue pending decisions');
    const nudges = await nudgeScan(profile);
    const card = largestCard(profile);
    const render = cardRender(profile);
    log("reminder fan-out: 1,000 people and their channels, 5% of sends answered 429, under Teams' limits");
    const fanOut = [await runFanOut(1000, 50, null), await runFanOut(1000, 50, postgres.url)];
    for (const f of fanOut) log(`fan-out ${f.store}: ${f.seconds} s of ${f.allowedSeconds} s allowed, ${f.lost} lost`);
    const results: BenchResults = {
      at: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? '',
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
      },
      settings: { seconds: SECONDS, connections: CONNECTIONS, sizes: SIZES, quick },
      baselines: { http: raw, echo, card: cardOnly },
      runs: runs.map(({ cardNow, ...r }) => ({
        ...r,
        tickToEcho: Math.round((r.tick.reqPerSec / echo.reqPerSec) * 100) / 100,
        tickToCardBot: Math.round((r.tick.reqPerSec / cardNow.reqPerSec) * 100) / 100,
        echoCpuToTickCpu:
          r.tick.cpuMsPerRequest && echo.cpuMsPerRequest
            ? Math.round((echo.cpuMsPerRequest / r.tick.cpuMsPerRequest) * 100) / 100
            : null,
        tickCpuToCardBot:
          r.tick.cpuMsPerRequest && cardNow.cpuMsPerRequest
            ? Math.round((r.tick.cpuMsPerRequest / cardNow.cpuMsPerRequest) * 100) / 100
            : null,
        baselines: {
          http: pick(raw),
          echo: pick(echo),
          card: { ...pick(cardNow), cpuMsPerRequest: cardNow.cpuMsPerRequest },
        },
      })),
      reminderScan: scan,
      nudgeScan: nudges,
      largestCard: card,
      cardRender: render,
      fanOut,
      totalSeconds: 0,
    };
    results.totalSeconds = Math.round((Date.now() - started) / 1000);
    const outDir = join(ROOT, 'bench/results');
    mkdirSync(outDir, { recursive: true });
    const json = JSON.stringify(results, null, 2) + '\n';
    writeFileSync(join(outDir, `${results.at.replace(/[:.]/g, '-')}.json`), json);
    writeFileSync(join(outDir, 'latest.json'), json);
    // What was fixed when a target was missed (before → after), kept by hand in bench/fixes.md.
    const markdown = `${renderMarkdown(results)}\n${readFileSync(join(ROOT, 'bench/fixes.md'), 'utf8')}`;
    writeFileSync(join(outDir, 'latest.md'), markdown);
    process.stdout.write(markdown);
  } finally {
    await connector.stop();
    await postgres.stop();
  }
}

async function benchStore(
  store: 'lowdb' | 'postgres',
  size: number,
  env: Record<string, string>,
  load: (
    url: string,
    pid: number,
    scenario: Scenario,
    size?: number,
    warmup?: number,
    extra?: Partial<LoadSpec>,
  ) => Promise<LoadResult>,
  prefillMs: number,
  cardNow: LoadResult,
): Promise<StoredRunWithoutRatio> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const { bot, stderr } = spawnBot(port, env);
  try {
    await waitForHealth(url, bot, 300_000);
    const startupMs = Math.round(performance.now() - t0);
    const atStart = rssOf(bot.pid!);
    const reviewSupply = Math.ceil(size / 10) * 8;
    // What a person feels: clicks one at a time (no queueing), each on its own decision, and each
    // click's shared card update timed at the connector. The tick load below starts after them.
    const clicks = Math.min(300, Math.ceil(size / 10));
    const click = await load(url, bot.pid!, 'tick', size, 20, {
      connections: 1,
      seconds: Math.min(SECONDS, 5),
      maxRequests: clicks,
      cardLag: true,
    });
    const tick = await load(url, bot.pid!, 'tick', size, Math.min(200, Math.floor(reviewSupply / 10)), {
      offset: 20 + click.requests,
    });
    const show = await load(url, bot.pid!, 'show', size);
    const after = rssOf(bot.pid!);
    return {
      store,
      size,
      prefillMs: Math.round(prefillMs),
      startupMs,
      rssAtStartMb: atStart.rssMb,
      peakRssMb: after.peakRssMb,
      tick,
      show,
      clickLatency: { p50: click.p50, p99: click.p99, requests: click.requests },
      cardLag: click.cardLag ?? null,
      cardNow,
    };
  } catch (e) {
    throw new Error(`${store} at ${size}: ${(e as Error).message}\n${stderr()}`, { cause: e });
  } finally {
    await stopChild(bot);
  }
}

/** A store's run before its ratios, with the card bot measured just before it. */
type StoredRunWithoutRatio = Omit<
  StoreRun,
  'tickToEcho' | 'tickToCardBot' | 'echoCpuToTickCpu' | 'tickCpuToCardBot' | 'baselines'
> & { readonly cardNow: LoadResult };

const pick = (r: LoadResult) => ({ reqPerSec: r.reqPerSec, p50: r.p50, p99: r.p99 });

async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

main().catch((e: unknown) => {
  log(String((e as Error)?.stack ?? e));
  process.exit(1);
});

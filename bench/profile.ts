/**
 * Profiles the bot under one load: pre-fills a lowdb register, starts the bot (the compiled build
 * unbundled, dist/app/index.js, so the profile names modules) with --cpu-prof,
 * runs the load, stops the bot and prints the functions that took the most CPU (self and
 * inclusive). How the hot spots in bench/results/latest.md were found.
 * Usage: node -r @swc-node/register bench/profile.ts [size=10000] [tick|show] [seconds=5] [--no-prof] [--postgres]
 * (--no-prof: the same load without the profiler, to measure a change quickly; --postgres: the
 * PostgreSQL store at BENCH_DATABASE_URL or on an embedded server started for the run, in a schema of its own.)
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loadProfile } from '../app/profile-loader';
import type { Scenario } from './load';
import { prefill } from './prefill';
import { director } from './register';
import { ROOT, cpuMsOf, freePort, runLoad, startTarget, stopChild, waitForHealth } from './processes';
import { givenOrEmbeddedPostgres } from '../scripts/embedded-postgres';
import { compiled, ensureBuilt } from '../scripts/build-if-stale.cjs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** Calls `visit` with each sample's stack (leaf first) and duration in ms, leaving out the first `skipMs`. */
function eachSample(file: string, skipMs: number, visit: (stack: readonly ProfileNode[], ms: number) => void): void {
  const p = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  let elapsed = 0;
  p.samples.forEach((id, i) => {
    const ms = (p.timeDeltas[i] ?? 0) / 1000;
    elapsed += ms;
    if (elapsed < skipMs) return;
    const stack: ProfileNode[] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) stack.push(byId.get(cur)!);
    visit(stack, ms);
  });
}

/** Self and inclusive milliseconds per function, from a .cpuprofile. */
export function hotSpots(file: string, top = 25, skipMs = 0): string {
  const name = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url
      .replace(/.*node_modules\//, '')
      .replace(`file://${ROOT}/`, '')
      .replace(`${ROOT}/`, '')}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  eachSample(file, skipMs, (stack, ms) => {
    const leaf = name(stack[0]!);
    self.set(leaf, (self.get(leaf) ?? 0) + ms);
    for (const key of new Set(stack.map(name))) inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
  });
  const list = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, ms]) => `${ms.toFixed(0).padStart(7)} ms  ${k}`);
  return [
    'self:',
    ...list(self),
    '',
    'inclusive (own code and libraries):',
    ...list(new Map([...inclusive].filter(([k]) => !k.includes('node:internal')))),
  ].join('\n');
}

/** Where the CPU went, by layer: each sample goes to the first layer (in this order) found on its stack. */
const LAYERS: readonly (readonly [string, (url: string, fn: string) => boolean])[] = [
  ['garbage collection', (_u, fn) => fn === '(garbage collector)'],
  ['idle', (_u, fn) => fn === '(idle)'],
  ['card rendering (cards/, adaptivecards-templating)', (u) => u.includes('/cards/')],
  ['shared card update (card publisher, connector PUT)', (u) => u.includes('/bot/card-publisher')],
  [
    'store (storage/, lowdb, pg)',
    (u) => u.includes('/storage/') || /node_modules\/(lowdb|steno|pg|pg-protocol)\//.test(u),
  ],
  ['domain (domain/)', (u) => u.includes('/domain/')],
  ['scheduler (scheduler/)', (u) => u.includes('/scheduler/')],
  ['bot turn (bot/, teams-ai)', (u) => u.includes('/bot/') || u.includes('@microsoft/teams-ai')],
  ['botbuilder (adapter, connector client)', (u) => /node_modules\/(botbuilder|botframework|@azure|@typespec)/.test(u)],
  [
    'HTTP (restify, node:http, sockets)',
    (u) => u.includes('restify') || /node:(_http|net|internal\/stream)/.test(u) || u.includes('/app/server'),
  ],
];

export function breakdown(file: string, skipMs: number, requests: number): string {
  const totals = new Map<string, number>();
  eachSample(file, skipMs, (stack, ms) => {
    const layer =
      LAYERS.find(([, test]) => stack.some((n) => test(n.callFrame.url, n.callFrame.functionName)))?.[0] ??
      'other (Node internals, microtasks)';
    totals.set(layer, (totals.get(layer) ?? 0) + ms);
  });
  const busy = [...totals].filter(([k]) => k !== 'idle').reduce((sum, [, ms]) => sum + ms, 0);
  return [
    `by layer (${requests} requests; ms per request on the main thread, profiler overhead included):`,
    ...[...totals]
      .sort((a, b) => b[1] - a[1])
      .map(
        ([k, ms]) =>
          `${(ms / requests).toFixed(2).padStart(7)} ms  ${k === 'idle' ? '' : `${((ms / busy) * 100).toFixed(0).padStart(3)}%  `}${k}`,
      ),
  ].join('\n');
}

async function main(): Promise<void> {
  ensureBuilt();
  const size = Number(process.argv[2] ?? 10_000);
  const scenario = (process.argv[3] ?? 'tick') as Scenario;
  const seconds = Number(process.argv[4] ?? 5);
  const profiled = !process.argv.includes('--no-prof');
  // --postgres: BENCH_DATABASE_URL, or a server of our own with PostgreSQL's default durability settings.
  const postgres = process.argv.includes('--postgres')
    ? await givenOrEmbeddedPostgres(process.env.BENCH_DATABASE_URL, { durable: true })
    : null;
  const pgBase = postgres?.url ?? null;
  const schema = `dt_profile_${randomBytes(5).toString('hex')}`;
  const pgUrl = pgBase && `${pgBase}${pgBase.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;
  const profile = loadProfile();
  const connector = await startTarget('bench/fast-connector.ts', [String(await freePort())]);
  const serviceUrl = `http://127.0.0.1:${connector.port}/`;
  const dir = mkdtempSync(join(os.tmpdir(), 'dt-profile-'));
  const profDir = mkdtempSync(join(os.tmpdir(), 'dt-cpuprof-'));
  try {
    await prefill(
      size,
      profile,
      serviceUrl,
      pgUrl ? { lowdbDir: null, postgresUrl: pgUrl } : { lowdbDir: dir, postgresUrl: null },
    );
    const port = await freePort();
    const spawnedAt = Date.now();
    const bot = spawn(
      process.execPath,
      [
        ...(profiled ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []),
        ...(process.env.BOT_NODE_FLAGS ?? '').split(' ').filter(Boolean),
        // tsc's output rather than npm start's bundle, so each hot spot is named by its module and layer.
        compiled,
      ],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          PORT: String(port),
          LOG_LEVEL: 'error',
          ADMINS: director.aadObjectId,
          DATA_DIR: dir,
          ...(pgUrl ? { DATABASE_URL: pgUrl } : {}),
        },
        stdio: 'ignore',
      },
    );
    await waitForHealth(`http://127.0.0.1:${port}`, bot, 300_000);
    // Start-up (module loading, the first scheduler pass) is left out: only the load is profiled.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const skipMs = Date.now() - spawnedAt;
    const cpuBefore = cpuMsOf(bot.pid!);
    const result = await runLoad({
      url: `http://127.0.0.1:${port}`,
      scenario,
      serviceUrl,
      size,
      seconds,
      connections: 10,
      warmupRequests: 50,
    });
    const cpuMsPerRequest = (cpuMsOf(bot.pid!) - cpuBefore) / (result.requests + 50);
    await stopChild(bot, 'SIGINT');
    const connectorGot = (await (await fetch(`${serviceUrl}stats`)).json()) as Record<string, number>;
    process.stdout.write(
      `${JSON.stringify({ ...result, connectorGot, botCpuMsPerRequest: Math.round(cpuMsPerRequest * 100) / 100 })}\n`,
    );
    if (profiled) {
      const file = join(profDir, readdirSync(profDir)[0]!);
      process.stdout.write(
        `\n${breakdown(file, skipMs, result.requests + 50)}\n\n${hotSpots(file, Number(process.env.TOP ?? 40), skipMs)}\n`,
      );
    }
  } finally {
    await connector.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(profDir, { recursive: true, force: true });
    if (postgres) {
      const client = new Client({ connectionString: postgres.url });
      try {
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => client.end());
      } finally {
        await postgres.stop();
      }
    }
  }
}

if (require.main === module) void main();

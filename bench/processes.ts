/** Child processes of the benchmark: targets that print `{"ready":port}`, the load process, free ports, RSS. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadResult, LoadSpec } from './load';
import { freePort } from '../scripts/playground/processes';
import { director } from './register';
import { startNodeArgs } from '../scripts/start-args.cjs';

export const ROOT = join(__dirname, '..');
const NODE_ARGS = ['-r', '@swc-node/register'];

export { freePort };

export interface Target {
  readonly child: ChildProcess;
  readonly port: number;
  stop(): Promise<void>;
}

/** Starts `node -r @swc-node/register <script>` and waits for its `{"ready":port}` line. */
export async function startTarget(
  script: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Target> {
  const child = spawn(process.execPath, [...NODE_ARGS, join(ROOT, script), ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = /\{"ready":(\d+)\}/.exec(out);
      if (m) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`${script} exited with ${code} before it was ready: ${stderr.slice(-2000)}`)),
    );
  });
  return { child, port, stop: () => stopChild(child) };
}

export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill(signal);
  });
}

/** Runs the load process (autocannon) against a target and returns its result. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_ARGS, join(ROOT, 'bench/load.ts'), JSON.stringify(spec)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as LoadResult);
      else reject(new Error(`load (${spec.scenario}) exited with ${code}: ${err.slice(-2000)}`));
    });
  });
}

/** Resident set size of a process in MB (Linux /proc), current and peak. */
export function rssOf(pid: number): { rssMb: number; peakRssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb('VmRSS') / 102.4) / 10, peakRssMb: Math.round(kb('VmHWM') / 102.4) / 10 };
}

/**
 * The bot as `npm start` runs it (compiled, with its Node options, no app id) on `port`; `stderr()`: the last 4,000
 * characters it wrote.
 */
export function spawnBot(
  port: number,
  env: Readonly<Record<string, string>>,
  nodeArgs: readonly string[] = [],
): { readonly bot: ChildProcess; stderr(): string } {
  const bot = spawn(process.execPath, [...startNodeArgs(), ...nodeArgs, join(ROOT, 'scripts/start.cjs')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ADMINS: director.aadObjectId,
      MicrosoftAppId: '',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  bot.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  return { bot, stderr: () => stderr };
}

export async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode} while starting`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`the bot did not answer /healthz within ${timeoutMs} ms`);
}

/**
 * CPU time (user + system, ms) a process has used so far, from /proc: per-request cost that other load on the machine
 * hardly changes.
 */
export function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  // After the command name: state is field 3, utime 14 and stime 15 (1-based, proc(5)).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

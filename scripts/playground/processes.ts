/**
 * Starting and stopping the two servers of a Playground session, each in its own process group
 * so that stopping one ends everything it started: the bot (`node scripts/start.cjs`, the compiled
 * build, as `npm start` runs it) and Microsoft 365 Agents Playground pointed at it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { ensureBuilt } from '../build-if-stale.cjs';
import { repoRoot } from '../repo-root';
import { startNodeArgs } from '../start-args.cjs';

export { repoRoot };

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Started {
  readonly name: string;
  readonly child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  readonly exited: Promise<number | string>;
  /** SIGTERM to the whole process group, SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<Started>();

// Last resort (an uncaught error, a test runner killed mid-run): no process group outlives us.
process.once('exit', () => {
  for (const started of live) killGroup(started.child, 'SIGKILL');
});

/** Signals every process in the child's group; the group can outlive its leader (its own children). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/**
 * Spawns a command as the leader of a new process group, collecting its output (and copying
 * each line to `onLine`, and to `logFile` when given).
 */
export function startProcess(options: {
  name: string;
  command: string;
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  logFile?: string;
  onLine?: (line: string) => void;
}): Started {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  const file = options.logFile ? fs.createWriteStream(options.logFile, { flags: 'a' }) : null;
  let partial = '';
  const collect = (data: Buffer) => {
    const text = data.toString('utf8');
    chunks.push(text);
    file?.write(text);
    if (!options.onLine) return;
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) options.onLine(line);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | string>((resolve) => {
    child.once('error', (e) => {
      chunks.push(`\n[${options.name}] could not start: ${e.message}\n`);
      resolve('error');
    });
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  }).then((result) => {
    live.delete(started);
    if (partial && options.onLine) options.onLine(partial);
    file?.end();
    return result;
  });
  const started: Started = {
    name: options.name,
    child,
    output: () => chunks.join(''),
    exited,
    async stop(graceMs = 5000) {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // Whatever the leader left behind in its group.
      killGroup(child, 'SIGKILL');
    },
  };
  live.add(started);
  return started;
}

/** Polls `check` every 100 ms until it returns a value, the process exits, or time runs out. */
export async function waitFor<T>(
  what: string,
  started: Started,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let exitedWith: number | string | undefined;
  void started.exited.then((code) => (exitedWith = code));
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (exitedWith !== undefined)
      throw new Error(`${started.name} exited (${exitedWith}) before ${what}:\n${started.output().slice(-4000)}`);
    if (Date.now() > deadline)
      throw new Error(`${started.name}: no ${what} within ${timeoutMs} ms:\n${started.output().slice(-4000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface BotProcess extends Started {
  readonly port: number;
  /** The messaging endpoint, http://127.0.0.1:<port>/api/messages. */
  readonly endpoint: string;
}

/** Starts the bot without authentication on `port` and waits until /healthz answers 200. */
export async function startBotProcess(options: {
  port: number;
  /** The entry point, relative to the repository (scripts/start.cjs, what `npm start` runs, by default). */
  entry?: string;
  dataDir: string;
  admins: readonly string[];
  logFile?: string;
  onLine?: (line: string) => void;
  timeoutMs?: number;
}): Promise<BotProcess> {
  fs.mkdirSync(options.dataDir, { recursive: true });
  // Built before the clock of the health wait starts (a first build takes a while).
  if (!options.entry) ensureBuilt();
  const started = startProcess({
    name: 'bot',
    command: process.execPath,
    args: options.entry ? [options.entry] : [...startNodeArgs(), 'scripts/start.cjs'],
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(options.port),
      DATA_DIR: options.dataDir,
      ADMINS: options.admins.join(','),
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      DATABASE_URL: '',
      ALLOWED_TENANTS: '',
    },
    logFile: options.logFile,
    onLine: options.onLine,
  });
  const base = `http://127.0.0.1:${options.port}`;
  try {
    await waitFor('a healthy /healthz', started, options.timeoutMs ?? 30_000, async () =>
      (await fetch(`${base}/healthz`)).ok ? true : undefined,
    );
  } catch (e) {
    await started.stop();
    throw e;
  }
  return { ...started, port: options.port, endpoint: `${base}/api/messages` };
}

export interface PlaygroundProcess extends Started {
  /** The port it really listens on (it silently picks another when the one asked for is taken). */
  readonly port: number;
  /** The UI, http://127.0.0.1:<port>/. */
  readonly url: string;
}

export const playgroundCli = (): string => require.resolve('@microsoft/m365agentsplayground/cli.js');

/**
 * Starts Microsoft 365 Agents Playground (no browser, no statsbeat, no telemetry) for the bot at
 * `endpoint` with the configuration at `configPath`. Its working directory is `cwd` and its own
 * log goes to `logFile`, so nothing lands in the repository.
 */
export async function startPlaygroundProcess(options: {
  endpoint: string;
  port: number;
  configPath: string;
  cwd: string;
  logFile: string;
  onLine?: (line: string) => void;
  timeoutMs?: number;
}): Promise<PlaygroundProcess> {
  // A missing config file would silently give the built-in users, whose ids hold no roles.
  if (!fs.existsSync(options.configPath))
    throw new Error(`The Playground configuration ${options.configPath} does not exist.`);
  fs.mkdirSync(options.cwd, { recursive: true });
  let listening: number | undefined;
  const started = startProcess({
    name: 'playground',
    command: process.execPath,
    args: [playgroundCli(), '-e', options.endpoint, '-c', 'msteams', '-p', String(options.port), '--disable-telemetry'],
    cwd: options.cwd,
    env: {
      ...process.env,
      TEAMSAPPTESTER_BROWSER: 'none',
      APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: options.configPath,
      M365_AGENTS_PLAYGROUND_LOGFILE: options.logFile,
    },
    onLine: (line) => {
      const match = /Listening on (\d+)/.exec(line);
      if (match) listening = Number(match[1]);
      options.onLine?.(line);
    },
  });
  const logTail = () =>
    fs.existsSync(options.logFile) ? fs.readFileSync(options.logFile, 'utf8').slice(-3000) : '(no log file)';
  try {
    const port = await waitFor('"Listening on <port>"', started, options.timeoutMs ?? 30_000, async () => listening);
    // Bad YAML: it prints "Listening on", then exits 1 with the reason only in its log file.
    await waitFor('an answer to /_debug/ping', started, 10_000, async () =>
      (await fetch(`http://127.0.0.1:${port}/_debug/ping`)).ok ? true : undefined,
    );
    return { ...started, port, url: `http://127.0.0.1:${port}/` };
  } catch (e) {
    await started.stop();
    throw new Error(`${(e as Error).message}\nPlayground log (${options.logFile}):\n${logTail()}`, { cause: e });
  }
}

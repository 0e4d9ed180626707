/**
 * The bot as a real process, as `npm start` runs it (`node scripts/start.cjs`: the compiled build in dist/):
 * for tests that kill it (SIGKILL), run two replicas, or read what it logs. What it logs at error
 * level fails the test unless the test expects it (turn-failures.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../scripts/playground/processes';
import { postActivity } from './teams-activities';
import { startNodeArgs } from '../../scripts/start-args.cjs';
import { recordLoggedError } from './turn-failures';

const ROOT = path.join(__dirname, '..', '..');

export interface BotProcess {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  post(activity: object, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

export { freePort };

/** Starts the bot with `env` (PORT is chosen) and waits until /healthz answers 200. */
export async function startBotProcess(
  env: Record<string, string>,
  options: { timeoutMs?: number } = {},
): Promise<BotProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...startNodeArgs(), path.join(ROOT, 'scripts/start.cjs')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      LOG_LEVEL: 'info',
      MicrosoftAppId: '',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  recordErrorLines(child, `the bot process on port ${port}`);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const until = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the bot exited (${child.exitCode ?? child.signalCode}) while starting:\n${output.slice(-3000)}`);
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(
        `the bot did not become healthy within ${options.timeoutMs ?? 30_000} ms:\n${output.slice(-3000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 25));
  }

  return {
    url,
    port,
    child,
    output: () => output,
    post: (activity, headers = {}) => postActivity(url, activity, headers),
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Passes each JSON log line the process writes at error level (on stderr) to the turn-failure check. */
function recordErrorLines(child: ChildProcess, source: string): void {
  let partial = '';
  child.stderr!.on('data', (c: Buffer) => {
    const lines = (partial + c.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      try {
        const {
          message,
          level,
          time: _time,
          ...fields
        } = JSON.parse(line) as { message?: unknown; level?: unknown; time?: unknown } & Record<string, unknown>;
        if (level === 'error') recordLoggedError({ source, message: String(message), fields });
      } catch {
        /* not one of our log lines */
      }
    }
  });
}

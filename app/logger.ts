/**
 * A small structured logger: one JSON line per event on stdout (warnings and errors on stderr).
 * Secrets never reach it: callers log ids and codes, not tokens or passwords.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

import type { Logger } from '../domain/logger';

export type { Logger };

export function createLogger(
  level: LogLevel = 'info',
  write: (level: LogLevel, line: string) => void = defaultWrite,
): Logger {
  const log =
    (at: Exclude<LogLevel, 'silent'>) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      if (order[at] < order[level]) return;
      write(at, JSON.stringify({ time: new Date().toISOString(), level: at, message, ...fields }));
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

function defaultWrite(level: LogLevel, line: string): void {
  if (level === 'warn' || level === 'error') process.stderr.write(line + '\n');
  else process.stdout.write(line + '\n');
}

export const silentLogger: Logger = createLogger('silent');

/**
 * How the entry points stop on a startup error: one line on stderr and exit code 1, no stack
 * trace. An OperatorError (e.g. a ConfigError, which names the variable) prints its message
 * as is; any other error prints "Decision Tracker could not start: <message>", with the stack
 * only when LOG_LEVEL=debug.
 */
import fs from 'node:fs';
import { OperatorError, oneLine } from './config-error';

export interface FailFastIo {
  writeError(line: string): void;
  exit(code: number): never;
}

const processIo: FailFastIo = {
  // Synchronous, so the line is out before the process exits.
  writeError: (line) => fs.writeSync(2, line),
  exit: (code) => process.exit(code),
};

/** The single line printed for a startup error. */
export function startupErrorLine(error: unknown): string {
  if (error instanceof OperatorError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `Decision Tracker could not start: ${oneLine(message) || 'unknown error'}`;
}

/** Prints the error as one line and exits 1. */
export function failFast(error: unknown, io: FailFastIo = processIo): never {
  io.writeError(`${startupErrorLine(error)}\n`);
  if (!(error instanceof OperatorError) && error instanceof Error && process.env.LOG_LEVEL === 'debug' && error.stack)
    io.writeError(`${error.stack}\n`);
  return io.exit(1);
}

/** Runs an entry point's main; any error thrown (or rejected) ends the process through failFast. */
export async function runOrFail<T>(main: () => T | Promise<T>, io: FailFastIo = processIo): Promise<T> {
  try {
    return await main();
  } catch (error) {
    return failFast(error, io);
  }
}

/**
 * The logging port: structured messages with fields. The JSON-lines implementation is the
 * process's (app/logger.ts); every layer that logs is handed one. Nothing here does I/O.
 */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

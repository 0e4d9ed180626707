/**
 * Connector errors as the scheduler's SendFailure kinds: 429 throttled (with its Retry-After),
 * 412, 408, 5xx and network errors transient, 403 and 404 gone (not retried), anything else
 * rejected. Teams' own reason (the error body's message) is kept in the failure's message.
 */
import { SendFailure } from '../scheduler/message-sender';

interface ConnectorError {
  readonly statusCode?: number;
  readonly message?: string;
  readonly code?: string;
  readonly response?: { readonly headers?: { get?(name: string): string | undefined } | Record<string, string> };
}

function header(e: ConnectorError, name: string): string | undefined {
  const headers = e.response?.headers;
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function')
    return (headers as { get(n: string): string | undefined }).get(name) ?? undefined;
  const record = headers as Record<string, string>;
  return record[name] ?? record[name.toLowerCase()];
}

const FAILED_WHILE = {
  create: 'creating the personal chat',
  send: 'sending',
  delete: 'deleting',
  lookup: "looking the person up in the decision's conversation",
} as const;

export const statusOf = (e: unknown): number | null => {
  const status = (e as ConnectorError | null)?.statusCode;
  return typeof status === 'number' ? status : null;
};

export function toSendFailure(e: unknown, what: keyof typeof FAILED_WHILE): SendFailure {
  if (e instanceof SendFailure) return e;
  const error = (e ?? {}) as ConnectorError;
  const status = statusOf(e);
  const detail = `${FAILED_WHILE[what]} failed${status === null ? '' : ` with HTTP ${status}`}: ${error.message ?? String(e)}`;
  if (status === 429) return new SendFailure('throttled', detail, status, header(error, 'retry-after') ?? null);
  if (status === 403 || status === 404) return new SendFailure('gone', detail, status);
  if (status === null || status === 408 || status === 412 || status >= 500)
    return new SendFailure('transient', detail, status);
  return new SendFailure('rejected', detail, status);
}

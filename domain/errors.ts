/**
 * The one error type of the product. Every refusal carries a code (for tests and logs) and a
 * message written for the person in the chat: what was wrong and what to do instead.
 */
export const ErrorCode = {
  InvalidInput: 'INVALID_INPUT',
  NotFound: 'NOT_FOUND',
  DuplicateRef: 'DUPLICATE_REF',
  NotRoleHolder: 'NOT_ROLE_HOLDER',
  NotAdmin: 'NOT_ADMIN',
  /** The person may not change (or see) this decision: only its drafter, the profile's roles for it and admins may. */
  NotAllowed: 'NOT_ALLOWED',
  WrongState: 'WRONG_STATE',
  OutOfOrder: 'OUT_OF_ORDER',
  StaleVersion: 'STALE_VERSION',
  Immutable: 'IMMUTABLE',
  Incomplete: 'INCOMPLETE',
  StoreLocked: 'STORE_LOCKED',
  StoreClosed: 'STORE_CLOSED',
  Config: 'CONFIG',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;

export function fail(code: ErrorCode, message: string, details?: Record<string, unknown>): never {
  throw new DomainError(code, message, details);
}

/** Either the value or the coded error: what every workflow operation returns. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: DomainError };
export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = <T = never>(code: ErrorCode, message: string, details?: Record<string, unknown>): Result<T> => ({
  ok: false,
  error: new DomainError(code, message, details),
});

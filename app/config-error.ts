/** An error whose message is written for the operator: printed as is, one line, no stack trace. */
export class OperatorError extends Error {
  override readonly name: string = 'OperatorError';

  constructor(message: string) {
    super(oneLine(message));
  }
}

/**
 * A configuration mistake the operator must fix: a bad environment variable or governance
 * profile. Its message is one line naming what is wrong and what is allowed, printed as is at
 * start (app/fail-fast.ts), never with a stack trace.
 */
export class ConfigError extends OperatorError {
  override readonly name: string = 'ConfigError';

  constructor(
    /** The environment variable at fault, e.g. "PORT" or "GOVERNANCE_PROFILE". */
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

/** Collapses line breaks so that a message always prints as a single line. */
export const oneLine = (text: string): string => text.replace(/\s*[\r\n]+\s*/g, ' ').trim();

/** A value quoted for an error message: JSON-escaped (so it stays one line) and shortened. */
export const quote = (value: string, max = 80): string => {
  const shown = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(shown);
};

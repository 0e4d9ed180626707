/**
 * Turns that fail fail the test. The servers and bot processes tests start log to a recording
 * logger; a jest setup file (test/support/fail-on-turn-failures.ts) checks after every test
 * that nothing was logged at error level, unless the test said it expects it:
 *
 *   expectTurnFailure(/deliberate/);   // this test makes a turn throw on purpose
 *
 * A turn that throws is still answered 200 (the user gets "something went wrong"), so without
 * this check a broken handler passes every HTTP-level test.
 */
import { createLogger, type Logger } from '../../app/logger';

export interface LoggedError {
  /** Which server or process logged it. */
  readonly source: string;
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

const logged: LoggedError[] = [];
const expected: { reason: string | RegExp; seen: boolean }[] = [];

/** A logged stack, cut to its first lines: enough to find the cause in a test report. */
const brief = (fields: Record<string, unknown>) =>
  JSON.stringify(fields, (_key, value: unknown) =>
    typeof value === 'string' && value.includes('\n    at ') ? value.split('\n').slice(0, 4).join('\n') : value,
  );

const textOf = (e: LoggedError) => `${e.message} ${JSON.stringify(e.fields)}`;
const matches = (reason: string | RegExp, e: LoggedError) =>
  typeof reason === 'string' ? textOf(e).includes(reason) : reason.test(textOf(e));

export function recordLoggedError(error: LoggedError): void {
  logged.push(error);
}

/** A logger that keeps error-level entries for the check and drops the rest. */
export function recordingLogger(source = 'test server'): Logger {
  return createLogger('error', (_level, line) => {
    const {
      message,
      level: _at,
      time: _time,
      ...fields
    } = JSON.parse(line) as { message: string; level: string; time: string } & Record<string, unknown>;
    recordLoggedError({ source, message, fields });
  });
}

/**
 * Declares that the current test makes a turn fail on purpose: logged errors whose message or
 * fields contain `reason` (or match it) are allowed, and at least one must happen.
 */
export function expectTurnFailure(reason: string | RegExp): void {
  expected.push({ reason, seen: false });
}

/**
 * Takes what was logged since the last check, and the expectations declared since then: throws
 * if an error was not expected or an expected failure did not happen. Both lists start afresh.
 */
export function checkTurnFailures(when = 'during this test'): void {
  const errors = logged.splice(0);
  const wanted = expected.splice(0);
  const unexpected = errors.filter((e) => {
    const allowed = wanted.filter((w) => matches(w.reason, e));
    for (const w of allowed) w.seen = true;
    return allowed.length === 0;
  });
  const unmet = wanted.filter((w) => !w.seen);
  const problems = [
    ...unexpected.map((e) => `${e.source} logged an error ${when}: ${e.message} ${brief(e.fields)}`),
    ...unmet.map((w) => `a turn failure matching ${String(w.reason)} was expected ${when} and did not happen`),
  ];
  if (problems.length > 0)
    throw new Error(
      `${problems.join('\n')}\n(a test that makes a turn fail on purpose says so with expectTurnFailure(reason) from test/support/turn-failures)`,
    );
}

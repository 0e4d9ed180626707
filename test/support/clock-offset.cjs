/**
 * Moves this process's clock by TEST_CLOCK_OFFSET_DAYS days (like libfaketime): `new Date()` and
 * `Date.now()` read the real time plus the offset; dates built from a value are untouched. jest loads
 * it into every test file (`setupFiles`), and jest.config.js puts it in NODE_OPTIONS so that jest's
 * workers and the bots, replicas and crash writers the tests spawn share the moved clock. Unset or 0,
 * it changes nothing.
 *
 * It proves that no test depends on today's date: a component that reads the machine's clock where
 * a test passes in its own would disagree with the test by years, and the test would fail.
 */
'use strict';

const days = Number(process.env.TEST_CLOCK_OFFSET_DAYS || '0');
if (!Number.isInteger(days)) {
  throw new Error(`TEST_CLOCK_OFFSET_DAYS must be a whole number of days (got "${process.env.TEST_CLOCK_OFFSET_DAYS}").`);
}

if (days !== 0 && !globalThis.Date.clockOffsetDays) {
  const RealDate = globalThis.Date;
  const offsetMs = days * 24 * 60 * 60 * 1000;
  class MovedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offsetMs);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offsetMs;
    }
  }
  Object.defineProperty(MovedDate, 'clockOffsetDays', { value: days });
  Object.defineProperty(MovedDate, 'name', { value: 'Date' });
  // Date() called as a function returns the current time as a string.
  globalThis.Date = new Proxy(MovedDate, {
    apply: () => new MovedDate().toString(),
  });
}

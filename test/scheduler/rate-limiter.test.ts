/**
 * The rate limiter in virtual time: whatever the arrival pattern, no sliding window of any limit
 * ever holds more grants than the limit, per key and for the app; every request is granted; and
 * a pause after a 429 holds a key back until its Retry-After has passed.
 */
import fc from 'fast-check';
import { RateLimiter, type WindowLimit } from '../../scheduler/rate-limiter';
import { FakeClock } from './scheduler-support';
import { maxInWindow } from '../support/send-rate';

const virtual = () => {
  const clock = new FakeClock('2022-09-30T08:00:00Z');
  return { clock, time: { now: () => clock.now().getTime(), sleep: clock.sleep } };
};

/** Asks a fresh limiter, in virtual time, for `n` grants one after another; when each came (ms from the start). */
async function grantedInTurn(n: number, keyOf: (i: number) => string): Promise<number[]> {
  const { clock, time } = virtual();
  const limiter = new RateLimiter(time);
  const start = clock.now().getTime();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    await limiter.acquire(keyOf(i));
    times.push(clock.now().getTime() - start);
  }
  return times;
}

test('property: concurrent requests over many keys never exceed a per-key or app window, and all are granted', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.record({ key: fc.integer({ min: 0, max: 3 }), delay: fc.integer({ min: 0, max: 300 }) }), {
        minLength: 20,
        maxLength: 150,
      }),
      async (requests) => {
        const { clock, time } = virtual();
        const keyLimits: WindowLimit[] = [
          { max: 7, perMs: 1000 },
          { max: 20, perMs: 5000 },
        ];
        const appLimits: WindowLimit[] = [{ max: 15, perMs: 1000 }];
        const limiter = new RateLimiter(time, keyLimits, appLimits);
        const granted: { key: number; at: number }[] = [];
        await Promise.all(
          requests.map(async ({ key, delay }) => {
            await clock.sleep(delay);
            await limiter.acquire(`k${key}`);
            granted.push({ key, at: clock.now().getTime() });
          }),
        );
        expect(granted).toHaveLength(requests.length);
        for (const key of new Set(granted.map((g) => g.key))) {
          const times = granted.filter((g) => g.key === key).map((g) => g.at);
          for (const limit of keyLimits) expect(maxInWindow(times, limit.perMs)).toBeLessThanOrEqual(limit.max);
        }
        expect(
          maxInWindow(
            granted.map((g) => g.at),
            1000,
          ),
        ).toBeLessThanOrEqual(15);
      },
    ),
    { numRuns: 60 },
  );
});

test('Teams limits by default: 7 a second and 60 per 30 seconds for one conversation, back to back', async () => {
  const times = await grantedInTurn(120, () => 'conversation');
  expect(maxInWindow(times, 1000)).toBe(7);
  expect(maxInWindow(times, 30_000)).toBe(60);
  // Arrivals up to the slack later than their grants still keep every window.
  const late = times.map((t, i) => t + (i % 2 === 0 ? 49 : 0));
  expect(maxInWindow(late, 1000)).toBeLessThanOrEqual(7);
  expect(times.slice(0, 7)).toEqual([0, 21, 42, 63, 84, 105, 126]); // spaced as the app's sends are
  expect(times[7]).toBe(1050); // the eighth waits for the first to leave the window (and 50 ms of slack)
  expect(times[60]).toBeGreaterThanOrEqual(30_050); // the 61st waits for the 30-second window
});

test("the app's sends are spaced evenly, so sends held back a little cannot crowd Teams' window", async () => {
  // 500 people, each in a conversation of their own: only the app's 50 a second applies.
  const times = await grantedInTurn(500, (i) => `person-${i}`);
  for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(21);
  expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(50);
  // Every fifth send reaches Teams 60 ms late (nearly three spacings): no second of arrivals holds more than 50.
  const late = times.map((t, i) => t + (i % 5 === 0 ? 60 : 0));
  expect(maxInWindow(late, 1000)).toBeLessThanOrEqual(50);
  // The rate stays what the windows with their slack allow: 500 sends in 10.5 s (50 per 1.05 s).
  expect(times[499]).toBe(499 * 21);
});

test('a pause after a 429 holds the key until then, and leaves other keys alone', async () => {
  const { clock, time } = virtual();
  const limiter = new RateLimiter(time);
  const start = clock.now().getTime();
  limiter.pause('throttled', start + 5000);
  await limiter.acquire('other');
  expect(clock.now().getTime()).toBe(start);
  await limiter.acquire('throttled');
  expect(clock.now().getTime()).toBe(start + 5000);
});

test('callers waiting together take the spacing in turn: each sleeps about once, not at every slot', async () => {
  const { clock, time } = virtual();
  let sleeps = 0;
  const counted = { now: time.now, sleep: (ms: number) => (sleeps++, time.sleep(ms)) };
  const limiter = new RateLimiter(counted);
  const start = clock.now().getTime();
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: 40 }, async (_, i) => {
      await limiter.acquire(`person-${i}`);
      times.push(clock.now().getTime() - start);
    }),
  );
  expect([...times].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i * 21));
  // 39 callers wait for a slot; woken at every slot instead, they would sleep ~800 times.
  expect(sleeps).toBeLessThanOrEqual(39);
});

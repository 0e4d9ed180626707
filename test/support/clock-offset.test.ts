/**
 * The clock mover behind TEST_CLOCK_OFFSET_DAYS (test/support/clock-offset.cjs), run in a process of
 * its own so the offset is known: "now" moves, dates built from a value do not.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const mover = path.join(__dirname, 'clock-offset.cjs');
const probe = `process.stdout.write(JSON.stringify({
  before: Number(process.env.REAL_NOW), now: Date.now(), newDate: new Date().getTime(),
  epoch: new Date(0).toISOString(), parsed: new Date('2022-04-01T00:00:00Z').getTime(), utc: Date.UTC(2022, 3, 1),
  text: Date(), isDate: new Date() instanceof Date, offset: Date.clockOffsetDays }))`;

function runWithOffset(days: string): { status: number | null; out: Record<string, unknown>; stderr: string } {
  // The real time, even when this test runs under an offset itself (performance's clock is not moved).
  const realNow = Math.round(performance.timeOrigin + performance.now());
  const env: NodeJS.ProcessEnv = { ...process.env, TEST_CLOCK_OFFSET_DAYS: days, REAL_NOW: String(realNow) };
  delete env.NODE_OPTIONS;
  const child = spawnSync(process.execPath, ['--require', mover, '-e', probe], { env, encoding: 'utf8' });
  const out = child.status === 0 ? (JSON.parse(child.stdout) as Record<string, unknown>) : {};
  return { status: child.status, out, stderr: child.stderr };
}

const DAY = 24 * 60 * 60 * 1000;

it.each([
  ['1826', 1826],
  ['-730', -730],
])('moves now by %s days and leaves dates built from a value alone', (days, expected) => {
  const { status, out } = runWithOffset(days);
  expect(status).toBe(0);
  const moved = Math.round(((out.now as number) - (out.before as number)) / DAY);
  expect(moved).toBe(expected);
  expect(Math.round(((out.newDate as number) - (out.before as number)) / DAY)).toBe(expected);
  expect(out.epoch).toBe('1970-01-01T00:00:00.000Z');
  expect(out.parsed).toBe(out.utc);
  expect(new Date(out.text as string).getFullYear()).toBe(new Date(out.now as number).getUTCFullYear());
  expect(out.isDate).toBe(true);
  expect(out.offset).toBe(expected);
});

it('refuses an offset that is not a whole number of days', () => {
  const { status, stderr } = runWithOffset('2.5');
  expect(status).not.toBe(0);
  expect(stderr).toMatch(/TEST_CLOCK_OFFSET_DAYS must be a whole number of days \(got "2.5"\)/);
});

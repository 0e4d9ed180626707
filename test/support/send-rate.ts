/** The most events inside any window of `perMs` milliseconds: how a test checks a rate limit was kept. */
export function maxInWindow(times: readonly number[], perMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= perMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

/**
 * Teams' proactive limits: per conversation 7 messages a second (and 60 per 30 seconds), per app
 * 50 requests a second. Each limit is a sliding window over the times of the last grants (a token
 * bucket whose tokens come back exactly one window after they were spent), so no window of that
 * length anywhere on the timeline ever holds more than the limit. A 429 can pause a key until its
 * Retry-After has passed. Time comes from an injected clock and waits go through an injected
 * sleep, so tests run in virtual time.
 *
 * Each window is counted `slackMs` longer than Teams counts it: a message reaches Teams a few
 * milliseconds after its grant, and not always the same few, so grants exactly one window apart
 * could otherwise arrive slightly less than one window apart.
 *
 * The app's grants are also spaced evenly, at least one window (with its slack) ÷ its limit
 * apart (21 ms for 50 a second). A burst of grants leaves together but, on a busy event loop,
 * does not arrive together: one send held back a little and the next burst on time would crowd
 * one of Teams' windows. Spaced, a send must be held back by more than a few spacings before that
 * can happen, and the rate is what the windows with their slack allow anyway: 50 sends in 1.05 s.
 * With the sends spaced, 50 ms of slack is enough (it was 100 ms, and bursts still crowded a
 * window on a starved machine).
 *
 * Keys come and go (every conversation the bot ever sends to), so a key whose grants have all
 * left the longest window, that is not paused and that nobody is waiting on is forgotten: it is
 * then exactly like a key never seen. Old keys are swept whenever a new one arrives, at most
 * once per longest window, so the map holds only the keys of the last two windows or so.
 */

export interface Timekeeper {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTime: Timekeeper = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface WindowLimit {
  readonly max: number;
  readonly perMs: number;
}

export const TEAMS_CONVERSATION_LIMITS: readonly WindowLimit[] = [
  { max: 7, perMs: 1000 },
  { max: 60, perMs: 30_000 },
];
export const TEAMS_APP_LIMITS: readonly WindowLimit[] = [{ max: 50, perMs: 1000 }];

/**
 * The key Teams counts a conversation's sends under: a channel thread (`19:…;messageid=…`) counts
 * as its channel, so replies to many decisions' threads in one channel share one channel's limits.
 */
export const rateKeyOf = (conversationId: string): string => conversationId.split(';')[0] as string;

/** Grant times of one key, oldest first, kept only as long as the longest window needs them. */
class Windows {
  private readonly grants: number[] = [];
  pausedUntil = 0;
  /** Callers inside acquire or ready for this key (such a key is never forgotten). */
  waiting = 0;

  constructor(
    private readonly limits: readonly WindowLimit[],
    private readonly slackMs: number,
  ) {}

  /** Milliseconds until a grant is allowed at `now` (0: allowed now). */
  waitAt(now: number): number {
    let wait = Math.max(0, this.pausedUntil - now);
    for (const limit of this.limits) {
      const span = limit.perMs + this.slackMs;
      const inWindow = this.grants.filter((t) => t > now - span);
      if (inWindow.length >= limit.max) {
        // The oldest grant that must leave the window before one more fits.
        const leaving = inWindow[inWindow.length - limit.max] as number;
        wait = Math.max(wait, leaving + span - now);
      }
    }
    return wait;
  }

  record(now: number): void {
    this.grants.push(now);
    this.forget(now);
  }

  /** True when nothing about this key matters any more at `now`. */
  idleAt(now: number): boolean {
    this.forget(now);
    return this.grants.length === 0 && this.pausedUntil <= now && this.waiting === 0;
  }

  private forget(now: number): void {
    const keep = Math.max(...this.limits.map((l) => l.perMs)) + this.slackMs;
    while (this.grants.length > 0 && (this.grants[0] as number) <= now - keep) this.grants.shift();
  }
}

export class RateLimiter {
  private readonly perKey = new Map<string, Windows>();
  private readonly app: Windows;
  /** The least time between two of the app's grants (see the comment at the top). */
  private readonly spacingMs: number;
  /** When the next of the app's grants may be made: each caller that fits the windows reserves the next slot. */
  private nextSlot = -Infinity;
  private lastSweep = -Infinity;

  constructor(
    private readonly time: Timekeeper,
    private readonly keyLimits: readonly WindowLimit[] = TEAMS_CONVERSATION_LIMITS,
    appLimits: readonly WindowLimit[] = TEAMS_APP_LIMITS,
    private readonly slackMs = 50,
  ) {
    this.app = new Windows(appLimits, slackMs);
    this.spacingMs = Math.min(...appLimits.map((l) => (l.perMs + slackMs) / l.max));
  }

  /**
   * Waits until one more send to `key` fits every window of the key and of the app and its turn
   * in the app's spacing has come, then counts it. Checking and counting happen with no await
   * between them, so concurrent callers never both take the last slot. A caller that fits the
   * windows reserves the next slot of the spacing and sleeps once until it, so callers waiting
   * together are woken one slot apart rather than all at every slot.
   */
  async acquire(key: string): Promise<void> {
    const windows = this.windowsOf(key);
    windows.waiting++;
    try {
      let slot = -Infinity;
      for (;;) {
        const now = this.time.now();
        const wait = Math.max(windows.waitAt(now), this.app.waitAt(now), slot - now);
        if (wait > 0) {
          await this.time.sleep(wait);
          continue;
        }
        if (slot === -Infinity && this.nextSlot > now) {
          // The windows allow it, but another caller's slot comes first: take the next one.
          slot = this.nextSlot;
          this.nextSlot += this.spacingMs;
          continue;
        }
        windows.record(now);
        this.app.record(now);
        this.nextSlot = Math.max(this.nextSlot, now + this.spacingMs);
        return;
      }
    } finally {
      windows.waiting--;
    }
  }

  /** Waits until a send to `key` would be granted now, without counting one (acquire still must be called). */
  async ready(key: string): Promise<void> {
    const windows = this.windowsOf(key);
    windows.waiting++;
    try {
      for (;;) {
        const now = this.time.now();
        const wait = Math.max(windows.waitAt(now), this.app.waitAt(now));
        if (wait <= 0) return;
        await this.time.sleep(wait);
      }
    } finally {
      windows.waiting--;
    }
  }

  /** How many keys are remembered now (what the sweep keeps bounded). */
  get trackedKeys(): number {
    return this.perKey.size;
  }

  /** After a 429 for this key: nothing more is granted to it before `untilMs`. */
  pause(key: string, untilMs: number): void {
    const windows = this.windowsOf(key);
    windows.pausedUntil = Math.max(windows.pausedUntil, untilMs);
  }

  private windowsOf(key: string): Windows {
    let windows = this.perKey.get(key);
    if (!windows) {
      this.sweep();
      windows = new Windows(this.keyLimits, this.slackMs);
      this.perKey.set(key, windows);
    }
    return windows;
  }

  /** Forgets idle keys, at most once per longest window. */
  private sweep(): void {
    const now = this.time.now();
    const every = Math.max(...this.keyLimits.map((l) => l.perMs)) + this.slackMs;
    if (now - this.lastSweep < every) return;
    this.lastSweep = now;
    for (const [key, windows] of this.perKey) if (windows.idleAt(now)) this.perKey.delete(key);
  }
}

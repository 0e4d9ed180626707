/**
 * The scheduler: every minute (and once at start, which is the catch-up after downtime) it scans
 * for due reminders and nudges, puts them in the outbox, and dispatches what is due. It runs on
 * timers, outside every request, so no incoming turn ever waits for a send. Runs never overlap:
 * a run asked for while one is going (`reminders run`) starts after it. The clock is injected;
 * given a sleep too, waits (rate limits, Retry-After, backoff) pass in its time, not real time.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { GovernanceProfile } from '../domain/profile';
import type { Logger } from '../domain/logger';
import type { Metrics } from '../domain/metrics';
import type { Store } from '../storage/store';
import { Dispatcher, type DispatcherOptions, type DispatchSummary } from './dispatcher';
import { NudgeMemo, scanNudges } from './nudge-scan';
import { RateLimiter, realTime, type Timekeeper } from './rate-limiter';
import { scanReminders } from './reminder-scan';
import type { MessageSender } from './message-sender';

export interface SchedulerClock {
  now(): Date;
  /** Virtual-time waits for tests; real timers when absent. */
  sleep?(ms: number): Promise<void>;
}

export interface SchedulerOptions {
  readonly store: Store;
  readonly profile: GovernanceProfile;
  /**
   * The bot adapter the sender sends through. Schedulers on one adapter share one rate limiter
   * (Teams' limits are the bot's), and `reminders run` finds the scheduler by it.
   */
  readonly adapter: object;
  /** How messages go out: bot/teams-sender.ts in production. */
  readonly sender: MessageSender;
  readonly clock?: SchedulerClock;
  readonly logger: Logger;
  /** Delivery outcomes counted for GET /metrics. */
  readonly metrics?: Metrics;
  /** Between scans; default one minute. */
  readonly intervalMs?: number;
  /** Fine-tuning of retries and leases. */
  readonly dispatch?: Partial<
    Pick<
      DispatcherOptions,
      | 'leaseMs'
      | 'batchSize'
      | 'maxQueued'
      | 'maxAttempts'
      | 'maxThrottledAttempts'
      | 'backoffBaseMs'
      | 'backoffMaxMs'
      | 'maxInlineWaitMs'
      | 'random'
    >
  >;
}

export interface RunSummary extends DispatchSummary {
  /** New deliveries put in the outbox by this run's scan. */
  queued: number;
}

export interface Scheduler {
  /** Scans at `now` (default the clock's now) and dispatches; resolves when done. */
  runOnce(now?: Date): Promise<RunSummary>;
  /** Stops the timer and waits for the run under way (its sends are finished and recorded). */
  stop(): Promise<void>;
}

/** One limiter per adapter, so every dispatcher sending through it shares Teams' limits. */
const limiters = new WeakMap<object, RateLimiter>();
const running = new WeakMap<object, Scheduler>();

/** The scheduler started for this adapter, if any (the `reminders run` command uses it). */
export const schedulerFor = (adapter: object): Scheduler | undefined => running.get(adapter);

export function timekeeperOf(clock: SchedulerClock | undefined): Timekeeper {
  if (!clock) return realTime;
  return { now: () => clock.now().getTime(), sleep: clock.sleep ? (ms) => clock.sleep!(ms) : realTime.sleep };
}

/** Outbox keys a scheduler remembers having queued, at most (a few MB). */
const MAX_REMEMBERED_KEYS = 200_000;

/** A scheduler that runs only when asked (tests, one-off runs); startScheduler adds the timer. */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const time = timekeeperOf(options.clock);
  let limiter = limiters.get(options.adapter);
  if (!limiter) {
    limiter = new RateLimiter(time);
    limiters.set(options.adapter, limiter);
  }
  const dispatcher = new Dispatcher({
    ...options.dispatch,
    store: options.store,
    profile: options.profile,
    sender: options.sender,
    time,
    logger: options.logger,
    owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    limiter,
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  let chain: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const nudgeMemo = new NudgeMemo();
  // Keys this scheduler has put in the outbox. Each scan offers every delivery still due, which
  // the outbox ignores once it has it; with these the store is not asked about them every minute.
  const queuedKeys = new Set<string>();

  async function run(now: Date): Promise<RunSummary> {
    const at = now.toISOString();
    const due = [
      ...(await scanReminders(options.store, options.profile, at)),
      ...(await scanNudges(options.store, options.profile, at, nudgeMemo)),
    ];
    const fresh = due.filter((d) => !queuedKeys.has(d.key));
    const queued = fresh.length === 0 ? 0 : await options.store.enqueueDeliveries(fresh);
    if (queuedKeys.size + fresh.length > MAX_REMEMBERED_KEYS) queuedKeys.clear(); // the outbox still ignores repeats
    for (const d of fresh) queuedKeys.add(d.key);
    nudgeMemo.markQueued(due);
    const summary = await dispatcher.drain();
    if (queued > 0 || summary.sent + summary.failed + summary.undeliverable + summary.inDoubt > 0)
      options.logger.info('scheduler run', { at, queued, ...summary });
    return { queued, ...summary };
  }

  return {
    runOnce(now) {
      if (stopped) return Promise.reject(new Error('The scheduler is stopped.'));
      const result = chain.then(() => run(now ?? options.clock?.now() ?? new Date()));
      chain = result.catch(() => undefined);
      return result;
    },
    async stop() {
      stopped = true;
      dispatcher.stop();
      await chain;
    },
  };
}

/** Starts the scheduler: a run now (catch-up after downtime), then one every intervalMs. */
export function startScheduler(options: SchedulerOptions): Scheduler {
  const scheduler = createScheduler(options);
  let ticking = false;
  const tick = () => {
    if (ticking) return; // the last run is still sending: no queue of runs behind it
    ticking = true;
    scheduler
      .runOnce()
      .catch((e: unknown) => options.logger.error('scheduler run failed', { error: String((e as Error)?.stack ?? e) }))
      .finally(() => (ticking = false));
  };
  const timer = setInterval(tick, options.intervalMs ?? 60_000);
  timer.unref();
  tick();
  const started: Scheduler = {
    runOnce: (now) => scheduler.runOnce(now),
    async stop() {
      clearInterval(timer);
      running.delete(options.adapter);
      await scheduler.stop();
    },
  };
  running.set(options.adapter, started);
  return started;
}

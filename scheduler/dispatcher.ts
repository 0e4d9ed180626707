/**
 * The outbox dispatcher: claims due deliveries under a lease, renders each, waits for the rate
 * limiter, and sends it, one conversation's messages in order and different conversations side
 * by side. Outcomes: sent (only with the Teams activity id); 429 waits for Retry-After (or backs off
 * exponentially with jitter) and tries again; 5xx, network errors and timeouts back off and try
 * again up to maxAttempts, then `failed`; 403/404 are `undeliverable` and never retried.
 *
 * Crash between send and record: before each send the delivery is marked in flight (payload
 * `inFlightSince`, with the lease extended) and the mark is cleared when the outcome is written.
 * A delivery claimed with the mark still on it was being sent when a process died, and whether
 * Teams got it cannot be known: the Bot Connector has no way to list a conversation's recent
 * activities (that needs Microsoft Graph with extra permissions). It is treated conservatively:
 * never sent again, recorded as `failed` with a reason saying it may have arrived, and shown by
 * `reminders` so an admin can check the chat. A duplicate is never sent; nothing vanishes unseen.
 *
 * A send that times out is retried; if its request is answered late after all, the duplicate is
 * avoided or withdrawn (late-answers.ts).
 */
import type { GovernanceProfile } from '../domain/profile';
import type { IsoInstant } from '../domain/types';
import type { Logger } from '../domain/logger';
import { noMetrics, type Metrics } from '../domain/metrics';
import type { Delivery, Store } from '../storage/store';
import { deliveryContent } from './delivery-content';
import { RateLimiter, rateKeyOf, type Timekeeper } from './rate-limiter';
import { recipientKey } from './reminder-scan';
import { LateAnswers } from './late-answers';
import { retryAfterMs, SendFailure, SendTimedOut, type MessageSender } from './message-sender';

export interface DispatcherOptions {
  readonly store: Store;
  readonly profile: GovernanceProfile;
  readonly sender: MessageSender;
  readonly time: Timekeeper;
  readonly logger: Logger;
  /** Who holds the claims (unique per process). */
  readonly owner: string;
  readonly limiter?: RateLimiter;
  readonly leaseMs?: number;
  readonly batchSize?: number;
  /** Deliveries claimed and not yet sent, at most. */
  readonly maxQueued?: number;
  /** Sends of one delivery before a 5xx or timeout makes it `failed`. */
  readonly maxAttempts?: number;
  /** Sends of one delivery before repeated 429s make it `failed`. */
  readonly maxThrottledAttempts?: number;
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
  /** A retry due within this long is waited for in the same run; later ones wait for the next run. */
  readonly maxInlineWaitMs?: number;
  /** 0 ≤ random() < 1, for backoff jitter. */
  readonly random?: () => number;
  /** Each outcome counted (GET /metrics). */
  readonly metrics?: Metrics;
}

export interface DispatchSummary {
  sent: number;
  retried: number;
  failed: number;
  undeliverable: number;
  skipped: number;
  inDoubt: number;
}

export const emptySummary = (): DispatchSummary => ({
  sent: 0,
  retried: 0,
  failed: 0,
  undeliverable: 0,
  skipped: 0,
  inDoubt: 0,
});

type Outcome = keyof DispatchSummary | 'released';

const IN_FLIGHT = 'inFlightSince';
/** Payload keys of a delivery that reached its person in the decision's conversation, with an @mention. */
export const REACHED_BY = 'reachedBy';
export const FALLBACK_REASON = 'fallbackReason';
const NO_ID = 'Teams answered without a message id, so whether it arrived is unknown; not sent again (check the chat).';
/** A claim this close to its end is not used for a send (covers a send's timeout). */
const LEASE_MARGIN_MS = 60_000;

export class Dispatcher {
  private readonly limiter: RateLimiter;
  private stopping = false;
  private readonly o: Required<Omit<DispatcherOptions, 'limiter'>>;
  private readonly late: LateAnswers;

  constructor(options: DispatcherOptions) {
    this.limiter = options.limiter ?? new RateLimiter(options.time);
    this.o = {
      leaseMs: 10 * 60_000,
      batchSize: 50,
      maxQueued: 200,
      maxAttempts: 6,
      maxThrottledAttempts: 20,
      backoffBaseMs: 1000,
      backoffMaxMs: 5 * 60_000,
      maxInlineWaitMs: 60_000,
      random: Math.random,
      metrics: noMetrics,
      ...options,
    };
    this.late = new LateAnswers(this.o);
  }

  /** No new claims or sends after this; sends already under way finish and are recorded. */
  stop(): void {
    this.stopping = true;
  }

  /**
   * Sends everything due now, and retries falling due within maxInlineWaitMs. Claims are topped
   * up while sends go on (at most maxQueued claimed and unsent), so a slow conversation never
   * holds back the others: each conversation's messages go in order, conversations side by side.
   */
  async drain(): Promise<DispatchSummary> {
    const summary = emptySummary();
    const { store, time } = this.o;
    const chains = new Map<string, Promise<void>>();
    const running = new Set<Promise<void>>();
    let queued = 0;
    const add = (d: Delivery, key: string) => {
      const link = (chains.get(key) ?? Promise.resolve()).then(async () => {
        const outcome = await this.sendOne(d, rateKeyOf(key)).catch((e: unknown) => {
          // Only the store failing can get here (e.g. closed mid-run); the lease brings the delivery back.
          this.o.logger.error('delivery outcome not recorded', {
            key: d.key,
            error: String((e as Error)?.message ?? e),
          });
          return 'released' as const;
        });
        if (outcome !== 'released') {
          summary[outcome]++;
          this.o.metrics.delivery(outcome);
        }
      });
      const tracked = link.finally(() => {
        queued--;
        running.delete(tracked);
        if (chains.get(key) === link) chains.delete(key);
      });
      queued++;
      running.add(tracked);
      chains.set(key, link);
    };
    while (!this.stopping) {
      const room = this.o.maxQueued - queued;
      if (room > 0) {
        const now = time.now();
        const batch = await store.claimDeliveries(
          this.o.owner,
          iso(now),
          iso(now + this.o.leaseMs),
          Math.min(this.o.batchSize, room),
        );
        for (const d of batch) add(d, (await this.o.sender.conversationOf(d.target)) ?? recipientKey(d.target));
        if (batch.length > 0) continue;
      }
      if (running.size > 0) {
        await Promise.race(running);
        continue;
      }
      const now = time.now();
      const next = (await store.listDeliveries({ states: ['pending'] }))
        .map((d) => Date.parse(d.nextAttemptAt))
        .sort((a, b) => a - b)[0];
      if (next === undefined || next - now > this.o.maxInlineWaitMs) break;
      await time.sleep(Math.max(1, next - now));
    }
    await Promise.all(running);
    return summary;
  }

  private async sendOne(d: Delivery, limiterKey: string): Promise<Outcome> {
    return this.late.whileSending(d, () => this.attempt(d, limiterKey));
  }

  private async attempt(d: Delivery, limiterKey: string): Promise<Outcome> {
    const { store } = this.o;
    const { [IN_FLIGHT]: inFlight, ...payload } = d.payload;
    const settle = async (patch: Partial<Omit<Delivery, 'key'>>) =>
      store.updateDelivery(d.key, { claimedBy: null, claimedUntil: null, payload, ...patch });
    if (this.stopping) {
      await settle({ state: 'pending', ...(inFlight === undefined ? {} : { payload: d.payload }) });
      return 'released';
    }
    // Waited in the queue until the claim is nearly over: another dispatcher may take it now, so leave it alone.
    if (d.claimedUntil !== null && this.o.time.now() > Date.parse(d.claimedUntil) - LEASE_MARGIN_MS) return 'released';
    if (inFlight !== undefined) {
      const lastError = `in doubt: a send began at ${String(inFlight)} and the bot stopped before recording its outcome; it may have arrived, so it is not sent again (check the chat)`;
      this.o.logger.warn('delivery in doubt after a crash; not resent', { key: d.key });
      await settle({ state: 'failed', lastError });
      return 'inDoubt';
    }
    try {
      const stored = await store.getDecision(d.ref);
      if (!stored) {
        await settle({ state: 'failed', lastError: `${d.ref} no longer exists` });
        return 'failed';
      }
      const content = await deliveryContent(this.o, stored, d, iso(this.o.time.now()));
      if ('skip' in content) {
        await settle({ state: 'sent', lastError: content.skip });
        return 'skipped';
      }
      // Wait for the pace (or a 429's pause) before marking, so a crash while waiting is no doubt.
      await this.limiter.ready(limiterKey);
      if (this.stopping) {
        await settle({ state: 'pending' });
        return 'released';
      }
      const via = stored.home?.conversation ?? null;
      // An earlier request of this delivery, given up on, was answered after all: that is the send.
      const answered = this.late.take(d.key);
      if (answered) {
        await settle({ state: 'sent', activityId: answered.activityId, lastError: null });
        return 'sent';
      }
      const startedAt = this.o.time.now();
      await store.updateDelivery(d.key, {
        payload: { ...payload, [IN_FLIGHT]: iso(startedAt) },
        attempts: d.attempts + 1,
        claimedUntil: iso(startedAt + this.o.leaseMs),
      });
      // The slot is taken last, with no store write between it and the send, so the pace the
      // limiter grants is the pace Teams sees. It is free unless another chain took it meanwhile.
      await this.limiter.acquire(limiterKey);
      const sent = await this.o.sender.send(d.target, content.message, via).catch((e: unknown) => e as Error);
      const arrived = this.late.take(d.key);
      if (arrived) {
        // The earlier request landed while this one was on its way: this one is the duplicate.
        if (!(sent instanceof Error) && sent.activityId !== arrived.activityId) {
          await this.late.withdraw(d.key, sent, via);
        }
        await settle({ state: 'sent', activityId: arrived.activityId, lastError: null });
        return 'sent';
      }
      if (sent instanceof SendTimedOut) this.late.watch(d, sent.answer, via);
      if (!(sent instanceof Error) && sent.activityId) {
        // A person reached in the decision's conversation with an @mention: recorded as such.
        const reached = sent.fallback
          ? { payload: { ...payload, [REACHED_BY]: 'channel-mention', [FALLBACK_REASON]: sent.fallback.reason } }
          : {};
        await settle({ state: 'sent', activityId: sent.activityId, lastError: null, ...reached });
        return 'sent';
      }
      if (!(sent instanceof Error))
        return await this.failed(d, d.attempts + 1, new SendFailure('rejected', NO_ID), limiterKey, settle);
      return await this.failed(d, d.attempts + 1, sent, limiterKey, settle);
    } catch (e) {
      this.o.logger.error('delivery could not be prepared', { key: d.key, error: String((e as Error)?.stack ?? e) });
      await settle({
        state: 'failed',
        lastError: `could not prepare the message: ${(e as Error)?.message ?? String(e)}`,
      }).catch(() => undefined);
      return 'failed';
    }
  }

  private async failed(
    d: Delivery,
    attempts: number,
    error: Error,
    limiterKey: string,
    settle: (patch: Partial<Omit<Delivery, 'key'>>) => Promise<void>,
  ): Promise<Outcome> {
    const failure = error instanceof SendFailure ? error : new SendFailure('transient', error.message);
    const now = this.o.time.now();
    const lastError = failure.message;
    if (failure.kind === 'gone') {
      await settle({ state: 'undeliverable', lastError });
      return 'undeliverable';
    }
    if (failure.kind === 'rejected') {
      await settle({ state: 'failed', lastError });
      return 'failed';
    }
    const limit = failure.kind === 'throttled' ? this.o.maxThrottledAttempts : this.o.maxAttempts;
    if (attempts >= limit) {
      await settle({ state: 'failed', lastError: `gave up after ${attempts} attempts; last: ${lastError}` });
      return 'failed';
    }
    const told = failure.kind === 'throttled' ? retryAfterMs(failure.retryAfter, now) : null;
    const wait = told ?? this.backoff(attempts);
    if (failure.kind === 'throttled') this.limiter.pause(limiterKey, now + wait);
    this.o.logger.info('delivery will be retried', { key: d.key, attempts, waitMs: wait, error: lastError });
    await settle({ state: 'pending', nextAttemptAt: iso(now + wait), lastError });
    return 'retried';
  }

  /** Exponential backoff with full jitter over the upper half: base·2^(n-1) · [0.5, 1), capped. */
  private backoff(attempts: number): number {
    const ceiling = Math.min(this.o.backoffMaxMs, this.o.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(ceiling * (0.5 + this.o.random() / 2));
  }
}

const iso = (ms: number): IsoInstant => new Date(ms).toISOString();

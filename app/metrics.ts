/**
 * GET /metrics in the Prometheus text format (prom-client), one registry per server: turns by
 * kind, verb and outcome and their duration; outbox deliveries by outcome and the 429s Teams
 * answered (the scheduler and the card publisher count them through domain/metrics.ts); and, read
 * at each scrape, the outbox by state (a count from the store), the shared-card updates pending and
 * the decision cards served again from the recent ones (cards/recent-cards.ts).
 * Plus prom-client's default process metrics (CPU, memory, event-loop lag).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DeliveryOutcome, Metrics, ThrottledCall, TurnKind, TurnOutcome } from '../domain/metrics';
import type { DeliveryState, Store } from '../storage/store';

export interface PrometheusMetrics extends Metrics {
  readonly registry: Registry;
}

export interface MetricSources {
  readonly store: Store;
  /** Decisions whose shared card has an update scheduled or under way. */
  cardUpdatesPending(): number;
  /** Decision cards served from the recent ones (cached) and expanded anew, since start-up. */
  decisionCards(): { readonly hits: number; readonly misses: number };
}

const PREFIX = 'decision_tracker_';
/** Seconds: a click is answered in tens of milliseconds; a slow import takes seconds. */
const TURN_BUCKETS = [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10];
const OPEN: readonly DeliveryState[] = ['pending', 'sending'];

export function createMetrics(sources: MetricSources): PrometheusMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: PREFIX });
  const turns = new Counter({
    name: `${PREFIX}turns_total`,
    help: 'Turns handled, by kind (message, invoke, submit), verb (command or card verb) and outcome (ok, refused, error).',
    labelNames: ['kind', 'verb', 'outcome'] as const,
    registers: [registry],
  });
  const turnSeconds = new Histogram({
    name: `${PREFIX}turn_duration_seconds`,
    help: 'Time a turn took in the bot, from its route to its answer, by kind, verb and outcome.',
    labelNames: ['kind', 'verb', 'outcome'] as const,
    buckets: TURN_BUCKETS,
    registers: [registry],
  });
  const deliveries = new Counter({
    name: `${PREFIX}deliveries_total`,
    help: 'Outbox deliveries the dispatcher finished an attempt at, by outcome (sent, retried, failed, undeliverable, skipped, inDoubt).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const throttled = new Counter({
    name: `${PREFIX}throttled_total`,
    help: 'Connector requests Teams answered with 429 (every attempt, retries included), by call: send (a message: reply, reminder, fresh card), update (a shared card), create (a personal chat).',
    labelNames: ['call'] as const,
    registers: [registry],
  });
  new Gauge({
    name: `${PREFIX}outbox_deliveries`,
    help: 'Deliveries in the outbox by state, read from the store at each scrape.',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const counts = await sources.store.countDeliveries();
      for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
    },
  });
  new Gauge({
    name: `${PREFIX}outbox_depth`,
    help: 'Deliveries still to be sent (pending or sending), read from the store at each scrape.',
    registers: [registry],
    async collect() {
      const counts = await sources.store.countDeliveries();
      this.set(OPEN.reduce((sum, state) => sum + counts[state], 0));
    },
  });
  new Gauge({
    name: `${PREFIX}card_updates_pending`,
    help: 'Decisions whose shared card has an update scheduled or under way.',
    registers: [registry],
    collect() {
      this.set(sources.cardUpdatesPending());
    },
  });
  new Counter({
    name: `${PREFIX}decision_cards_total`,
    help: 'Decision cards given out, by how they were made: expanded from the template, or a recent view served again (cached).',
    labelNames: ['made'] as const,
    registers: [registry],
    collect() {
      const { hits, misses } = sources.decisionCards();
      this.reset();
      this.inc({ made: 'cached' }, hits);
      this.inc({ made: 'expanded' }, misses);
    },
  });
  // Throttle counters start at 0 so that a rate over them is defined before the first 429.
  for (const call of ['send', 'update', 'create'] as const) throttled.inc({ call }, 0);

  return {
    registry,
    turn(kind: TurnKind, verb: string, outcome: TurnOutcome, seconds: number) {
      turns.inc({ kind, verb, outcome });
      turnSeconds.observe({ kind, verb, outcome }, seconds);
    },
    delivery(outcome: DeliveryOutcome) {
      deliveries.inc({ outcome });
    },
    throttled(call: ThrottledCall) {
      throttled.inc({ call });
    },
  };
}

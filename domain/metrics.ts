/**
 * What operators watch (GET /metrics), as a port every layer may count through, like Logger:
 * turns by kind, verb and outcome with their duration, outbox deliveries by outcome, and the 429s
 * Teams answered (every attempt, retries included). app/metrics.ts implements it with prom-client;
 * without one, nothing is counted.
 */

/** A chat message (a command), an Action.Execute invoke, or an Action.Submit (a message with the card's data). */
export type TurnKind = 'message' | 'invoke' | 'submit';
/** ok; refused (a rule said no, answered with its sentence); error (answered without detail, and logged). */
export type TurnOutcome = 'ok' | 'refused' | 'error';
/** What the dispatcher did with one delivery it claimed. */
export type DeliveryOutcome = 'sent' | 'retried' | 'failed' | 'undeliverable' | 'skipped' | 'inDoubt';
/** The connector request a 429 answered: a message sent, a message updated (a shared card), a chat created. */
export type ThrottledCall = 'send' | 'update' | 'create';

export interface Metrics {
  turn(kind: TurnKind, verb: string, outcome: TurnOutcome, seconds: number): void;
  delivery(outcome: DeliveryOutcome): void;
  throttled(call: ThrottledCall): void;
}

export const noMetrics: Metrics = { turn: () => undefined, delivery: () => undefined, throttled: () => undefined };

/**
 * A turn counted and timed for GET /metrics: its kind, verb and outcome. The outcome is read from
 * what the handler threw before turn-errors.ts turned it into an answer, so `watch` wraps the
 * handler's work inside guard/answerVerb.
 */
import { DomainError } from '../domain/errors';
import type { Metrics, TurnKind, TurnOutcome } from '../domain/metrics';

export type Watch = <A extends unknown[], T>(work: (...args: A) => Promise<T>) => (...args: A) => Promise<T>;

const outcomeOf = (e: unknown): TurnOutcome => (e instanceof DomainError ? 'refused' : 'error');

export async function countTurn(
  metrics: Metrics,
  kind: TurnKind,
  verb: string,
  run: (watch: Watch) => Promise<void>,
): Promise<void> {
  const started = performance.now();
  let outcome: TurnOutcome = 'ok';
  const watch: Watch =
    (work) =>
    async (...args) => {
      try {
        return await work(...args);
      } catch (e) {
        outcome = outcomeOf(e);
        throw e;
      }
    };
  try {
    await run(watch);
  } catch (e) {
    outcome = outcomeOf(e);
    throw e;
  } finally {
    metrics.turn(kind, verb, outcome, (performance.now() - started) / 1000);
  }
}

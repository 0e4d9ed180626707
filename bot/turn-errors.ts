/**
 * Errors in a turn, mapped in one place: a domain refusal becomes its sentence; anything else is
 * logged with a reference and answered without detail. A card clicked at a stale version gets
 * the current card back, with the refusal as its notice.
 */
import { DomainError, ErrorCode } from '../domain/errors';
import type { Turn } from './bot-context';
import type { VerbAnswer } from './handler-types';
import { renderDecisionCard } from './render-cards';
import { reply } from './replies';

/** Runs a command; a failure is answered in the chat. */
export async function guard(turn: Turn, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (e) {
    await reply(turn, messageFor(e, turn));
  }
}

/** Runs a card verb; a failure becomes the answer (the current card, or a sentence). */
export async function answerVerb(
  turn: Turn,
  work: () => Promise<VerbAnswer>,
  data: Record<string, unknown> | undefined,
): Promise<VerbAnswer> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof DomainError && e.code === ErrorCode.StaleVersion && typeof data?.ref === 'string') {
      const stored = await turn.deps.store.getDecision(data.ref);
      if (stored) {
        const viewer = { aadObjectId: turn.actor.aadObjectId, roles: turn.actor.roles, isAdmin: turn.actor.isAdmin };
        return { card: await renderDecisionCard(turn.deps, stored.decision, viewer, `${e.message}`) };
      }
    }
    return { message: messageFor(e, turn) };
  }
}

export function messageFor(e: unknown, turn: Turn): string {
  if (e instanceof DomainError) return e.message;
  const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const error = String((e as Error)?.stack ?? e);
  turn.deps.logger.error('unhandled error in a turn', { id, error, activityType: turn.context.activity.type });
  return (
    'Something went wrong on our side and nothing was changed. Please try again; ' +
    `if it keeps happening, give your IT team this reference: ${id}.`
  );
}

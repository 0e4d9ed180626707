/**
 * Work in a proactive turn (continueConversationAsync, createConversationAsync) whose failure
 * reaches the caller. botbuilder runs the callback through the adapter's middleware, and when the
 * adapter has an onTurnError (the server's does) an error thrown inside goes there and is not
 * rethrown: a reminder whose send got a 500 or 403 would count as sent. So the callback's error
 * is caught inside the turn and thrown again outside it, with the callback's result otherwise.
 */
import type { TurnContext } from 'botbuilder';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function inProactiveTurn<T>(
  start: (logic: (context: TurnContext) => Promise<void>) => Promise<void>,
  work: (context: TurnContext) => Promise<T>,
): Promise<T> {
  const outcomes: Outcome<T>[] = [];
  await start(async (context) => {
    try {
      outcomes.push({ ok: true, value: await work(context) });
    } catch (error) {
      outcomes.push({ ok: false, error });
    }
  });
  const outcome = outcomes[0];
  if (!outcome) throw new Error('The proactive turn ended without running its work.');
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/**
 * Card buttons, per verb of routes.ts, answered as each kind of card expects. Action.Execute
 * (Universal Actions) gets an invoke response: the clicker's own view of the card, or a message.
 * Action.Submit cards are shared by everyone in the conversation, so the card that was clicked is
 * replaced by the base card (what everyone without a role-specific view sees); an edit form is
 * answered with a new card, and a sentence as a chat message.
 */
import type { Application, TurnState } from '@microsoft/teams-ai';
import { cardActivity } from './card-publisher';
import { loadDecision } from './decision-changes';
import type { VerbAnswer, VerbHandler } from './handler-types';
import { renderDecisionCard } from './render-cards';
import { reply } from './replies';
import { verbs } from './routes';
import { answerVerb } from './turn-errors';
import type { TurnOf } from './turn-builder';
import { countTurn } from './turn-metrics';
import type { Metrics } from '../domain/metrics';

const CARD_RESPONSE = 'application/vnd.microsoft.card.adaptive';
const MESSAGE_RESPONSE = 'application/vnd.microsoft.activity.message';

export function registerCardRoutes(app: Application<TurnState>, turnOf: TurnOf, metrics: Metrics): void {
  for (const [verb, handler] of Object.entries(verbs)) {
    app.adaptiveCards.actionExecute(verb, async (context, _state, data) => {
      await countTurn(metrics, 'invoke', verb, async (watch) => {
        const turn = await turnOf(context);
        const answer = await answerVerb(
          turn,
          watch(() => handler(turn, data ?? {})),
          data,
        );
        await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: invokeBody(answer) } });
      });
      return '';
    });
    app.adaptiveCards.actionSubmit(verb, async (context, _state, data) =>
      countTurn(metrics, 'submit', verb, (watch) => submitted(turnOf, verb, watch(handler), context, data)),
    );
  }
}

function invokeBody(answer: VerbAnswer) {
  return 'card' in answer
    ? { statusCode: 200, type: CARD_RESPONSE, value: answer.card }
    : { statusCode: 200, type: MESSAGE_RESPONSE, value: answer.message };
}

async function submitted(
  turnOf: TurnOf,
  verb: string,
  handler: VerbHandler,
  context: Parameters<TurnOf>[0],
  data: Record<string, unknown> | undefined,
): Promise<void> {
  const turn = await turnOf(context);
  const answer = await answerVerb(turn, () => handler(turn, data ?? {}), data);
  const replyToId = context.activity.replyToId;
  if ('message' in answer) return reply(turn, answer.message);
  if (verb === 'decision.edit' || !replyToId) {
    await context.sendActivity(cardActivity(answer.card));
    return;
  }
  // Action.Submit cards are shared: show everyone the base card, not the clicker's view.
  const ref = typeof data?.ref === 'string' ? data.ref : null;
  const card = ref ? await renderDecisionCard(turn.deps, (await loadDecision(turn, ref)).decision, null) : answer.card;
  await context.updateActivity({ ...cardActivity(card), id: replyToId });
}

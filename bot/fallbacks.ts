/**
 * What is left when no route matched: a card button with a verb no route knows (forged, or from a
 * card older than this version) gets a clear answer, not a 501 or silence; and a person who adds
 * the bot in personal chat is greeted.
 */
import { ActivityTypes } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { reply } from './replies';
import { verbs } from './routes';
import { countTurn } from './turn-metrics';
import type { Metrics } from '../domain/metrics';

const UNKNOWN_BUTTON = 'This button is not one I know. Type `show <ref>` for a fresh card of the decision.';
const WELCOME =
  "Hello, I'm Decision Tracker: I carry funding decisions from draft to signed record, and warn you before " +
  'funding runs out. Type `help` to see what I can do.';

export function registerFallbacks(app: Application<TurnState>, metrics: Metrics): void {
  const knownVerbs = new Set(Object.keys(verbs));

  // Action.Execute with an unknown verb.
  app.adaptiveCards.actionExecute(
    async (context) => {
      const a = context.activity;
      return (
        a.type === ActivityTypes.Invoke &&
        a.name === 'adaptiveCard/action' &&
        a.value?.action?.type === 'Action.Execute' &&
        !knownVerbs.has(String(a.value?.action?.verb))
      );
    },
    async () => {
      await countTurn(metrics, 'invoke', 'unknown', async () => undefined);
      return UNKNOWN_BUTTON;
    },
  );

  // The same for Action.Submit (a message with the card's data and no text): answered, not ignored.
  app.message(
    async (context) => {
      const a = context.activity;
      const verb = (a.value as { verb?: unknown } | null)?.verb;
      return (
        a.type === ActivityTypes.Message &&
        !a.text &&
        typeof a.value === 'object' &&
        a.value !== null &&
        !knownVerbs.has(String(verb))
      );
    },
    async (context) => countTurn(metrics, 'submit', 'unknown', () => reply({ context }, UNKNOWN_BUTTON)),
  );

  app.conversationUpdate('membersAdded', async (context) => {
    const botId = context.activity.recipient?.id;
    const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === botId);
    if (!botAdded || context.activity.conversation?.conversationType !== 'personal') return;
    await reply({ context }, WELCOME);
  });
}

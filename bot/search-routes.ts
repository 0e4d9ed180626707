/**
 * The message extension (manifest `composeExtensions`, command `searchDecisions`): typing in the
 * compose box lists matching decisions (`composeExtension/query`); picking one inserts its card
 * (`composeExtension/selectItem`). The inserted card is read-only for people with nothing to do,
 * while its refresh gives each pending role holder their own actionable view (the `card.refresh`
 * verb), with every server check of a click on the home card.
 * A refusal or fault is answered as a message in the compose box, never as an error.
 */
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { MessagingExtensionResult } from 'botbuilder';
import { CardFactory } from 'botbuilder';
import { searchResult } from '../cards/search-result';
import { summarize } from '../domain/decision-summary';
import type { Metrics } from '../domain/metrics';
import { pickedDecision, searchDecisions } from './handlers/decision-search';
import { renderDecisionCard, type Viewer } from './render-cards';
import { messageFor } from './turn-errors';
import type { TurnOf } from './turn-builder';
import { countTurn } from './turn-metrics';

export const SEARCH_COMMAND = 'searchDecisions';

/**
 * Whom the inserted card is drawn for: someone with no role, so it shows no buttons. It goes into
 * any chat, to people the bot does not know; the pending role holders get their own view from its
 * refresh, and every click is checked on the server whatever the card showed.
 */
const ONLOOKER: Viewer = { aadObjectId: '', roles: [] };

const message = (text: string): MessagingExtensionResult => ({ type: 'message', text });

export function registerSearchRoutes(app: Application<TurnState>, turnOf: TurnOf, metrics: Metrics): void {
  app.messageExtensions.query(SEARCH_COMMAND, async (context, _state, query) => {
    let result = message('');
    await countTurn(metrics, 'invoke', 'search', async (watch) => {
      const turn = await turnOf(context);
      const text = typeof query.parameters.query === 'string' ? query.parameters.query : '';
      try {
        const found = await watch(() => searchDecisions(turn, text, query.skip, query.count))();
        result =
          found.decisions.length === 0 && query.skip === 0
            ? message(
                found.text
                  ? `No decision you can see matches "${found.text}". Try its reference (e.g. 1065) or a word of its title.`
                  : 'There are no decisions you can see yet.',
              )
            : {
                type: 'result',
                attachmentLayout: 'list',
                attachments: found.decisions.map((d) => searchResult(d, turn.deps.profile)),
              };
      } catch (e) {
        result = message(messageFor(e, turn));
      }
    });
    return result;
  });

  // A search command this version does not have (an older or newer app package): said in the compose box.
  app.messageExtensions.query(
    async (context) => context.activity.type === 'invoke' && context.activity.name === 'composeExtension/query',
    async () => {
      await countTurn(metrics, 'invoke', 'search.unknown', async () => undefined);
      return message('This search is not one I know. Ask your Teams admin to update the Decision Tracker app.');
    },
  );

  app.messageExtensions.selectItem(async (context, _state, item) => {
    let result = message('');
    await countTurn(metrics, 'invoke', 'search.select', async (watch) => {
      const turn = await turnOf(context);
      try {
        const decision = await watch(() => pickedDecision(turn, item))();
        const card = await renderDecisionCard(turn.deps, decision, ONLOOKER, null, turn.assignments);
        const preview = searchResult(summarize(decision), turn.deps.profile).preview;
        result = {
          type: 'result',
          attachmentLayout: 'list',
          attachments: [{ ...CardFactory.adaptiveCard(card), preview }],
        };
      } catch (e) {
        result = message(messageFor(e, turn));
      }
    });
    return result;
  });
}

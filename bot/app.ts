/**
 * The Teams application: teams-ai's Application, wired. A turn goes, top to bottom: the tenant
 * filter (tenant-filter.ts), the conversation memory (conversation-memory.ts) and the sender's
 * two Teams ids (people.ts) before every turn; then the first route that matches: chat
 * messages (message-routes.ts), card buttons (card-routes.ts), dialogs (dialog-routes.ts), the
 * compose box's search (search-routes.ts), and
 * what no route knows (fallbacks.ts). Each route builds the Turn its handler gets (turn-builder.ts) and maps errors
 * in one place (turn-errors.ts). Decision data lives in our store, never in teams-ai turn state
 * (which fails with eTag conflicts when two people click at once).
 */
import type { TurnContext } from 'botbuilder';
// teams-ai's own modules, not its index (which loads the AI side this bot never uses; teams-adapter.ts).
import { Application } from '@microsoft/teams-ai/lib/Application';
import { TurnState } from '@microsoft/teams-ai/lib/TurnState';
import type { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
import { prepareCardTemplates } from '../cards/prepare-templates';
import type { BotDeps } from './bot-context';
import { CardPublisher } from './card-publisher';
import { registerCardRoutes } from './card-routes';
import { registerDialogRoutes } from './dialog-routes';
import { ConversationMemory } from './conversation-memory';
import { registerFallbacks } from './fallbacks';
import { registerMessageRoutes } from './message-routes';
import { registerSearchRoutes } from './search-routes';
import { PeopleDirectory } from './people';
import { admitTenant } from './tenant-filter';
import { turnBuilder } from './turn-builder';
import { noMetrics } from '../domain/metrics';

export interface BotApp {
  readonly app: Application<TurnState>;
  readonly publisher: CardPublisher;
  run(context: TurnContext): Promise<void>;
  /** Parses the card templates in the background (prepare-templates.ts); call once the server listens. */
  warmUp(): Promise<void>;
}

export function createBotApp(given: BotDeps, adapter: TeamsAdapter): BotApp {
  const people =
    given.people ??
    new PeopleDirectory({ store: given.store, adapter, botAppId: given.botAppId, logger: given.logger });
  const deps: BotDeps = { ...given, people };
  const app = new Application<TurnState>({
    adapter,
    botAppId: deps.botAppId,
    removeRecipientMention: false,
    startTypingTimer: false,
    longRunningMessages: false,
    turnStateFactory: () => new TurnState(),
  });
  const publisher = new CardPublisher(adapter, deps);
  const conversations = new ConversationMemory(deps.store);

  app.turn('beforeTurn', async (context) => {
    if (!(await admitTenant(deps, context))) return false;
    await conversations.remember(context);
    await people.learnFrom(context);
    return true;
  });

  const turnOf = turnBuilder(deps, publisher);
  const metrics = deps.metrics ?? noMetrics;
  registerMessageRoutes(app, turnOf, metrics);
  registerCardRoutes(app, turnOf, metrics);
  registerDialogRoutes(app, turnOf);
  registerSearchRoutes(app, turnOf, metrics);
  registerFallbacks(app, metrics);

  return {
    app,
    publisher,
    run: (context) => app.run(context).then(() => undefined),
    warmUp: () => prepareCardTemplates(),
  };
}

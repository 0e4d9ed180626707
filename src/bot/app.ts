/**
 * The Teams application: teams-ai's Application, wrapped. It registers the routes from
 * routes.ts, filters tenants, builds the Turn each handler gets, and turns errors into chat
 * messages or invoke replies in one place. Decision data lives in our store, never in teams-ai
 * turn state (which fails with eTag conflicts when two people click at once).
 */
import { ActivityTypes, type CloudAdapter, type TurnContext } from 'botbuilder';
import { Application, TurnState } from '@microsoft/teams-ai';
import { DomainError, ErrorCode } from '../domain/errors';
import { type BotDeps, type Turn, conversationOf, rolesOf } from './bot-context';
import { prepareCardTemplates } from '../cards/prepare-templates';
import { CardPublisher, cardActivity } from './card-publisher';
import { MAX_COMMAND_LENGTH, botNamesIn, nearestCommand, plainText, splitCommand } from './command-text';
import { loadDecision } from './decision-changes';
import { renderDecisionCard } from './render-cards';
import { RecentKeys } from './recent-keys';
import { reply } from './replies';
import { TEAMS_FILE } from './handlers/import-source';
import { commands, verbs, type VerbAnswer } from './routes';

const CARD_RESPONSE = 'application/vnd.microsoft.card.adaptive';
const MESSAGE_RESPONSE = 'application/vnd.microsoft.activity.message';

/** Conversations (and personal chats) remembered as already saved; beyond that, saved again when seen. */
export const MAX_REMEMBERED_CONVERSATIONS = 10_000;

export interface BotApp {
  readonly app: Application<TurnState>;
  readonly publisher: CardPublisher;
  run(context: TurnContext): Promise<void>;
}

export function createBotApp(deps: BotDeps, adapter: CloudAdapter): BotApp {
  prepareCardTemplates();
  const app = new Application<TurnState>({
    adapter: adapter as never,
    botAppId: deps.botAppId,
    removeRecipientMention: false,
    startTypingTimer: false,
    longRunningMessages: false,
    turnStateFactory: () => new TurnState(),
  });
  const publisher = new CardPublisher(adapter, deps);
  // Conversations already saved to the store. Anyone who can send an activity can name a new
  // conversation, so only the most recent are remembered; a forgotten one is just saved again.
  const seenConversations = new RecentKeys(MAX_REMEMBERED_CONVERSATIONS);

  const tenantOf = (context: TurnContext): string | null => {
    const a = context.activity;
    return a.conversation?.tenantId ?? (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? null;
  };

  app.turn('beforeTurn', async (context) => {
    if (deps.allowedTenants.size > 0) {
      const tenant = tenantOf(context);
      if (!tenant || !deps.allowedTenants.has(tenant)) {
        deps.logger.warn('activity from a tenant that is not allowed was ignored', { tenant, type: context.activity.type });
        if (context.activity.type === ActivityTypes.Invoke) await context.sendActivity({ type: 'invokeResponse', value: { status: 403 } });
        return false;
      }
    }
    await rememberConversation(context);
    return true;
  });

  async function rememberConversation(context: TurnContext): Promise<void> {
    const ref = conversationOf(context);
    const from = context.activity.from;
    const keys = [`conversation:${ref.conversationId}`];
    if (ref.conversationType === 'personal' && from?.aadObjectId) keys.push(`personal:${from.aadObjectId}`);
    for (const key of keys) {
      const seen = `${key}|${ref.serviceUrl}`;
      if (seenConversations.has(seen)) continue;
      await deps.store.saveConversation(key, ref);
      seenConversations.add(seen);
    }
  }

  async function turnOf(context: TurnContext): Promise<Turn> {
    const from = context.activity.from ?? { id: '', name: '' };
    const aadObjectId = from.aadObjectId ?? from.id;
    const assignments = await deps.store.listRoleAssignments();
    return {
      context,
      deps,
      publisher,
      conversation: conversationOf(context),
      now: deps.clock.now().toISOString(),
      assignments,
      actor: { aadObjectId, name: from.name ?? 'Someone', roles: rolesOf(assignments, aadObjectId), isAdmin: deps.admins.has(aadObjectId.toLowerCase()) },
    };
  }

  const commandOf = (context: TurnContext) => {
    const a = context.activity;
    if (a.type !== ActivityTypes.Message || typeof a.text !== 'string') return null;
    return splitCommand(plainText(a.text, botNamesIn(a)));
  };

  /** Channels and group chats need the @mention; personal chat does not. */
  const addressedToBot = (context: TurnContext): boolean => {
    const a = context.activity;
    if (a.conversation?.conversationType === 'personal' || !a.conversation?.conversationType) return true;
    return (a.entities ?? []).some((e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === a.recipient?.id);
  };

  for (const command of commands) {
    app.message(
      async (context) =>
        addressedToBot(context) && (context.activity.text ?? '').length <= (command.maxLength ?? MAX_COMMAND_LENGTH) && commandOf(context)?.verb === command.name,
      async (context) => {
        const turn = await turnOf(context);
        await guard(turn, () => command.handler(turn, commandOf(context)?.args ?? ''));
      },
    );
  }

  // A file sent on its own in personal chat (no command typed): read it as `import`.
  const importRoute = commands.find((c) => c.name === 'import');
  if (importRoute)
    app.message(
      async (context) =>
        context.activity.conversation?.conversationType === 'personal' &&
        !commandOf(context) &&
        (context.activity.attachments ?? []).some((a) => a.contentType === TEAMS_FILE),
      async (context) => {
        const turn = await turnOf(context);
        await guard(turn, () => importRoute.handler(turn, ''));
      },
    );

  // Anything else with text: too long, empty, or not a command.
  app.message(
    async (context) => typeof context.activity.text === 'string' && addressedToBot(context),
    async (context) => {
      const turn = await turnOf(context);
      const text = context.activity.text ?? '';
      if (text.length > MAX_COMMAND_LENGTH)
        return reply(turn, `That message is ${text.length.toLocaleString('en-GB')} characters long; I read commands of up to ${MAX_COMMAND_LENGTH.toLocaleString('en-GB')}. Shorten it, or use \`edit <ref>\` for long text.`);
      const command = commandOf(context);
      if (!command) return reply(turn, 'Type `help` to see what I can do.');
      const near = nearestCommand(command.verb, commands.map((c) => c.name));
      const shown = command.verb.length > 40 ? `${command.verb.slice(0, 40)}…` : command.verb;
      await reply(turn, `I don't know the command "${shown}".${near ? ` Did you mean \`${near}\`?` : ''} Type \`help\` to see every command.`);
    },
  );

  for (const [verb, handler] of Object.entries(verbs)) {
    app.adaptiveCards.actionExecute(verb, async (context, _state, data) => {
      const turn = await turnOf(context);
      const answer = await answerVerb(turn, () => handler(turn, data ?? {}), data);
      await context.sendActivity({
        type: 'invokeResponse',
        value: {
          status: 200,
          body: 'card' in answer ? { statusCode: 200, type: CARD_RESPONSE, value: answer.card } : { statusCode: 200, type: MESSAGE_RESPONSE, value: answer.message },
        },
      });
      return '';
    });
    app.adaptiveCards.actionSubmit(verb, async (context, _state, data) => {
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
      const card = ref ? await renderDecisionCard(deps, (await loadDecision(turn, ref)).decision, null) : answer.card;
      await context.updateActivity({ ...cardActivity(card), id: replyToId });
    });
  }

  // A card button with a verb no route knows (forged, or from a card older than this version): a clear answer, not a 501.
  const knownVerbs = new Set(Object.keys(verbs));
  app.adaptiveCards.actionExecute(
    async (context) => {
      const a = context.activity;
      return a.type === ActivityTypes.Invoke && a.name === 'adaptiveCard/action' && a.value?.action?.type === 'Action.Execute' && !knownVerbs.has(String(a.value?.action?.verb));
    },
    async () => 'This button is not one I know. Type `show <ref>` for a fresh card of the decision.',
  );

  // The same for Action.Submit (a message with the card's data and no text): answered, not ignored.
  app.message(
    async (context) => {
      const a = context.activity;
      return !a.text && typeof a.value === 'object' && a.value !== null && !knownVerbs.has(String((a.value as { verb?: unknown }).verb));
    },
    async (context) => reply({ context }, 'This button is not one I know. Type `show <ref>` for a fresh card of the decision.'),
  );

  app.conversationUpdate('membersAdded', async (context) => {
    const botId = context.activity.recipient?.id;
    const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === botId);
    if (!botAdded || context.activity.conversation?.conversationType !== 'personal') return;
    await reply({ context }, "Hello, I'm Decision Tracker: I carry funding decisions from draft to signed record, and warn you before funding runs out. Type `help` to see what I can do.");
  });

  /** Domain refusals become a clear sentence; anything else is logged and answered without detail. */
  async function guard(turn: Turn, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (e) {
      await reply(turn, messageFor(e, turn));
    }
  }

  async function answerVerb(turn: Turn, work: () => Promise<VerbAnswer>, data: Record<string, unknown> | undefined): Promise<VerbAnswer> {
    try {
      return await work();
    } catch (e) {
      if (e instanceof DomainError && e.code === ErrorCode.StaleVersion && typeof data?.ref === 'string') {
        const stored = await deps.store.getDecision(data.ref);
        if (stored) {
          const viewer = { aadObjectId: turn.actor.aadObjectId, roles: turn.actor.roles };
          return { card: await renderDecisionCard(deps, stored.decision, viewer, `${e.message}`) };
        }
      }
      return { message: messageFor(e, turn) };
    }
  }

  function messageFor(e: unknown, turn: Turn): string {
    if (e instanceof DomainError) return e.message;
    const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    deps.logger.error('unhandled error in a turn', { id, error: String((e as Error)?.stack ?? e), activityType: turn.context.activity.type });
    return `Something went wrong on our side and nothing was changed. Please try again; if it keeps happening, give your IT team this reference: ${id}.`;
  }

  return { app, publisher, run: (context) => app.run(context).then(() => undefined) };
}

/**
 * The scheduler's MessageSender (scheduler/message-sender.ts) for Teams: sending one outbox
 * message through the Bot Framework connector at the stored conversation's serviceUrl.
 * - A conversation target is reached with continueConversationAsync.
 * - A person is reached in their personal chat if the bot knows it; otherwise one is created the
 *   way Teams allows: createConversationAsync with their MRI (`29:…`, known from their messages or
 *   looked up in the roster of the decision's home conversation, people.ts), `isGroup: false` and
 *   the tenant. Teams refuses (403/404) unless the app is installed for them personally or in a
 *   team they are in; then the message goes to the decision's home channel or chat with an
 *   @mention of them instead, and says so (SentMessage.fallback).
 * - A send counts only with the activity id Teams gives back; every failure comes out as a
 *   SendFailure with a kind the dispatcher acts on: throttled, transient, gone (403/404: not
 *   retried), or rejected.
 * Sends go through a connector client of their own without the SDK's retries (own-connector-client.ts).
 */
import type { Activity, BotAdapter, ConversationParameters, TurnContext } from 'botbuilder';
import type { ConversationRef, KnownPerson, Store } from '../storage/store';
import {
  SendFailure,
  SendTimedOut,
  type MessageSender,
  type OutgoingMessage,
  type SentMessage,
} from '../scheduler/message-sender';
import type { DeliveryTarget } from '../scheduler/reminder-scan';
import { cardActivity } from './card-publisher';
import { toConversationReference } from './conversation-reference';
import { useOwnClientWithoutRetries } from './own-connector-client';
import { PeopleDirectory } from './people';
import { inProactiveTurn } from './proactive-turn';
import { toSendFailure } from './send-failures';

export { toSendFailure } from './send-failures';

export interface TeamsSenderOptions {
  readonly adapter: Pick<BotAdapter, 'continueConversationAsync' | 'createConversationAsync'>;
  readonly botAppId: string;
  readonly store: Store;
  /** A send that has not answered by then counts as a transient failure. Default 15 s. */
  readonly timeoutMs?: number;
}

/** Teams refused to start a 1:1 chat with the person (403/404): the app does not reach them. */
class ChatRefused extends SendFailure {}

export class TeamsSender implements MessageSender {
  private readonly timeoutMs: number;
  private readonly people: PeopleDirectory;

  constructor(private readonly options: TeamsSenderOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.people = new PeopleDirectory({ store: options.store, adapter: options.adapter, botAppId: options.botAppId });
  }

  async conversationOf(target: DeliveryTarget): Promise<string | null> {
    if ('conversationId' in target) return target.conversationId;
    return (await this.options.store.getConversation(`personal:${target.userAadObjectId}`))?.conversationId ?? null;
  }

  async send(target: DeliveryTarget, message: OutgoingMessage, via: ConversationRef | null): Promise<SentMessage> {
    const { store } = this.options;
    if ('conversationId' in target) {
      const ref =
        (await store.getConversation(`conversation:${target.conversationId}`)) ??
        (via?.conversationId === target.conversationId ? via : null);
      if (!ref)
        throw new SendFailure(
          'gone',
          `The bot has no record of conversation ${target.conversationId} (it has never been spoken to there).`,
        );
      return this.withTimeout(this.continueAndSend(ref, activityOf(message)));
    }
    const aad = target.userAadObjectId;
    const personal = await store.getConversation(`personal:${aad}`);
    if (personal) return this.withTimeout(this.continueAndSend(personal, activityOf(message)));
    if (!via)
      throw new SendFailure(
        'gone',
        `No personal chat with ${aad} is known, and there is no conversation in their tenant to start one from.`,
      );
    let person: KnownPerson | undefined;
    try {
      person = (await this.people.find([aad], async () => via, { rethrow: true })).get(aad.toLowerCase());
    } catch (e) {
      // The roster could not be read just now (throttled, 5xx): try again later.
      throw toSendFailure(e, 'lookup');
    }
    if (!person)
      throw new SendFailure(
        'gone',
        `${aad} is not in the roster of the decision's conversation, so no chat with them can start and they cannot be @mentioned.`,
      );
    return this.withTimeout(
      this.createAndSend(person, via, activityOf(message)).catch((e: unknown) => {
        if (!(e instanceof ChatRefused) || via.conversationType === 'personal') throw e;
        return this.mentionInHome(person, via, message, e);
      }),
    );
  }

  async withdraw(message: SentMessage, via: ConversationRef | null): Promise<void> {
    const { activityId, conversationId } = message;
    if (!activityId) {
      throw new SendFailure('rejected', `The message in ${conversationId} has no activity id to delete.`);
    }
    const ref =
      (await this.options.store.getConversation(`conversation:${conversationId}`)) ??
      (via?.conversationId === conversationId ? via : null);
    if (!ref) throw new SendFailure('gone', `The bot has no record of conversation ${conversationId}.`);
    try {
      await inProactiveTurn(
        (logic) =>
          this.options.adapter.continueConversationAsync(this.options.botAppId, toConversationReference(ref), logic),
        (context) => context.deleteActivity(activityId),
      );
    } catch (e) {
      throw toSendFailure(e, 'delete');
    }
  }

  private async continueAndSend(ref: ConversationRef, activity: Partial<Activity>): Promise<SentMessage> {
    try {
      const activityId = await inProactiveTurn(
        (logic) =>
          this.options.adapter.continueConversationAsync(this.options.botAppId, toConversationReference(ref), logic),
        (context) => sendCounted(context, activity),
      );
      return { activityId, conversationId: ref.conversationId };
    } catch (e) {
      throw toSendFailure(e, 'send');
    }
  }

  private async createAndSend(
    person: KnownPerson,
    via: ConversationRef,
    activity: Partial<Activity>,
  ): Promise<SentMessage> {
    const tenantId = via.tenantId ?? undefined;
    const parameters = {
      isGroup: false,
      bot: { id: via.botId, name: via.botName },
      members: [{ id: person.mri, name: person.name }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    } as unknown as ConversationParameters;
    let created: ConversationRef | null = null;
    try {
      return await inProactiveTurn(
        (logic) =>
          this.options.adapter.createConversationAsync(
            this.options.botAppId,
            via.channelId,
            via.serviceUrl,
            '',
            parameters,
            logic,
          ),
        async (context) => {
          const conversationId = context.activity.conversation.id;
          created = { ...via, conversationId, conversationType: 'personal', teamId: null };
          // Stored before the send, so that a retry after a failed send reuses this chat.
          await this.options.store.saveConversation(`personal:${person.aadObjectId}`, created);
          await this.options.store.saveConversation(`conversation:${conversationId}`, created);
          return { activityId: await sendCounted(context, activity), conversationId };
        },
      );
    } catch (e) {
      const failure = toSendFailure(e, created ? 'send' : 'create');
      if (created) throw failure;
      // Teams will not start a chat with this person (app not installed for them, blocked, bad request).
      if (failure.kind === 'gone' || failure.kind === 'rejected')
        throw new ChatRefused('gone', failure.message, failure.status);
      throw failure;
    }
  }

  /** The message in the decision's home conversation, addressed to the person with an @mention. */
  private async mentionInHome(
    person: KnownPerson,
    home: ConversationRef,
    message: OutgoingMessage,
    refused: SendFailure,
  ): Promise<SentMessage> {
    const at = `<at>${person.name}</at>`;
    const activity: Partial<Activity> = {
      ...cardActivity(message.card),
      text: `${at} ${message.text}`,
      entities: [{ type: 'mention', mentioned: { id: person.mri, name: person.name }, text: at }],
    };
    const sent = await this.continueAndSend(home, activity);
    const why = refused.status === 403 ? 'the app is not installed for them' : `Teams refused it: ${refused.message}`;
    return { ...sent, fallback: { mentioned: person.mri, reason: `no personal chat: ${why}` } };
  }

  private withTimeout(work: Promise<SentMessage>): Promise<SentMessage> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new SendTimedOut(`The connector did not answer within ${this.timeoutMs} ms.`, work)),
        this.timeoutMs,
      );
    });
    // A hung request keeps running in the background; the dispatcher watches for its late answer.
    work.catch(() => undefined);
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }
}

/** Sends through the outbox's own client; a send counts only with the id Teams gives the message. */
async function sendCounted(context: TurnContext, activity: Partial<Activity>): Promise<string> {
  useOwnClientWithoutRetries(context);
  const id = (await context.sendActivity(activity))?.id;
  if (!id)
    throw new SendFailure(
      'rejected',
      'Teams answered without a message id, so whether it arrived is unknown; not sent again (check the chat).',
    );
  return id;
}

/** The message as a Bot Framework activity: the card as an attachment, the text beside it. */
export function activityOf(message: OutgoingMessage): Partial<Activity> {
  const activity = { ...cardActivity(message.card), text: message.text };
  return message.alert ? { ...activity, channelData: { notification: { alert: true } } } : activity;
}

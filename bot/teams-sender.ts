/**
 * The scheduler's MessageSender (scheduler/message-sender.ts) for Teams: sending one outbox
 * message through the Bot Framework connector at the stored conversation's serviceUrl. A
 * conversation target is reached with continueConversationAsync; a person with no stored personal
 * chat gets one created (createConversationAsync with the tenant and their AAD object id, the way
 * Teams allows a bot installed for them to start a chat), which is stored as `personal:<aad>` for
 * next time. Every failure comes out as a SendFailure with a kind the dispatcher acts on:
 * throttled, transient, gone (403/404: not retried), or rejected.
 */
import type { Activity, BotAdapter, ConversationParameters, TurnContext } from 'botbuilder';
import type { ConversationRef, Store } from '../storage/store';
import {
  SendFailure,
  SendTimedOut,
  type MessageSender,
  type OutgoingMessage,
  type SentMessage,
} from '../scheduler/message-sender';
import type { DeliveryTarget } from '../scheduler/reminder-scan';
import { cardActivity, toConversationReference } from './card-publisher';
import { inProactiveTurn } from './proactive-turn';

export interface TeamsSenderOptions {
  readonly adapter: Pick<BotAdapter, 'continueConversationAsync' | 'createConversationAsync'>;
  readonly botAppId: string;
  readonly store: Store;
  /** A send that has not answered by then counts as a transient failure. Default 15 s. */
  readonly timeoutMs?: number;
}

export class TeamsSender implements MessageSender {
  private readonly timeoutMs: number;

  constructor(private readonly options: TeamsSenderOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  async conversationOf(target: DeliveryTarget): Promise<string | null> {
    if ('conversationId' in target) return target.conversationId;
    return (await this.options.store.getConversation(`personal:${target.userAadObjectId}`))?.conversationId ?? null;
  }

  async send(target: DeliveryTarget, message: OutgoingMessage, via: ConversationRef | null): Promise<SentMessage> {
    const { store } = this.options;
    const activity = activityOf(message);
    if ('conversationId' in target) {
      const ref =
        (await store.getConversation(`conversation:${target.conversationId}`)) ??
        (via?.conversationId === target.conversationId ? via : null);
      if (!ref)
        throw new SendFailure(
          'gone',
          `The bot has no record of conversation ${target.conversationId} (it has never been spoken to there).`,
        );
      return this.withTimeout(this.continueAndSend(ref, activity));
    }
    const personal = await store.getConversation(`personal:${target.userAadObjectId}`);
    if (personal) return this.withTimeout(this.continueAndSend(personal, activity));
    if (!via)
      throw new SendFailure(
        'gone',
        `No personal chat with ${target.userAadObjectId} is known, and there is no conversation in their tenant to start one from.`,
      );
    return this.withTimeout(this.createAndSend(target.userAadObjectId, via, activity));
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
        async (context) => {
          withoutSdkRetries(context);
          return (await context.sendActivity(activity))?.id ?? null;
        },
      );
      return { activityId, conversationId: ref.conversationId };
    } catch (e) {
      throw toSendFailure(e, 'send');
    }
  }

  private async createAndSend(
    aadObjectId: string,
    via: ConversationRef,
    activity: Partial<Activity>,
  ): Promise<SentMessage> {
    const tenantId = via.tenantId ?? undefined;
    const parameters = {
      isGroup: false,
      bot: { id: via.botId, name: via.botName },
      members: [{ id: aadObjectId, name: '' }],
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
          withoutSdkRetries(context);
          const conversationId = context.activity.conversation.id;
          created = { ...via, conversationId, conversationType: 'personal', teamId: null };
          // Stored before the send, so that a retry after a failed send reuses this chat.
          await this.options.store.saveConversation(`personal:${aadObjectId}`, created);
          await this.options.store.saveConversation(`conversation:${conversationId}`, created);
          return { activityId: (await context.sendActivity(activity))?.id ?? null, conversationId };
        },
      );
    } catch (e) {
      const failure = toSendFailure(e, created ? 'send' : 'create');
      // A person the bot may not message (app not installed for them, blocked): recorded, not retried.
      if (!created && failure.kind === 'rejected') throw new SendFailure('gone', failure.message, failure.status);
      throw failure;
    }
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

/**
 * The connector client retries 429s and 5xx by itself (up to 3 times, in real time, past our
 * rate limiter and our records). Sends from the outbox take those retries out of the connector
 * client made for this turn, so every attempt is paced, counted and recorded by the dispatcher.
 * The client was created by createConversationAsync before its own call, so that one call keeps
 * the built-in retries; if the SDK's internals change this does nothing and both layers retry.
 */
function withoutSdkRetries(context: TurnContext): void {
  // The connector client is found by the adapter's public key. Its HTTP pipeline is private to the
  // SDK's ServiceClientContext, which honours no retry option: this shape is the one place outside
  // the SDK's public types (see the report in issue 15); without it both layers would retry.
  const connector = context.turnState.get<ConnectorPipelineHolder | undefined>(context.adapter.ConnectorClientKey);
  connector?.client?.pipeline?.removePolicy?.({ name: 'defaultRetryPolicy' });
}

/** What withoutSdkRetries expects of the SDK's connector client (private in its types). */
interface ConnectorPipelineHolder {
  readonly client?: { readonly pipeline?: { removePolicy?(policy: { name: string }): unknown } };
}

/** The message as a Bot Framework activity: the card as an attachment, the text beside it. */
export function activityOf(message: OutgoingMessage): Partial<Activity> {
  const activity = { ...cardActivity(message.card), text: message.text };
  return message.alert ? { ...activity, channelData: { notification: { alert: true } } } : activity;
}

interface ConnectorError {
  readonly statusCode?: number;
  readonly message?: string;
  readonly code?: string;
  readonly response?: { readonly headers?: { get?(name: string): string | undefined } | Record<string, string> };
}

function header(e: ConnectorError, name: string): string | undefined {
  const headers = e.response?.headers;
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function')
    return (headers as { get(n: string): string | undefined }).get(name) ?? undefined;
  const record = headers as Record<string, string>;
  return record[name] ?? record[name.toLowerCase()];
}

const FAILED_WHILE = { create: 'creating the personal chat', send: 'sending', delete: 'deleting' } as const;

export function toSendFailure(e: unknown, what: keyof typeof FAILED_WHILE): SendFailure {
  if (e instanceof SendFailure) return e;
  const error = (e ?? {}) as ConnectorError;
  const status = typeof error.statusCode === 'number' ? error.statusCode : null;
  const detail = `${FAILED_WHILE[what]} failed${status === null ? '' : ` with HTTP ${status}`}: ${error.message ?? String(e)}`;
  if (status === 429) return new SendFailure('throttled', detail, status, header(error, 'retry-after') ?? null);
  if (status === 403 || status === 404) return new SendFailure('gone', detail, status);
  if (status === null || status === 408 || status >= 500) return new SendFailure('transient', detail, status);
  return new SendFailure('rejected', detail, status);
}

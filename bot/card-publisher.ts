/**
 * One card per decision, updated in place. The card in the decision's home conversation is the
 * shared base card (what everyone without a role-specific view sees). After every change it is
 * re-rendered and PUT over the same message, in the background so that invokes answer at once;
 * bursts of changes to one decision collapse into one update. If the message is gone, a fresh
 * card is posted and remembered as the home card.
 */
import {
  CardFactory,
  MessageFactory,
  type CloudAdapter,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import { refKey } from '../domain/decision';
import type { Logger } from '../domain/logger';
import type { ConversationRef, Store, StoredDecision } from '../storage/store';
import { inProactiveTurn } from './proactive-turn';
import { renderDecisionCard, type CardDeps } from './render-cards';

/** What the publisher uses of the bot's dependencies. */
export interface PublisherDeps extends CardDeps {
  readonly store: Store;
  readonly botAppId: string;
  readonly logger: Logger;
}

export function toConversationReference(ref: ConversationRef): Partial<ConversationReference> {
  return {
    channelId: ref.channelId,
    serviceUrl: ref.serviceUrl,
    bot: { id: ref.botId, name: ref.botName },
    conversation: {
      id: ref.conversationId,
      isGroup: ref.conversationType !== 'personal',
      conversationType: ref.conversationType ?? undefined,
      tenantId: ref.tenantId ?? undefined,
      name: '',
    },
  } as Partial<ConversationReference>;
}

export function cardActivity(card: object) {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}

interface QueueEntry {
  running: Promise<void>;
  again: boolean;
  /** The newest decision a caller handed over since the last update started, if any. */
  latest: StoredDecision | null;
}

const statusOf = (e: unknown): number | undefined => (e as { statusCode?: number })?.statusCode;

export class CardPublisher {
  private readonly queue = new Map<string, QueueEntry>();

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly deps: PublisherDeps,
  ) {}

  /** Posts the decision's card in this turn's conversation and makes that message the home card. */
  async postHome(context: TurnContext, stored: StoredDecision, conversation: ConversationRef): Promise<void> {
    const card = await renderDecisionCard(this.deps, stored.decision, null);
    const response = await context.sendActivity(cardActivity(card));
    await this.deps.store.setHome(stored.decision.ref, { conversation, cardActivityId: response?.id ?? null });
  }

  /**
   * Schedules an update of the shared card; returns at once. `latest` is the decision as the
   * caller just wrote it, which saves reading it again; without it the store is read.
   */
  refresh(ref: string, latest?: StoredDecision): void {
    const key = refKey(ref);
    const entry = this.queue.get(key);
    if (entry) {
      entry.again = true;
      if (latest && (entry.latest === null || latest.decision.version > entry.latest.decision.version))
        entry.latest = latest;
      return;
    }
    const state: QueueEntry = { running: Promise.resolve(), again: false, latest: latest ?? null };
    state.running = (async () => {
      // After the turn that asked: its reply (the clicker's card) goes out before this render.
      await new Promise((resolve) => setImmediate(resolve));
      do {
        state.again = false;
        const given = state.latest;
        state.latest = null;
        const reposted = await this.update(ref, given).catch((e: unknown) => {
          this.deps.logger.warn('card update failed', { ref, error: String((e as Error)?.message ?? e) });
          return false;
        });
        // A decision captured before the card was re-posted names the old message: read it again.
        if (reposted) state.latest = null;
      } while (state.again);
      this.queue.delete(key);
    })();
    this.queue.set(key, state);
  }

  /** Decisions whose shared card has an update scheduled or under way (GET /metrics). */
  get pending(): number {
    return this.queue.size;
  }

  /** Resolves when every scheduled update has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.queue.size > 0) await Promise.all([...this.queue.values()].map((q) => q.running));
  }

  /** Updates (or re-posts) the shared card; true when it had to post a fresh one. */
  private async update(ref: string, given: StoredDecision | null): Promise<boolean> {
    const stored = given ?? (await this.deps.store.getDecision(ref));
    if (!stored?.home) return false;
    const home = stored.home;
    const card = await renderDecisionCard(this.deps, stored.decision, null);
    return inProactiveTurn(
      (logic) =>
        this.adapter.continueConversationAsync(this.deps.botAppId, toConversationReference(home.conversation), logic),
      async (ctx) => {
        if (home.cardActivityId) {
          try {
            await withThrottleRetry(() => ctx.updateActivity({ ...cardActivity(card), id: home.cardActivityId! }));
            return false;
          } catch (e) {
            const status = statusOf(e);
            if (status !== 404 && status !== 400) throw e;
            this.deps.logger.info('home card message is gone; posting a fresh card', { ref });
          }
        }
        const response = await withThrottleRetry(() => ctx.sendActivity(cardActivity(card)));
        await this.deps.store.setHome(stored.decision.ref, {
          conversation: home.conversation,
          cardActivityId: response?.id ?? null,
        });
        return true;
      },
    );
  }
}

/** Retries a connector call that Teams throttled (429), waiting as long as Retry-After says (capped). */
export async function withThrottleRetry<T>(call: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (statusOf(e) !== 429 || attempt >= attempts) throw e;
      const retryAfter = Number(
        (e as { response?: { headers?: { get?(h: string): string | undefined } } }).response?.headers?.get?.(
          'retry-after',
        ),
      );
      const waitMs =
        Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, 30_000) : 250 * 2 ** attempt;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}

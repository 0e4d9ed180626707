/**
 * One card per decision, updated in place. The card in the decision's home conversation is the
 * shared base card (what everyone without a role-specific view sees). After every change it is
 * re-rendered and PUT over the same message, in the background so that invokes answer at once;
 * bursts of changes to one decision collapse into one update. If the message is gone, a fresh
 * card is posted and remembered as the home card. Teams' refusals for now (429 after its
 * Retry-After, 412, 5xx, network errors) are retried with backoff; a 403 (the bot removed) is
 * logged and the card left as it is. If Teams refuses the card as too big (413), it is made again
 * at the next squeeze level (cards/card-squeeze.ts) and sent.
 */
import { CardFactory, MessageFactory, type CloudAdapter, type TurnContext } from 'botbuilder';
import { refKey } from '../domain/decision';
import type { Logger } from '../domain/logger';
import type { ConversationRef, Store, StoredDecision } from '../storage/store';
import { toConversationReference } from './conversation-reference';
import { useOwnClientWithoutRetries } from './own-connector-client';
import { inProactiveTurn } from './proactive-turn';
import { MOST_SQUEEZED } from '../cards/card-squeeze';
import type { Decision } from '../domain/types';
import { renderBaseCardFrom, type CardDeps } from './render-cards';

export { toConversationReference };

/** What the publisher uses of the bot's dependencies. */
export interface PublisherDeps extends CardDeps {
  readonly store: Store;
  readonly botAppId: string;
  readonly logger: Logger;
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
    const response = await this.smallerWhenTooBig(stored.decision, (card) => context.sendActivity(cardActivity(card)));
    await this.deps.store.setHome(stored.decision.ref, { conversation, cardActivityId: response?.id ?? null });
  }

  /**
   * Sends the base card through `send`; when Teams refuses it as too big (413 MessageSizeTooBig:
   * it counts UTF-16, and reactions added since count too) makes it again at the next squeeze
   * level and sends that, rather than leaving the card as it was.
   */
  private async smallerWhenTooBig<T>(decision: Decision, send: (card: object) => Promise<T>): Promise<T> {
    for (let rendered = await renderBaseCardFrom(this.deps, decision, 0); ;) {
      try {
        return await send(rendered.card);
      } catch (e) {
        if (statusOf(e) !== 413 || rendered.level >= MOST_SQUEEZED) throw e;
        this.deps.logger.warn('Teams refused the card as too big; sending it smaller', {
          ref: decision.ref,
          level: rendered.level + 1,
        });
        rendered = await renderBaseCardFrom(this.deps, decision, rendered.level + 1);
      }
    }
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
    return inProactiveTurn(
      (logic) =>
        this.adapter.continueConversationAsync(this.deps.botAppId, toConversationReference(home.conversation), logic),
      async (ctx) => {
        // Retries are this publisher's (withConnectorRetry), on a client of its own: the SDK's
        // would add up to three more per call, unseen, and the shared client keeps its own.
        useOwnClientWithoutRetries(ctx);
        if (home.cardActivityId) {
          try {
            await this.smallerWhenTooBig(stored.decision, (card) =>
              withConnectorRetry(() => ctx.updateActivity({ ...cardActivity(card), id: home.cardActivityId! })),
            );
            return false;
          } catch (e) {
            const status = statusOf(e);
            if (status !== 404 && status !== 400) throw e;
            this.deps.logger.info('home card message is gone; posting a fresh card', { ref });
          }
        }
        const response = await this.smallerWhenTooBig(stored.decision, (card) =>
          withConnectorRetry(() => ctx.sendActivity(cardActivity(card))),
        );
        await this.deps.store.setHome(stored.decision.ref, {
          conversation: home.conversation,
          cardActivityId: response?.id ?? null,
        });
        return true;
      },
    );
  }
}

/** Statuses Teams answers when trying again later may work. */
const TRANSIENT = new Set([408, 412, 429, 500, 502, 503, 504]);

/**
 * Retries a connector call Teams refused for now: a 429 after its Retry-After (capped at 30 s),
 * 408, 412, 5xx and network errors after an exponential backoff. 403, 404 and other refusals,
 * and the last failure, go to the caller.
 */
export async function withConnectorRetry<T>(call: () => Promise<T>, attempts = 5, baseMs = 250): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      const status = statusOf(e);
      if ((status !== undefined && !TRANSIENT.has(status)) || attempt >= attempts) throw e;
      const retryAfter = Number(
        (e as { response?: { headers?: { get?(h: string): string | undefined } } }).response?.headers?.get?.(
          'retry-after',
        ),
      );
      const waitMs =
        status === 429 && Number.isFinite(retryAfter) && retryAfter > 0
          ? Math.min(retryAfter * 1000, 30_000)
          : baseMs * 2 ** (attempt - 1);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}

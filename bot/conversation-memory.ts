/**
 * Remembers every conversation the bot is spoken to in (and each person's personal chat), so the
 * scheduler can reach them later. Each one is written to the store once per process while it is
 * among the most recent: anyone who can send an activity can name a new conversation, so only
 * MAX_REMEMBERED_CONVERSATIONS are remembered; a forgotten one is just saved again when seen.
 */
import type { TurnContext } from 'botbuilder';
import type { Store } from '../storage/store';
import { conversationOf } from './bot-context';
import { RecentKeys } from './recent-keys';

export const MAX_REMEMBERED_CONVERSATIONS = 10_000;

export class ConversationMemory {
  private readonly seen = new RecentKeys(MAX_REMEMBERED_CONVERSATIONS);

  /** How many conversations are remembered as saved now. */
  get size(): number {
    return this.seen.size;
  }

  constructor(private readonly store: Pick<Store, 'saveConversation'>) {}

  async remember(context: TurnContext): Promise<void> {
    const ref = conversationOf(context);
    const from = context.activity.from;
    const keys = [`conversation:${ref.conversationId}`];
    if (ref.conversationType === 'personal' && from?.aadObjectId) keys.push(`personal:${from.aadObjectId}`);
    for (const key of keys) {
      const seen = `${key}|${ref.serviceUrl}`;
      if (this.seen.has(seen)) continue;
      await this.store.saveConversation(key, ref);
      this.seen.add(seen);
    }
  }
}

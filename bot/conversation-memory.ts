/**
 * Remembers every conversation the bot is spoken to in (and each person's personal chat), so the
 * scheduler can reach them later. Each one is written to the store once per process.
 */
import type { TurnContext } from 'botbuilder';
import type { Store } from '../storage/store';
import { conversationOf } from './bot-context';

export class ConversationMemory {
  private readonly seen = new Set<string>();

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

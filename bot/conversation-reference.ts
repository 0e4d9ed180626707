/** A stored conversation as botbuilder's ConversationReference, to continue it proactively. */
import type { ConversationReference } from 'botbuilder';
import type { ConversationRef } from '../storage/store';

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

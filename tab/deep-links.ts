/**
 * A link to a decision's card message in Teams (https://teams.microsoft.com/l/message/...), from
 * where the card was posted. In a channel the conversation id carries the thread's root message
 * (";messageid=…"), which Teams wants as parentMessageId; in a chat the chat id is enough.
 */
import type { DecisionHome } from '../storage/store';

export function messageDeepLink(home: DecisionHome | null): string | null {
  if (home === null || home.cardActivityId === null) return null;
  const { conversation } = home;
  const [threadId = '', rootMessage] = conversation.conversationId.split(';messageid=');
  const params = new URLSearchParams();
  if (conversation.tenantId) params.set('tenantId', conversation.tenantId);
  if (conversation.conversationType === 'channel') {
    params.set('parentMessageId', rootMessage ?? home.cardActivityId);
    if (conversation.teamId) params.set('teamId', conversation.teamId);
  } else params.set('context', JSON.stringify({ contextType: 'chat' }));
  return `https://teams.microsoft.com/l/message/${encodeURIComponent(threadId)}/${encodeURIComponent(home.cardActivityId)}?${params}`;
}

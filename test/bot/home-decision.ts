/**
 * PCD 1065 (the seed) living in a channel thread of the harness's tenant, as the bot would have
 * left it: the decision with that thread as its home, and the thread's conversation remembered,
 * so the scheduler can send its reminders and nudges there.
 */
import type { ConversationRef } from '../../storage/store';
import { seedDecision } from '../fixtures/seed-decision';
import type { Harness } from '../support/bot-harness';
import { BOT, TEAM_ID, TENANT } from '../support/teams-activities';

/** The home thread's stored conversation, at the harness's fake connector. */
export const homeRefOf = (h: Harness, conversationId: string): ConversationRef => ({
  conversationId,
  serviceUrl: h.connector.url,
  tenantId: TENANT,
  channelId: 'msteams',
  conversationType: 'channel',
  botId: BOT.id,
  botName: BOT.name,
  teamId: TEAM_ID,
});

/** Creates the seed decision at home in `conversationId` and remembers that conversation. */
export async function seedAtHome(h: Harness, conversationId: string): Promise<ConversationRef> {
  const homeRef = homeRefOf(h, conversationId);
  const decision = seedDecision();
  await h.store.createDecision(
    decision,
    [{ type: 'decision.created', details: {} }],
    { actor: decision.createdBy, at: decision.createdAt },
    { conversation: homeRef, cardActivityId: null },
  );
  await h.store.saveConversation(`conversation:${conversationId}`, homeRef);
  return homeRef;
}

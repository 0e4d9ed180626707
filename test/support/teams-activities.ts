/**
 * Teams-shaped activities for conversation tests, as Teams sends them to /api/messages:
 * channel messages with the bot @mentioned, personal chat messages, and Adaptive Card invokes.
 */
import { randomUUID } from 'node:crypto';
import type { ConversationRef } from '../../storage/store';

export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const BOT = { id: '28:decision-tracker-bot', name: 'Decision Tracker' };
export const TEAM_ID = '19:team-general@thread.tacv2';
export const CHANNEL_ID = '19:commissioning@thread.tacv2';

export interface Person {
  readonly id: string;
  readonly name: string;
  readonly aadObjectId: string;
}

export const person = (key: string, name: string): Person => ({
  id: `29:${key}`,
  name,
  aadObjectId: `00000000-0000-0000-0000-${key.padStart(12, '0').slice(-12)}`,
});

export interface Place {
  readonly conversationId: string;
  readonly conversationType: 'channel' | 'personal' | 'groupChat';
}

export const channelThread = (postId = '1700000000000'): Place => ({
  conversationId: `${CHANNEL_ID};messageid=${postId}`,
  conversationType: 'channel',
});
export const personalChat = (who: Person): Place => ({
  conversationId: `a:personal-${who.aadObjectId}`,
  conversationType: 'personal',
});

/** What every activity from Teams carries: who sent it, where, in which tenant. */
export function base(serviceUrl: string, from: Person, place: Place, tenant: string = TENANT) {
  return {
    id: `act-${randomUUID()}`,
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    recipient: BOT,
    conversation: {
      id: place.conversationId,
      conversationType: place.conversationType,
      tenantId: tenant,
      isGroup: place.conversationType !== 'personal',
    },
    channelData:
      place.conversationType === 'channel'
        ? { tenant: { id: tenant }, team: { id: TEAM_ID }, channel: { id: CHANNEL_ID } }
        : { tenant: { id: tenant } },
    locale: 'en-GB',
  };
}

/** A message; in a channel or group chat the bot is @mentioned first, as Teams requires. */
export function message(
  serviceUrl: string,
  from: Person,
  place: Place,
  text: string,
  options: { tenant?: string; mentions?: Person[] } = {},
) {
  const mention = place.conversationType === 'personal' ? '' : `<at>${BOT.name}</at> `;
  const extra = (options.mentions ?? []).map((p) => ({
    type: 'mention',
    mentioned: { id: p.id, name: p.name },
    text: `<at>${p.name}</at>`,
  }));
  const botMention = mention ? [{ type: 'mention', mentioned: BOT, text: `<at>${BOT.name}</at>` }] : [];
  return {
    ...base(serviceUrl, from, place, options.tenant ?? TENANT),
    type: 'message',
    text: `${mention}${text}`,
    textFormat: 'plain',
    entities: [...botMention, ...extra],
  };
}

/** An Action.Execute click on a card message. */
export function invoke(
  serviceUrl: string,
  from: Person,
  place: Place,
  verb: string,
  data: Record<string, unknown>,
  replyToId?: string,
  options: { tenant?: string } = {},
) {
  return {
    ...base(serviceUrl, from, place, options.tenant ?? TENANT),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId,
    value: { action: { type: 'Action.Execute', verb, data: { verb, ...data } }, trigger: 'manual' },
  };
}

/**
 * A dialog (task module) invoke: `task/fetch` when a button whose data has
 * `msteams: { type: 'task/fetch' }` is pressed (the data as the button has it), `task/submit` when
 * the dialog's form is submitted (its inputs merged into its submit button's data).
 */
export function taskInvoke(
  serviceUrl: string,
  from: Person,
  place: Place,
  name: 'task/fetch' | 'task/submit',
  data: Record<string, unknown>,
) {
  return {
    ...base(serviceUrl, from, place, TENANT),
    type: 'invoke',
    name,
    value: { type: name, data, context: { theme: 'default' } },
  };
}

/** An Action.Submit click (clients without Universal Actions): a message with value and no text. */
export function submitAction(
  serviceUrl: string,
  from: Person,
  place: Place,
  data: Record<string, unknown>,
  replyToId?: string,
) {
  return { ...base(serviceUrl, from, place, TENANT), type: 'message', replyToId, value: data };
}

/** A channel thread as the bot stores it to reach it again (a decision's home, a reminder's target). */
export function channelConversationRef(serviceUrl: string, conversationId: string): ConversationRef {
  return {
    conversationId,
    serviceUrl,
    tenantId: TENANT,
    channelId: 'msteams',
    conversationType: 'channel',
    botId: BOT.id,
    botName: BOT.name,
    teamId: TEAM_ID,
  };
}

/** POSTs an activity to a bot's /api/messages; the reply body as JSON, or as text when it is not JSON. */
export async function postActivity(
  botUrl: string,
  activity: object,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  try {
    return { status: res.status, body: text ? JSON.parse(text) : null };
  } catch {
    return { status: res.status, body: text };
  }
}

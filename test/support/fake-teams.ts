/**
 * A Teams client, as far as card refresh goes: what one person sees of a card message. Teams
 * runs a card's `refresh` action automatically only for the users whose MRIs (`29:…`) its
 * `refresh.userIds` lists, at most 60, by sending the bot an `adaptiveCard/action` invoke with
 * trigger "automatic" from that user; everyone else sees the card as posted. An AAD object id in
 * the list matches nobody, so the fake refuses it outright: a test that relies on it fails here.
 */
import type { FakeConnector } from './fake-connector-types';
import { base, postActivity, type Person, type Place } from './teams-activities';

export const MAX_REFRESH_USERS = 60;

interface RefreshSpec {
  readonly action?: { readonly type?: string; readonly verb?: string; readonly data?: Record<string, unknown> };
  readonly userIds?: readonly string[];
}

const cardIn = (activity: { attachments?: { content?: unknown }[] } | undefined): Record<string, unknown> | null =>
  (activity?.attachments?.[0]?.content as Record<string, unknown> | undefined) ?? null;

/** The MRIs a card would refresh for; throws where Teams would silently refresh for nobody. */
export function refreshingUsers(card: unknown): string[] {
  const refresh = (card as { refresh?: RefreshSpec } | null)?.refresh;
  if (!refresh) return [];
  const ids = refresh.userIds ?? [];
  if (ids.length > MAX_REFRESH_USERS)
    throw new Error(`refresh.userIds lists ${ids.length} users; Teams refreshes for at most ${MAX_REFRESH_USERS}`);
  const notMri = ids.filter((id) => !/^29:/.test(id));
  if (notMri.length > 0)
    throw new Error(`refresh.userIds must hold Teams user ids (29:…), not ${notMri.join(', ')}: Teams matches nobody`);
  if (refresh.action?.type !== 'Action.Execute') throw new Error('refresh.action must be an Action.Execute');
  return [...ids];
}

export interface ClientView {
  /** The card the person sees. */
  readonly card: Record<string, unknown>;
  /** True when Teams refreshed it for them (the bot's answer to the automatic invoke). */
  readonly refreshed: boolean;
}

/**
 * What `who` sees of the card message `activityId` in `place`: the newest content the connector
 * holds, refreshed through the bot at `botUrl` if its refresh lists them, as their Teams client
 * would do on opening the chat.
 */
export async function clientViewOf(
  connector: FakeConnector,
  botUrl: string,
  who: Person,
  place: Place,
  activityId: string,
): Promise<ClientView> {
  const card = cardIn(connector.messageContent(place.conversationId, activityId));
  if (!card) throw new Error(`no card message ${activityId} in ${place.conversationId}`);
  if (!refreshingUsers(card).includes(who.id)) return { card, refreshed: false };
  const action = (card.refresh as RefreshSpec).action!;
  const res = await postActivity(botUrl, {
    ...base(connector.url, who, place),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: activityId,
    value: { action: { type: 'Action.Execute', verb: action.verb, data: action.data ?? {} }, trigger: 'automatic' },
  });
  const body = res.body as { statusCode?: number; type?: string; value?: unknown } | null;
  if (res.status !== 200 || body?.type !== 'application/vnd.microsoft.card.adaptive')
    throw new Error(`the bot answered the automatic refresh with ${res.status} ${JSON.stringify(body)}`);
  return { card: body.value as Record<string, unknown>, refreshed: true };
}

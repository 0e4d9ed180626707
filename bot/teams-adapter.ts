/**
 * teams-ai's TeamsAdapter (a botbuilder CloudAdapter) with the request handling split in two,
 * so the HTTP edge decides the status codes: authentication failures of any kind (missing,
 * forged, expired or misaddressed token) are 401, a body that is not an activity is 400, and
 * only our own faults are 500. CloudAdapter.process answers 500 for a forged signature and logs
 * every failure to the console, which is why requests do not go through it.
 * Connector clients are reused across turns (client-cache.ts).
 */
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import { ClientCachingAuthentication } from './client-cache';

export class AuthenticationFailed extends Error {}

export class DecisionTrackerAdapter extends TeamsAdapter {
  constructor(...args: ConstructorParameters<typeof TeamsAdapter>) {
    super(...args);
    // TeamsAdapter builds its BotFrameworkAuthentication itself and CloudAdapter keeps it in a
    // readonly field: decorate it in place so every turn and proactive send reuses clients.
    Object.defineProperty(this, 'botFrameworkAuthentication', {
      value: new ClientCachingAuthentication(this.botFrameworkAuthentication),
    });
  }

  /** Authenticates the request, then runs the turn; returns the invoke response, if any. */
  async handleActivity(
    activity: Activity,
    authHeader: string,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    let authentication;
    try {
      authentication = await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
    } catch (e) {
      throw new AuthenticationFailed((e as Error)?.message ?? 'unauthorized');
    }
    return this.processActivity(authentication, activity, logic);
  }
}

/** The minimum shape of an activity we will hand to botbuilder; anything else is a 400. */
export function activityProblem(body: unknown): string | null {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return 'The body must be a Bot Framework activity (a JSON object).';
  const a = body as Record<string, unknown>;
  if (typeof a.type !== 'string' || !a.type) return 'The activity has no "type".';
  if (typeof a.serviceUrl !== 'string' || !/^https?:\/\//.test(a.serviceUrl))
    return 'The activity has no http(s) "serviceUrl".';
  const conversation = a.conversation as Record<string, unknown> | undefined;
  if (!conversation || typeof conversation !== 'object' || typeof conversation.id !== 'string' || !conversation.id)
    return 'The activity has no "conversation.id".';
  if (a.from !== undefined && (typeof a.from !== 'object' || a.from === null))
    return 'The activity\'s "from" must be an object.';
  if (a.recipient !== undefined && (typeof a.recipient !== 'object' || a.recipient === null))
    return 'The activity\'s "recipient" must be an object.';
  if (a.text !== undefined && typeof a.text !== 'string') return 'The activity\'s "text" must be a string.';
  if (a.channelId !== undefined && typeof a.channelId !== 'string')
    return 'The activity\'s "channelId" must be a string.';
  return null;
}

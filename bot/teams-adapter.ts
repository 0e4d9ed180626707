/**
 * teams-ai's TeamsAdapter (a botbuilder CloudAdapter) with the request handling split in two,
 * so the HTTP edge decides the status codes: authentication failures of any kind (missing,
 * forged, expired or misaddressed token) are 401, a body that is not an activity is 400
 * (activity-problem.ts), and only our own faults are 500. CloudAdapter.process answers 500 for a
 * forged signature and logs every failure to the console, which is why requests do not go through it.
 * Connector clients are reused across turns (client-cache.ts).
 */
// From its own module, not the package's index: the index loads teams-ai's AI side too (OpenAI
// clients, tokenizers), a fifth of the start-up, which this bot never uses.
import { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import { ClientCachingAuthentication } from './client-cache';
import type { ThrottledCall } from '../domain/metrics';

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

  /** Hears every 429 a connector request of this adapter meets (replies, card updates, outbox sends). */
  set onThrottled(listener: (call: ThrottledCall) => void) {
    (this.botFrameworkAuthentication as ClientCachingAuthentication).onThrottled = listener;
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

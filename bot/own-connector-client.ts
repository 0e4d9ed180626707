/**
 * A connector client of the outbox's own for a proactive turn, without the SDK's retry policy.
 * The SDK's client retries 429s and 5xx by itself (up to 3 times, in real time, past the
 * dispatcher's rate limiter and its records); outbox sends must leave every retry to the
 * dispatcher, so each attempt is paced, counted and recorded. The turn's own client is shared
 * (client-cache.ts keeps one per service URL for every turn, card update and send), so its
 * pipeline is never touched: the turn is given a copy with the same credentials and service URL
 * whose pipeline has no retry policy. Copies are kept per shared client, and go with it.
 */
import type { TurnContext } from 'botbuilder';
import { ConnectorClient } from 'botframework-connector';
import { countThrottlesLike } from './client-cache';

const copies = new WeakMap<object, ConnectorClient>();

/** What the copy is built from: public in the SDK's JavaScript, partly private in its types. */
interface SharedClient {
  readonly credentials: ConstructorParameters<typeof ConnectorClient>[0];
}

/** The retry policy's name in the pipeline (@azure/core-rest-pipeline's defaultRetryPolicy). */
const SDK_RETRY_POLICY = 'defaultRetryPolicy';

export function useOwnClientWithoutRetries(context: TurnContext): ConnectorClient | null {
  const key = context.adapter.ConnectorClientKey;
  const shared = context.turnState.get<SharedClient | undefined>(key);
  if (!shared?.credentials) return null;
  let own = copies.get(shared);
  if (!own) {
    const userAgent = (context.adapter as { userAgent?: string }).userAgent;
    own = new ConnectorClient(shared.credentials, { baseUri: context.activity.serviceUrl, userAgent });
    // The pipeline is private to the SDK's ServiceClientContext, which honours no retry option:
    // this shape is the one place outside the SDK's public types (see the report in issue 15).
    (own as unknown as PipelineHolder).client?.pipeline?.removePolicy?.({ name: SDK_RETRY_POLICY });
    countThrottlesLike(shared, own);
    copies.set(shared, own);
  }
  context.turnState.set(key, own);
  return own;
}

interface PipelineHolder {
  readonly client?: { readonly pipeline?: { removePolicy?(policy: { name: string }): unknown } };
}

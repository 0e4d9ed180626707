/**
 * Reusing Bot Connector clients across turns. CloudAdapter builds a new ConnectorClient and a
 * new UserTokenClient (each with its own HTTP pipeline) for every incoming activity and every
 * proactive send; under load that was the largest single cost of a card click after the card
 * itself. The clients hold no per-turn state (credentials cache their own tokens), so one per
 * bot app id, service URL and audience is kept, as botbuilder's older BotFrameworkAdapter did.
 */
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botbuilder';
import type { ThrottledCall } from '../domain/metrics';

/**
 * Service URLs come from activities; without authentication anyone can send any, so the cache
 * is bounded (least recently used out). Teams uses a handful per tenant.
 */
const MAX_CLIENTS = 64;

class BoundedCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(private readonly limit: number) {}

  get(key: string, create: () => Promise<T>): Promise<T> {
    let entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key); // re-inserted below: most recently used last
    } else {
      entry = create();
      // A failed creation is not kept: the next turn tries again.
      entry.catch(() => this.entries.get(key) === entry && this.entries.delete(key));
    }
    this.entries.set(key, entry);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as string);
    return entry;
  }
}

/** The bot app id a claims identity acts for: what the connector factory and token client are built for. */
const appIdOf = (claims: ClaimsIdentity): string => claims.getClaimValue(AuthenticationConstants.AudienceClaim) ?? '';

class CachingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly appId: string,
    private readonly cache: BoundedCache<ConnectorClient>,
    private readonly onThrottled: (call: ThrottledCall) => void,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.cache.get(`${this.appId}\n${serviceUrl}\n${audience ?? ''}`, async () =>
      countingThrottles(await this.inner.create(serviceUrl, audience), this.onThrottled),
    );
  }
}

/** Decorates the adapter's BotFrameworkAuthentication: authentication unchanged, clients reused. */
export class ClientCachingAuthentication extends BotFrameworkAuthentication {
  private readonly connectors = new BoundedCache<ConnectorClient>(MAX_CLIENTS);
  private readonly userTokens = new BoundedCache<UserTokenClient>(MAX_CLIENTS);
  /** Hears every 429 a connector request meets, each attempt (GET /metrics counts them). */
  onThrottled: (call: ThrottledCall) => void = () => undefined;

  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.inner.authenticateRequest(activity, authHeader);
    return {
      ...result,
      connectorFactory: result.connectorFactory && this.cachingFactory(result.connectorFactory, result.claimsIdentity),
    };
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
    return {
      ...result,
      connectorFactory: result.connectorFactory && this.cachingFactory(result.connectorFactory, result.claimsIdentity),
    };
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.cachingFactory(this.inner.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.userTokens.get(appIdOf(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  private cachingFactory(inner: ConnectorFactory, claims: ClaimsIdentity): ConnectorFactory {
    return new CachingConnectorFactory(inner, appIdOf(claims), this.connectors, (call) => this.onThrottled(call));
  }
}

/** What countingThrottles expects of the SDK's connector client: its HTTP pipeline (private in its types). */
interface PipelineHolder {
  readonly client?: { readonly pipeline?: { addPolicy?(policy: PipelinePolicy, options: object): unknown } };
}
interface PipelinePolicy {
  readonly name: string;
  sendRequest(
    request: { readonly method: string; readonly url: string },
    next: (request: unknown) => Promise<{ readonly status: number }>,
  ): Promise<{ readonly status: number }>;
}

const throttleListeners = new WeakMap<object, (call: ThrottledCall) => void>();

/**
 * Gives `copy` (a client made from `shared` for a proactive turn: own-connector-client.ts) the
 * same 429 counting as `shared`, so GET /metrics hears the outbox's and card updates' 429s too.
 */
export function countThrottlesLike(shared: object, copy: ConnectorClient): void {
  const listener = throttleListeners.get(shared);
  if (listener) countingThrottles(copy, listener);
}

/**
 * A policy after the SDK's retries, so it sees every attempt: each 429 is told to `onThrottled`
 * as the call it answered. If the SDK's internals change, nothing is counted and nothing breaks.
 */
function countingThrottles(client: ConnectorClient, onThrottled: (call: ThrottledCall) => void): ConnectorClient {
  throttleListeners.set(client, onThrottled);
  (client as unknown as PipelineHolder).client?.pipeline?.addPolicy?.(
    {
      name: 'decisionTrackerThrottleCount',
      async sendRequest(request, next) {
        const response = await next(request);
        if (response.status === 429) onThrottled(callOf(request));
        return response;
      },
    },
    { afterPhase: 'Retry' },
  );
  return client;
}

/** PUT …/activities/<id> updates; POST …/v3/conversations creates a chat; any other POST sends. */
function callOf(request: { readonly method: string; readonly url: string }): ThrottledCall {
  if (request.method === 'PUT') return 'update';
  return /\/v3\/conversations\/?(\?|$)/.test(request.url) ? 'create' : 'send';
}

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
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.cache.get(`${this.appId}\n${serviceUrl}\n${audience ?? ''}`, () =>
      this.inner.create(serviceUrl, audience),
    );
  }
}

/** Decorates the adapter's BotFrameworkAuthentication: authentication unchanged, clients reused. */
export class ClientCachingAuthentication extends BotFrameworkAuthentication {
  private readonly connectors = new BoundedCache<ConnectorClient>(MAX_CLIENTS);
  private readonly userTokens = new BoundedCache<UserTokenClient>(MAX_CLIENTS);

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
    return new CachingConnectorFactory(inner, appIdOf(claims), this.connectors);
  }
}

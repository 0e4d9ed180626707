/**
 * Connector clients are reused across turns: one per bot app id, service URL and audience, a
 * failed creation is tried again next time, and the cache stays bounded whatever service URLs
 * activities bring.
 */
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ClaimsIdentity,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import { ClientCachingAuthentication } from '../../bot/client-cache';

const claims = (appId: string) =>
  new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: appId }], true);

class CountingAuthentication extends BotFrameworkAuthentication {
  created: string[] = [];
  userTokenClients = 0;
  failNext = 0;

  async authenticateRequest(): Promise<AuthenticateRequestResult> {
    return {
      claimsIdentity: claims('bot-app'),
      audience: 'https://api.botframework.com',
      callerId: '',
      connectorFactory: this.createConnectorFactory(claims('bot-app')),
    };
  }
  async authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
    return this.authenticateRequest();
  }
  createConnectorFactory(identity: ClaimsIdentity): ConnectorFactory {
    const appId = identity.getClaimValue(AuthenticationConstants.AudienceClaim);
    const create = async (serviceUrl: string, audience?: string): Promise<ConnectorClient> => {
      if (this.failNext > 0) {
        this.failNext--;
        throw new Error('no token');
      }
      this.created.push(`${appId} ${serviceUrl} ${audience ?? ''}`);
      return { serviceUrl, appId } as unknown as ConnectorClient;
    };
    return new (class extends ConnectorFactory {
      create = create;
    })();
  }
  async createUserTokenClient(): Promise<UserTokenClient> {
    this.userTokenClients++;
    return {} as UserTokenClient;
  }
}

test('turns and proactive sends for one service URL share one client', async () => {
  const inner = new CountingAuthentication();
  const auth = new ClientCachingAuthentication(inner);
  const a = await (
    await auth.authenticateRequest({} as never, '')
  ).connectorFactory!.create('https://smba.example/emea/', 'https://api.botframework.com');
  const b = await (
    await auth.authenticateRequest({} as never, '')
  ).connectorFactory!.create('https://smba.example/emea/', 'https://api.botframework.com');
  const proactive = await auth.createConnectorFactory(claims('bot-app')).create('https://smba.example/emea/');
  expect(b).toBe(a);
  expect(proactive).not.toBe(a); // no audience given: the factory's default, a client of its own
  expect(await auth.createConnectorFactory(claims('bot-app')).create('https://smba.example/emea/')).toBe(proactive);
  expect(inner.created).toEqual([
    'bot-app https://smba.example/emea/ https://api.botframework.com',
    'bot-app https://smba.example/emea/ ',
  ]);
  await auth.createUserTokenClient(claims('bot-app'));
  await auth.createUserTokenClient(claims('bot-app'));
  expect(inner.userTokenClients).toBe(1);
});

test('different service URLs and app ids get their own clients', async () => {
  const inner = new CountingAuthentication();
  const auth = new ClientCachingAuthentication(inner);
  const emea = await auth.createConnectorFactory(claims('bot-app')).create('https://smba.example/emea/');
  const amer = await auth.createConnectorFactory(claims('bot-app')).create('https://smba.example/amer/');
  const other = await auth.createConnectorFactory(claims('other-app')).create('https://smba.example/emea/');
  expect(new Set([emea, amer, other]).size).toBe(3);
});

test('a client that could not be made is not remembered', async () => {
  const inner = new CountingAuthentication();
  const auth = new ClientCachingAuthentication(inner);
  inner.failNext = 1;
  await expect(auth.createConnectorFactory(claims('bot-app')).create('https://smba.example/emea/')).rejects.toThrow(
    'no token',
  );
  await expect(
    auth.createConnectorFactory(claims('bot-app')).create('https://smba.example/emea/'),
  ).resolves.toBeDefined();
  expect(inner.created).toHaveLength(1);
});

test('the cache is bounded: the least recently used client goes first', async () => {
  const inner = new CountingAuthentication();
  const auth = new ClientCachingAuthentication(inner);
  const factory = auth.createConnectorFactory(claims('bot-app'));
  const first = await factory.create('https://service-0.example/');
  for (let i = 1; i < 64; i++) await factory.create(`https://service-${i}.example/`);
  expect(await factory.create('https://service-0.example/')).toBe(first); // used again: now the most recent
  await factory.create('https://service-64.example/'); // 65 clients: service-1 is dropped
  expect(inner.created).toHaveLength(65);
  expect(await factory.create('https://service-0.example/')).toBe(first);
  await factory.create('https://service-1.example/');
  expect(inner.created).toHaveLength(66);
});

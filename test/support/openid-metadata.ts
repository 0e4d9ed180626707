/**
 * Offline Bot Framework authentication for tests: a local OpenID metadata server whose signing
 * key the test holds, the adapter settings that point botbuilder at it, and tokens signed with
 * that key (valid, expired, for another bot) or with a forger's key.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import http from 'node:http';
import jwt from 'jsonwebtoken';
import type { ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';

export const ISSUER = 'https://api.botframework.com';
export const SERVICE_URL = 'https://smba.trafficmanager.net/uk/';

export interface OpenIdMetadata {
  /** Settings for startServer's authOverrides. */
  readonly authOverrides: Partial<ConfigurationBotFrameworkAuthenticationOptions>;
  readonly trusted: KeyObject;
  readonly forger: KeyObject;
  /**
   * A Bot Framework token for `audience`, signed with `key` (default: the trusted key), valid for `lifetimeSeconds`
   * (negative: expired).
   */
  sign(options: { audience: string; key?: KeyObject; lifetimeSeconds?: number; serviceUrl?: string }): string;
  close(): Promise<void>;
}

function jwk(key: KeyObject) {
  const { n, e } = key.export({ format: 'jwk' }) as { n: string; e: string };
  return { kty: 'RSA', use: 'sig', kid: 'test-key', n, e, endorsements: ['msteams'] };
}

export async function startOpenIdMetadata(): Promise<OpenIdMetadata> {
  const trusted = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const server = http.createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/openid')
      res.end(
        JSON.stringify({ issuer: ISSUER, jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }),
      );
    else if (req.url === '/keys') res.end(JSON.stringify({ keys: [jwk(trusted.publicKey)] }));
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    // Giving any endpoint switches botbuilder to a fully parameterised setup: name them all, as the public cloud has
    // them.
    authOverrides: {
      ToBotFromChannelOpenIdMetadataUrl: `http://127.0.0.1:${port}/openid`,
      ToBotFromEmulatorOpenIdMetadataUrl: `http://127.0.0.1:${port}/openid`,
      ToBotFromChannelTokenIssuer: ISSUER,
      ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
      ToChannelFromBotOAuthScope: 'https://api.botframework.com',
      OAuthUrl: 'https://api.botframework.com',
      ValidateAuthority: true,
    },
    trusted: trusted.privateKey,
    forger: forger.privateKey,
    sign({ audience, key = trusted.privateKey, lifetimeSeconds = 300, serviceUrl = SERVICE_URL }) {
      const now = Math.floor(Date.now() / 1000);
      return jwt.sign(
        { serviceurl: serviceUrl, iat: now - 60, exp: now + lifetimeSeconds },
        key.export({ format: 'pem', type: 'pkcs1' }),
        {
          algorithm: 'RS256',
          keyid: 'test-key',
          issuer: ISSUER,
          audience,
        },
      );
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/**
 * Teams SSO tokens for the tab's tests: Azure AD access tokens for the tab's audience, signed with
 * the local OpenID metadata server's key (or a forger's), timed by the tab register's clock.
 */
import type { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { seedActors } from '../fixtures/seed-decision';
import type { OpenIdMetadata } from '../support/openid-metadata';
import { NOW } from './tab-register';

export const APP_ID = '6a0c5c2b-7f3e-4a8e-9d47-2d1c3b5e8f10';
export const BOT_DOMAIN = 'decisions.example.org';
export const AUDIENCE = `api://${BOT_DOMAIN}/${APP_ID}`;
export const TENANT = 'a1b2c3d4-0000-4000-8000-00000000aaaa';

export interface TokenOptions {
  audience?: string;
  tenant?: string;
  issuer?: string;
  key?: KeyObject;
  lifetimeSeconds?: number;
  oid?: string;
  name?: string;
}

/** An Azure AD v2 access token as Teams SSO gives one, timed by the tab register's clock. */
export function ssoToken(meta: OpenIdMetadata, options: TokenOptions = {}): string {
  const tenant = options.tenant ?? TENANT;
  const now = Math.floor(NOW.getTime() / 1000);
  return jwt.sign(
    {
      tid: tenant,
      oid: options.oid ?? seedActors.finance.aadObjectId,
      name: options.name ?? 'Finance Officer',
      scp: 'access_as_user',
      ver: '2.0',
      iat: now - 60,
      nbf: now - 60,
      exp: now + (options.lifetimeSeconds ?? 3600),
    },
    (options.key ?? meta.trusted).export({ format: 'pem', type: 'pkcs1' }),
    {
      algorithm: 'RS256',
      keyid: 'test-key',
      issuer: options.issuer ?? `https://login.microsoftonline.com/${tenant}/v2.0`,
      audience: options.audience ?? AUDIENCE,
    },
  );
}

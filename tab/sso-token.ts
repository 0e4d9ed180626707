/**
 * Checks the Teams SSO token a tab page sends (`authentication.getAuthToken` in teams-js): an
 * Azure AD access token signed with one of the keys the OpenID metadata lists (fetched, cached,
 * refetched when a token names a key not seen yet), for the app's Application ID URI
 * `api://<BOT_DOMAIN>/<app id>`, issued by the token's own tenant (v1 or v2 issuer), and from a
 * tenant in ALLOWED_TENANTS when that list is set. Every refusal says why, in a sentence.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

/** Azure AD's multi-tenant OpenID metadata; tests point this at a local server. */
export const AAD_OPENID_METADATA = 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration';

export interface SsoSettings {
  /** `api://<BOT_DOMAIN>/<MicrosoftAppId>`. */
  readonly audience: string;
  /** Lower-case tenant ids; empty means every tenant. */
  readonly allowedTenants: readonly string[];
  readonly metadataUrl?: string;
  /** The server's clock: a token's lifetime is judged by it. */
  readonly now: () => Date;
}

export interface SsoUser {
  readonly aadObjectId: string;
  readonly name: string;
  readonly tenantId: string;
}

export type SsoResult = { readonly ok: true; readonly user: SsoUser } | { readonly ok: false; readonly reason: string };

/** Keys are refetched at most this often when a token names an unknown key (a forger should not make us hammer AAD). */
const REFETCH_MS = 5 * 60 * 1000;
const KEYS_TTL_MS = 24 * 60 * 60 * 1000;
const FETCH_TIMEOUT_MS = 5000;

interface Jwk {
  readonly kid?: string;
  readonly kty?: string;
  readonly n?: string;
  readonly e?: string;
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

export function ssoValidator(settings: SsoSettings): (token: string) => Promise<SsoResult> {
  const metadataUrl = settings.metadataUrl ?? AAD_OPENID_METADATA;
  let keys = new Map<string, KeyObject>();
  let fetchedAt = -Infinity;

  async function refreshKeys(): Promise<void> {
    const metadata = (await getJson(metadataUrl)) as { jwks_uri?: unknown };
    if (typeof metadata.jwks_uri !== 'string') throw new Error('the OpenID metadata has no jwks_uri');
    const { keys: list } = (await getJson(metadata.jwks_uri)) as { keys?: Jwk[] };
    const next = new Map<string, KeyObject>();
    for (const k of list ?? [])
      if (k.kid && k.kty === 'RSA' && k.n && k.e)
        next.set(k.kid, createPublicKey({ key: { kty: 'RSA', n: k.n, e: k.e }, format: 'jwk' }));
    keys = next;
    fetchedAt = Date.now();
  }

  async function keyFor(kid: string): Promise<KeyObject | null> {
    const stale = Date.now() - fetchedAt > KEYS_TTL_MS;
    if (stale || (!keys.has(kid) && Date.now() - fetchedAt > REFETCH_MS)) await refreshKeys();
    return keys.get(kid) ?? null;
  }

  return async (token) => {
    const decoded = jwt.decode(token, { complete: true });
    if (decoded === null || typeof decoded.payload !== 'object')
      return { ok: false, reason: 'The sign-in token is not a token at all.' };
    const kid = decoded.header.kid;
    if (kid === undefined) return { ok: false, reason: 'The sign-in token does not say which key signed it.' };
    let key: KeyObject | null;
    try {
      key = await keyFor(kid);
    } catch (e) {
      return { ok: false, reason: `Microsoft's signing keys could not be read (${(e as Error).message}).` };
    }
    if (key === null) return { ok: false, reason: 'The sign-in token was signed with a key Microsoft does not list.' };
    const tid = String((decoded.payload as { tid?: unknown }).tid ?? '').toLowerCase();
    let claims: jwt.JwtPayload;
    try {
      claims = jwt.verify(token, key, {
        algorithms: ['RS256'],
        audience: settings.audience,
        issuer: [`https://login.microsoftonline.com/${tid}/v2.0`, `https://sts.windows.net/${tid}/`],
        clockTimestamp: Math.floor(settings.now().getTime() / 1000),
        clockTolerance: 60,
      }) as jwt.JwtPayload;
    } catch (e) {
      return { ok: false, reason: refusal(e as Error, settings.audience) };
    }
    if (tid === '') return { ok: false, reason: 'The sign-in token names no tenant.' };
    if (settings.allowedTenants.length > 0 && !settings.allowedTenants.includes(tid))
      return { ok: false, reason: 'Your organisation (tenant) is not one this app serves.' };
    const oid = typeof claims.oid === 'string' ? claims.oid.toLowerCase() : '';
    if (oid === '') return { ok: false, reason: 'The sign-in token names no user.' };
    const name = typeof claims.name === 'string' && claims.name.trim() !== '' ? claims.name : 'Someone';
    return { ok: true, user: { aadObjectId: oid, name, tenantId: tid } };
  };
}

function refusal(e: Error, audience: string): string {
  if (e.name === 'TokenExpiredError') return 'The sign-in token has expired.';
  if (e.name === 'NotBeforeError') return 'The sign-in token is not valid yet.';
  if (/audience/.test(e.message)) return `The sign-in token is not for this app (${audience}).`;
  if (/issuer/.test(e.message)) return 'The sign-in token was not issued by its own tenant.';
  if (/signature/.test(e.message)) return 'The sign-in token’s signature does not hold.';
  return `The sign-in token was refused (${e.message}).`;
}

/**
 * Download links for exports: `<base>/exports/<token>`, where the token is what to download
 * (a decision's Part 1 at a version, in a format, or the register as CSV) and when the link
 * expires, signed with HMAC-SHA256. The server checks the signature and the expiry before it
 * serves anything, so a link cannot be forged, altered to another decision or used late.
 * The key is EXPORT_SIGNING_KEY, or a random key per process when that is empty (links then
 * stop working when the bot restarts, and do not work across replicas).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ViewerScope } from '../domain/authority';

export const EXPORT_FORMATS = ['md', 'html', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type DownloadTarget =
  | { readonly kind: 'decision'; readonly ref: string; readonly format: ExportFormat; readonly version: number; readonly scope: ViewerScope }
  | { readonly kind: 'register'; readonly format: 'csv'; readonly scope: ViewerScope };

/** How long a link works: 15 minutes. */
export const DOWNLOAD_TTL_MS = 15 * 60 * 1000;

export type Verified =
  | { readonly ok: true; readonly target: DownloadTarget; readonly expiresAt: Date }
  | { readonly ok: false; readonly reason: 'malformed' | 'forged' | 'expired' };

const base64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');
const mac = (key: Buffer, payload: string): Buffer => createHmac('sha256', key).update(payload, 'utf8').digest();

/** The token for `target`, valid until `expiresAt` (kept to the second). */
export function signDownload(target: DownloadTarget, key: Buffer, expiresAt: Date): string {
  const body = target.kind === 'decision' ? { k: 'd', r: target.ref, f: target.format, v: target.version } : { k: 'r', f: 'csv' };
  const scope = target.scope.kind === 'all' ? { s: 'all' } : { s: 'published', u: target.scope.viewerId };
  const payload = base64url(JSON.stringify({ ...body, ...scope, e: Math.floor(expiresAt.getTime() / 1000) }));
  return `${payload}.${base64url(mac(key, payload))}`;
}

/** The scope a token carries; null when it has none (no link without one is ever served). */
function scopeOf(body: Record<string, unknown>): ViewerScope | null {
  if (body.s === 'all') return { kind: 'all' };
  if (body.s === 'published' && typeof body.u === 'string' && body.u !== '') return { kind: 'published', viewerId: body.u };
  return null;
}

function targetOf(body: Record<string, unknown>): DownloadTarget | null {
  const scope = scopeOf(body);
  if (scope === null) return null;
  if (body.k === 'r' && body.f === 'csv') return { kind: 'register', format: 'csv', scope };
  const { r, f, v } = body;
  if (body.k !== 'd' || typeof r !== 'string' || r === '' || !EXPORT_FORMATS.includes(f as ExportFormat)) return null;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) return null;
  return { kind: 'decision', ref: r, format: f as ExportFormat, version: v, scope };
}

/** Checks the signature first (nothing unsigned is even parsed), then the expiry. */
export function verifyDownload(token: string, key: Buffer, now: Date): Verified {
  const match = /^([A-Za-z0-9_-]{1,2048})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return { ok: false, reason: 'malformed' };
  const [, payload = '', signature = ''] = match;
  // Compared as text: base64url's last character carries two spare bits, and a token is one spelling.
  const given = Buffer.from(signature, 'utf8');
  const expected = Buffer.from(base64url(mac(key, payload)), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const target = body && typeof body === 'object' ? targetOf(body) : null;
  if (target === null || typeof body.e !== 'number' || !Number.isFinite(body.e)) return { ok: false, reason: 'malformed' };
  const expiresAt = new Date(body.e * 1000);
  if (now.getTime() >= expiresAt.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, target, expiresAt };
}

export interface DownloadLinks {
  /** False when PUBLIC_URL is not set and links point at http://localhost:<PORT>. */
  readonly hasPublicUrl: boolean;
  link(target: DownloadTarget, now: Date): { readonly url: string; readonly expiresAt: Date };
  verify(token: string, now: Date): Verified;
}

export interface DownloadLinkOptions {
  /** PUBLIC_URL, e.g. "https://bot.example.org"; null when not set. */
  readonly publicUrl: string | null;
  /** EXPORT_SIGNING_KEY; null for a random key per process. */
  readonly signingKey: string | null;
  /** The base URL when there is no PUBLIC_URL; asked for each link (the port is known once listening). */
  readonly fallbackBaseUrl: () => string;
  readonly ttlMs?: number;
}

export function createDownloadLinks(options: DownloadLinkOptions): DownloadLinks {
  const key = options.signingKey === null ? randomBytes(32) : Buffer.from(options.signingKey, 'utf8');
  const ttl = options.ttlMs ?? DOWNLOAD_TTL_MS;
  const base = () => (options.publicUrl ?? options.fallbackBaseUrl()).replace(/\/+$/, '');
  return {
    hasPublicUrl: options.publicUrl !== null,
    link(target, now) {
      const expiresAt = new Date(Math.floor((now.getTime() + ttl) / 1000) * 1000);
      return { url: `${base()}/exports/${signDownload(target, key, expiresAt)}`, expiresAt };
    },
    verify: (token, now) => verifyDownload(token, key, now),
  };
}

/** A file name from a reference: "PCD 1065" → "PCD-1065", "Decision 44/2020" → "Decision-44-2020". */
export const fileStem = (ref: string): string =>
  ref.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'decision';

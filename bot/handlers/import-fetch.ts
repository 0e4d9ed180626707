/**
 * Downloading the file an `import` names, without letting the link reach anything else (SSRF):
 * https only, to a host on IMPORT_FILE_HOSTS (SharePoint and OneDrive by default); the name is
 * resolved here and the connection goes to the address that was checked, which must not be on
 * the loopback, link-local, private, shared or reserved networks (so a name that resolves inside
 * cannot be used to reach the inside); a redirect is followed only on the same origin; the body
 * is streamed and stopped at the size cap and after a time limit. Failures carry a reason for
 * the log, never for the chat: the remote answer is not echoed to the user.
 *
 * In local development (no app id, so no authentication) `http://127.0.0.1` and `http://[::1]`
 * are also allowed, for a local file server.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export interface FetchPolicy {
  /** Host names, or suffixes starting with a dot (".sharepoint.com"), lower case. */
  readonly hosts: readonly string[];
  /** Auth off: links to 127.0.0.1 and ::1, http or https, are allowed too. */
  readonly allowLoopback: boolean;
  readonly maxBytes: number;
  readonly timeoutMs?: number;
  /** Name resolution; dns.lookup unless a test gives another. */
  readonly resolve?: typeof dns.lookup;
}

export type LinkVerdict =
  { readonly ok: true; readonly url: URL } | { readonly ok: false; readonly why: 'malformed' | 'not-https' | 'host' };

export type Fetched =
  | { readonly ok: true; readonly bytes: Buffer }
  | { readonly ok: false; readonly why: 'too-big' | 'unreadable'; readonly detail: string };

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 3;

/** Every range that is not the public internet: a downloaded link must not resolve into one. */
const INTERNAL = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  INTERNAL.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  INTERNAL.addSubnet(net, prefix, 'ipv6');

/** True for an address on a network the bot must not reach (IPv4-mapped IPv6 is checked as IPv4). */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return INTERNAL.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const LOOPBACK_LITERALS = new Set(['127.0.0.1', '[::1]']);

const hostAllowed = (hostname: string, hosts: readonly string[]): boolean =>
  hosts.some((h) => (h.startsWith('.') ? hostname.endsWith(h) && hostname.length > h.length : hostname === h));

/** Whether the link may be fetched at all, before any connection. */
export function checkLink(raw: string, policy: Pick<FetchPolicy, 'hosts' | 'allowLoopback'>): LinkVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, why: 'malformed' };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, why: 'malformed' };
  const loopback = policy.allowLoopback && LOOPBACK_LITERALS.has(url.hostname);
  if (url.protocol !== 'https:' && !(loopback && url.protocol === 'http:')) return { ok: false, why: 'not-https' };
  if (loopback) return { ok: true, url };
  // An address typed as the host is never one of Teams' file links.
  if (isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0 || !hostAllowed(url.hostname.toLowerCase(), policy.hosts))
    return { ok: false, why: 'host' };
  return { ok: true, url };
}

/** dns.lookup that refuses names resolving to any internal address (all of them are checked, not just the first). */
function guardedLookup(resolve: typeof dns.lookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as unknown as dns.LookupAddress[];
      const inside = list.find((a) => isInternalAddress(a.address));
      if (list.length === 0 || inside) {
        const refused = Object.assign(
          new Error(`${hostname} resolves to ${inside?.address ?? 'nothing'}, which is not on the public internet`),
          { code: 'EINTERNAL' },
        );
        return callback(refused, '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

type Hop =
  | { readonly status: number; readonly location: string | null; readonly body?: Buffer }
  | { readonly error: Fetched & { ok: false } };

/** One request, no redirect followed; the body read only for a 2xx, up to maxBytes. */
function request(url: URL, policy: FetchPolicy, signal: AbortSignal): Promise<Hop> {
  return new Promise((done) => {
    const client = url.protocol === 'https:' ? https : http;
    const lookup = guardedLookup(policy.resolve ?? dns.lookup);
    const req = client.get(url, { lookup, signal, agent: false, headers: { accept: '*/*' } }, (res) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        res.resume();
        return done({ status, location: typeof res.headers.location === 'string' ? res.headers.location : null });
      }
      const declared = Number(res.headers['content-length'] ?? NaN);
      if (Number.isFinite(declared) && declared > policy.maxBytes) {
        res.destroy();
        return done({ error: { ok: false, why: 'too-big', detail: `declared ${declared} bytes` } });
      }
      const chunks: Buffer[] = [];
      let total = 0;
      res.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > policy.maxBytes) {
          res.destroy();
          return done({ error: { ok: false, why: 'too-big', detail: `more than ${policy.maxBytes} bytes` } });
        }
        chunks.push(chunk);
      });
      res.on('end', () => done({ status, location: null, body: Buffer.concat(chunks) }));
      res.on('error', (e) => done({ error: { ok: false, why: 'unreadable', detail: `cut off: ${e.message}` } }));
      res.on('close', () => {
        if (!res.complete) done({ error: { ok: false, why: 'unreadable', detail: 'cut off' } });
      });
    });
    req.on('error', (e) => done({ error: { ok: false, why: 'unreadable', detail: e.message } }));
  });
}

/** Fetches a link that passed checkLink, following same-origin redirects only. */
export async function fetchFile(url: URL, policy: FetchPolicy): Promise<Fetched> {
  const signal = AbortSignal.timeout(policy.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let at = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const answer = await request(at, policy, signal);
    if ('error' in answer) return answer.error;
    if (answer.body) return { ok: true, bytes: answer.body };
    if (answer.status < 300 || answer.status >= 400 || answer.location === null)
      return { ok: false, why: 'unreadable', detail: `HTTP ${answer.status}` };
    let next: URL;
    try {
      next = new URL(answer.location, at);
    } catch {
      return { ok: false, why: 'unreadable', detail: 'a redirect to a malformed location' };
    }
    if (next.origin !== url.origin)
      return { ok: false, why: 'unreadable', detail: `a redirect to another host (${next.origin})` };
    at = next;
  }
  return { ok: false, why: 'unreadable', detail: `more than ${MAX_REDIRECTS} redirects` };
}

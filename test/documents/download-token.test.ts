import fc from 'fast-check';
import {
  createDownloadLinks,
  DOWNLOAD_TTL_MS,
  signDownload,
  verifyDownload,
  type DownloadTarget,
} from '../../documents/download-token';

const key = Buffer.from('k'.repeat(64));
const now = new Date('2026-11-25T20:00:00.000Z');
const later = (ms: number) => new Date(now.getTime() + ms);
const target: DownloadTarget = { kind: 'decision', ref: 'PCD 1065', format: 'pdf', version: 16, scope: { kind: 'published', viewerId: 'viewer-1' } };

describe('signed download tokens', () => {
  it('verify to the target they were made for until they expire', () => {
    const token = signDownload(target, key, later(DOWNLOAD_TTL_MS));
    expect(verifyDownload(token, key, now)).toEqual({ ok: true, target, expiresAt: later(DOWNLOAD_TTL_MS) });
    expect(verifyDownload(token, key, later(DOWNLOAD_TTL_MS - 1000))).toMatchObject({ ok: true });
    expect(verifyDownload(token, key, later(DOWNLOAD_TTL_MS))).toEqual({ ok: false, reason: 'expired' });
  });

  it('carry the register as CSV, with the scope of what its requester could see', () => {
    const all = signDownload({ kind: 'register', format: 'csv', scope: { kind: 'all' } }, key, later(1000));
    expect(verifyDownload(all, key, now)).toMatchObject({ ok: true, target: { kind: 'register', format: 'csv', scope: { kind: 'all' } } });
    const mine = signDownload({ kind: 'register', format: 'csv', scope: { kind: 'published', viewerId: 'viewer-1' } }, key, later(1000));
    expect(verifyDownload(mine, key, now)).toMatchObject({ ok: true, target: { scope: { kind: 'published', viewerId: 'viewer-1' } } });
  });

  it('cannot be widened to another scope by rewriting the payload', () => {
    const token = signDownload({ kind: 'register', format: 'csv', scope: { kind: 'published', viewerId: 'viewer-1' } }, key, later(DOWNLOAD_TTL_MS));
    const [payload = '', signature] = token.split('.');
    const body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    for (const scope of [{ s: 'all' }, { s: 'published', u: 'admin-1' }]) {
      const widened = Buffer.from(JSON.stringify({ ...body, u: undefined, ...scope })).toString('base64url');
      expect(verifyDownload(`${widened}.${signature}`, key, now)).toEqual({ ok: false, reason: 'forged' });
    }
  });

  it('are refused with another key, or when any character of them is changed', () => {
    const token = signDownload(target, key, later(DOWNLOAD_TTL_MS));
    expect(verifyDownload(token, Buffer.from('x'.repeat(64)), now)).toEqual({ ok: false, reason: 'forged' });
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.constantFrom(...'ABCDEFabcdef0123456789-_'), (at, c) => {
        fc.pre(token[at] !== c && token[at] !== '.');
        const changed = `${token.slice(0, at)}${c}${token.slice(at + 1)}`;
        expect(verifyDownload(changed, key, now).ok).toBe(false);
      }),
    );
    // Including the spare bits of the signature's last character.
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    expect(verifyDownload(`${token.slice(0, -1)}${last}`, key, now).ok).toBe(false);
  });

  it('cannot be moved to another decision, format or version by rewriting the payload', () => {
    const token = signDownload(target, key, later(DOWNLOAD_TTL_MS));
    const [, signature] = token.split('.');
    const payload = Buffer.from(JSON.stringify({ k: 'd', r: 'PCD 1066', f: 'pdf', v: 16, e: 9_999_999_999 })).toString('base64url');
    expect(verifyDownload(`${payload}.${signature}`, key, now)).toEqual({ ok: false, reason: 'forged' });
  });

  it('refuses what is not a token at all', () => {
    for (const junk of ['', 'abc', 'a.b', '../../etc/passwd', `${'a'.repeat(5000)}.${'b'.repeat(43)}`]) expect(verifyDownload(junk, key, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it.each([
    ['a format that is not one', { k: 'd', r: 'PCD 1065', f: 'exe', v: 1, s: 'all' }],
    ['no scope (a link from before scopes)', { k: 'r', f: 'csv' }],
    ['a scope it does not know', { k: 'r', f: 'csv', s: 'everything' }],
    ['a published scope with no viewer', { k: 'r', f: 'csv', s: 'published' }],
  ])('refuses a signed payload with %s', (_what, body) => {
    const payload = Buffer.from(JSON.stringify({ ...body, e: 9_999_999_999 })).toString('base64url');
    const { createHmac } = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    const signature = createHmac('sha256', key).update(payload).digest('base64url');
    expect(verifyDownload(`${payload}.${signature}`, key, now)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('createDownloadLinks', () => {
  it('makes links under PUBLIC_URL that expire in 15 minutes', () => {
    const links = createDownloadLinks({ publicUrl: 'https://bot.example.org/', signingKey: 'k'.repeat(64), fallbackBaseUrl: () => 'http://localhost:1' });
    const { url, expiresAt } = links.link(target, now);
    expect(links.hasPublicUrl).toBe(true);
    expect(url).toMatch(/^https:\/\/bot\.example\.org\/exports\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toEqual(later(DOWNLOAD_TTL_MS));
    const token = url.split('/exports/')[1] ?? '';
    expect(links.verify(token, now)).toMatchObject({ ok: true, target });
    // The same key elsewhere (another replica) verifies it too.
    expect(verifyDownload(token, key, now).ok).toBe(true);
  });

  it('falls back to the local address, and with no key signs with a random one per instance', () => {
    const a = createDownloadLinks({ publicUrl: null, signingKey: null, fallbackBaseUrl: () => 'http://localhost:3978' });
    const b = createDownloadLinks({ publicUrl: null, signingKey: null, fallbackBaseUrl: () => 'http://localhost:3978' });
    const { url } = a.link(target, now);
    expect(a.hasPublicUrl).toBe(false);
    expect(url.startsWith('http://localhost:3978/exports/')).toBe(true);
    const token = url.split('/exports/')[1] ?? '';
    expect(a.verify(token, now).ok).toBe(true);
    expect(b.verify(token, now)).toEqual({ ok: false, reason: 'forged' });
  });
});

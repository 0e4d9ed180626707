/**
 * The headers every page and file the bot serves carries: a content type with its charset, a
 * cache policy, and, for HTML, a Content-Security-Policy that allows only the page's own inline
 * style (no scripts, no external loads), so even a mis-escaped string could not run anything.
 */
import type { Response } from 'restify';
import { escapeHtml } from '../export/render-html';

export const HTML = 'text/html; charset=utf-8';
const HTML_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Published pages may be cached briefly; a deferred Part 1 appears within this many seconds of its date. */
export const PUBLIC_CACHE = 'public, max-age=300';
/** Downloads behind a signed link, and answers that must not be kept (404s, errors). */
export const NO_STORE = 'private, no-store';

export function sendBody(
  res: Response,
  status: number,
  body: string | Buffer,
  contentType: string,
  cacheControl: string,
  extra: Record<string, string> = {},
): void {
  const headers: Record<string, string> = {
    'Content-Type': contentType,
    'Cache-Control': cacheControl,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ...(contentType.startsWith('text/html') ? { 'Content-Security-Policy': HTML_POLICY } : {}),
    ...extra,
  };
  res.sendRaw(status, body, headers);
}

/** A small HTML page for a refusal: a heading and one sentence (escaped; callers pass nothing from the request). */
export function messagePage(title: string, sentence: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '<style>body{font-family:Arial,Helvetica,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}</style></head>',
    `<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(sentence)}</p></main></body>`,
    '</html>',
    '',
  ].join('\n');
}

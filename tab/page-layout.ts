/**
 * The shell of every tab page: the same head (own style sheet and scripts, served by the bot,
 * nothing from a CDN), a navigation between the pages, and, in local development, a banner saying
 * whom the page acts as. Links go through `Links`, which carries `?as=` in local development.
 */
import { escapeHtml as e } from '../documents/export/render-html';
import type { Candidate, Viewer } from './viewer';

export const TAB_BASE = '/tab';

export type Query = Readonly<Record<string, string | number | undefined>>;

/** Builds links within the tab; in development they keep the `as` parameter. */
export interface Links {
  to(path: string, query?: Query): string;
  /** The hidden form fields a GET form needs to keep the same identity. */
  readonly hiddenFields: string;
}

export function linksFor(viewer: Pick<Viewer, 'acting' | 'aadObjectId'> | null): Links {
  const as = viewer?.acting ? viewer.aadObjectId : undefined;
  return {
    to(path, query = {}) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries({ ...query, as })) if (v !== undefined && v !== '') params.set(k, String(v));
      const text = params.toString();
      return `${TAB_BASE}${path}${text === '' ? '' : `?${text}`}`;
    },
    hiddenFields: as === undefined ? '' : `<input type="hidden" name="as" value="${e(as)}">`,
  };
}

export type PageName = 'mine' | 'register' | 'outlook' | 'decision' | 'other';

const NAV: readonly [Exclude<PageName, 'decision' | 'other'>, string, string][] = [
  ['mine', '/mine', 'My decisions'],
  ['register', '/register', 'Register'],
  ['outlook', '/outlook', 'Funding outlook'],
];

export interface PageOptions {
  readonly title: string;
  readonly current: PageName;
  readonly viewer: Viewer | null;
  readonly links: Links;
  readonly body: readonly string[];
  /** Scripts beyond the tab's own (e.g. the charting library). */
  readonly scripts?: readonly string[];
}

const script = (src: string) => `<script src="${e(src)}" defer></script>`;

export const CORE_SCRIPTS = [`${TAB_BASE}/assets/teams-js.js`, `${TAB_BASE}/assets/tab-client.js`];

function banner(viewer: Viewer | null): string {
  if (viewer === null || !viewer.acting) return '';
  return [
    '<p class="dev-banner" role="note"><strong>Local development:</strong> not signed in through Teams. ',
    `This page acts as ${e(viewer.name)}. <a href="${e(linksFor(null).to('/pick'))}">Act as someone else</a></p>`,
  ].join('');
}

export function page(options: PageOptions): string {
  const { viewer, links } = options;
  const nav = NAV.map(
    ([key, path, label]) =>
      `<li><a href="${e(links.to(path))}"${key === options.current ? ' aria-current="page"' : ''}>${label}</a></li>`,
  );
  const who = viewer === null || viewer.acting ? '' : `<p class="who">Signed in as ${e(viewer.name)}</p>`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(options.title)}: Decision Tracker</title>`,
    `<link rel="stylesheet" href="${TAB_BASE}/assets/tab.css">`,
    ...[...(options.scripts ?? []), ...CORE_SCRIPTS].map(script),
    '</head>',
    '<body>',
    '<a class="skip" href="#content">Skip to content</a>',
    `<header>${banner(viewer)}<nav aria-label="Decision Tracker"><ul>${nav.join('')}</ul></nav>${who}</header>`,
    '<main id="content">',
    `<h1>${e(options.title)}</h1>`,
    ...options.body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A page with a heading and one sentence: refusals, and the SSO failure path. Shows no data. */
export function messageBody(title: string, sentence: string, links: Links, current: PageName = 'other'): string {
  return page({ title, current, viewer: null, links, body: [`<p class="message">${e(sentence)}</p>`] });
}

/** Local development: pick whom to act as. */
export function pickerPage(people: readonly Candidate[], next: string, roleName: (r: string) => string): string {
  const items = people.map((p) => {
    const roles = [...p.roles.map(roleName), ...(p.isAdmin ? ['admin'] : [])].join(', ') || 'no role';
    const href = `${next}${next.includes('?') ? '&' : '?'}as=${encodeURIComponent(p.aadObjectId)}`;
    return `<li><a href="${e(href)}">${e(p.name)}</a> (${e(roles)})</li>`;
  });
  return page({
    title: 'Act as whom?',
    current: 'other',
    viewer: null,
    links: linksFor(null),
    body: [
      '<p class="dev-banner" role="note"><strong>Local development:</strong> the bot has no app id, so there is no ',
      'Teams sign-in. Pick a person from the configured roles; the pages then show what that person may see.</p>',
      items.length === 0
        ? '<p>Nobody holds a role yet. Assign one in the chat (<code>assign</code>) or set ADMINS.</p>'
        : `<ul class="people">${items.join('')}</ul>`,
    ],
  });
}

/** SSO mode before the token: the script (tab-client.js) asks Teams for a token and loads the page with it. */
export function signInShell(title: string, scripts: readonly string[] = []): string {
  return page({
    title,
    current: 'other',
    viewer: null,
    links: linksFor(null),
    scripts,
    body: ['<p class="message" id="sign-in" data-sign-in="teams">Signing you in through Teams…</p>'],
  });
}

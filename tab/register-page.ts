/**
 * The Register tab: a filter form (plain GET, so it works without script and outside Teams), the
 * page of decisions as a table whose column headings sort, a pager, and a CSV link carrying the
 * same filters. A viewer who sees only published decisions (and their drafts) is told so.
 */
import { formatFinancialYear } from '../domain/financial-year';
import { formatMoney } from '../domain/money';
import { roleName, type GovernanceProfile } from '../domain/profile';
import { publishedOnlyNote, type ViewerScope } from '../domain/authority';
import type { DecisionStatus } from '../domain/types';
import { nextStep } from '../domain/workflow';
import { escapeHtml as e } from '../documents/export/render-html';
import { page, type Links } from './page-layout';
import { queryParams, STATUSES, type RegisterQuery, type RegisterResult, type SortKey } from './register-query';
import type { Viewer } from './viewer';

export const STATUS_NAMES: Readonly<Record<DecisionStatus, string>> = {
  draft: 'Draft',
  in_review: 'In review',
  awaiting_chief_executive: 'Awaiting chief executive',
  awaiting_decision_maker: 'Awaiting decision maker',
  approved: 'Approved',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
};

const option = (value: string, label: string, selected: boolean) =>
  `<option value="${e(value)}"${selected ? ' selected' : ''}>${e(label)}</option>`;

function select(name: string, label: string, options: readonly [string, string][], chosen: string): string {
  return [
    `<div><label for="f-${name}">${e(label)}</label>`,
    `<select id="f-${name}" name="${name}">`,
    option('', 'Any', chosen === ''),
    ...options.map(([v, l]) => option(v, l, v === chosen)),
    '</select></div>',
  ].join('');
}

function filterForm(q: RegisterQuery, profile: GovernanceProfile, years: readonly number[], links: Links): string {
  const roles = profile.roles.map((r): [string, string] => [r.key, r.name]);
  return [
    `<form class="filters" method="get" action="${e(links.to('/register').split('?')[0] as string)}" role="search">`,
    links.hiddenFields,
    select(
      'status',
      'Status',
      STATUSES.map((s): [string, string] => [s, STATUS_NAMES[s]]),
      q.status ?? '',
    ),
    select(
      'year',
      'Financial year',
      years.map((y): [string, string] => [formatFinancialYear(y), formatFinancialYear(y)]),
      q.year === null ? '' : formatFinancialYear(q.year),
    ),
    select('maker', 'Decision maker', roles, q.maker ?? ''),
    select('waiting', 'Waiting for', roles, q.waiting ?? ''),
    `<div><label for="f-q">Reference or title</label><input id="f-q" name="q" type="search" value="${e(q.text)}"></div>`,
    q.sort === 'ref' ? '' : `<input type="hidden" name="sort" value="${q.sort}">`,
    q.descending ? '<input type="hidden" name="dir" value="desc">' : '',
    '<button type="submit">Filter</button>',
    `<a href="${e(links.to('/register'))}">Clear</a>`,
    '</form>',
  ].join('\n');
}

const HEADINGS: readonly [SortKey, string][] = [
  ['ref', 'Reference'],
  ['title', 'Title'],
  ['status', 'Status'],
  ['maker', 'Decision maker'],
  ['total', 'Total'],
  ['updated', 'Last change'],
];

function heading(key: SortKey, label: string, q: RegisterQuery, links: Links): string {
  const active = q.sort === key;
  const descending = active && !q.descending;
  const href = links.to('/register', queryParams(q, { sort: key, descending, page: 1 }));
  const sort = active ? ` aria-sort="${q.descending ? 'descending' : 'ascending'}"` : '';
  const cls = key === 'total' ? ' class="amount"' : '';
  const arrow = active ? (q.descending ? ' ▼' : ' ▲') : '';
  return `<th scope="col"${sort}${cls}><a href="${e(href)}">${label}${arrow}</a></th>`;
}

function pager(result: RegisterResult, links: Links): string {
  const q = result.query;
  const to = (n: number) => links.to('/register', queryParams(q, { page: n }));
  const prev = q.page > 1 ? `<a rel="prev" href="${e(to(q.page - 1))}">Previous page</a>` : '';
  const next = q.page < result.pages ? `<a rel="next" href="${e(to(q.page + 1))}">Next page</a>` : '';
  return `<nav class="pager" aria-label="Pages">${prev} <span>Page ${q.page} of ${result.pages}</span> ${next}</nav>`;
}

export function registerPage(
  result: RegisterResult,
  profile: GovernanceProfile,
  scope: ViewerScope,
  viewer: Viewer,
  links: Links,
): string {
  const q = result.query;
  const rows = result.page.map(({ decision: d, total, maker }) => {
    const waiting = nextStep(d, profile)
      .roles.map((r) => roleName(profile, r))
      .join(', ');
    return [
      `<tr><th scope="row"><a href="${e(links.to(`/decision/${encodeURIComponent(d.ref)}`))}">${e(d.ref)}</a></th>`,
      `<td>${e(d.title)}</td><td>${STATUS_NAMES[d.status]}${waiting ? `<br><small>waiting for ${e(waiting)}</small>` : ''}</td>`,
      `<td>${e(roleName(profile, maker))}</td><td class="amount">${e(formatMoney(total))}</td><td>${d.updatedAt.slice(0, 10)}</td></tr>`,
    ].join('');
  });
  const count = result.count;
  const summary = `${count.toLocaleString('en-GB')} ${count === 1 ? 'decision matches' : 'decisions match'}.`;
  const csv = links.to('/register.csv', queryParams(q, { page: 1 }));
  return page({
    title: 'Register',
    current: 'register',
    viewer,
    links,
    body: [
      scope.kind === 'all' ? '' : `<p class="note">${e(publishedOnlyNote(profile))}</p>`,
      filterForm(q, profile, result.years, links),
      `<p class="summary" role="status">${summary} <a href="${e(csv)}" download>Download these as CSV</a></p>`,
      count === 0
        ? '<p>No decision you can see matches these filters.</p>'
        : [
            '<table class="register">',
            '<caption class="visually-hidden">Decisions in the register</caption>',
            `<thead><tr>${HEADINGS.map(([k, l]) => heading(k, l, q, links)).join('')}</tr></thead>`,
            `<tbody>${rows.join('\n')}</tbody>`,
            '</table>',
            pager(result, links),
          ].join('\n'),
    ],
  });
}

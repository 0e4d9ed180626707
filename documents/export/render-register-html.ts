/**
 * The published register as an HTML page: one row per decision whose Part 1 is published on
 * `today`, linking to its record. Drafts, decisions in sign-off, rejected and withdrawn ones and
 * deferred Part 1s are left out entirely (not even their reference or title appears).
 */
import { totalOf, type DecisionOrSummary } from '../../domain/decision-summary';
import { formatMoney } from '../../domain/money';
import { roleName, type GovernanceProfile } from '../../domain/profile';
import type { IsoDate } from '../../domain/types';
import { escapeHtml as e, htmlDocument } from './render-html';
import { dayOf, publicationState } from './publication';

/** The decisions whose Part 1 is published on `today`, most recently published first. */
export function publishedDecisions<T extends DecisionOrSummary>(
  decisions: readonly T[],
  today: IsoDate,
  timeZone: string,
): { decision: T; on: IsoDate }[] {
  return decisions
    .map((decision) => ({ decision, state: publicationState(decision, today, timeZone) }))
    .filter(({ state }) => state.published && state.on !== null)
    .map(({ decision, state }) => ({ decision, on: state.on as IsoDate }))
    .sort((a, b) =>
      a.on === b.on ? a.decision.ref.localeCompare(b.decision.ref, 'en', { numeric: true }) : a.on < b.on ? 1 : -1,
    );
}

export function renderRegisterHtml(
  decisions: readonly DecisionOrSummary[],
  profile: GovernanceProfile,
  today: IsoDate,
  linkFor: (ref: string) => string = (ref) => `/decisions/${encodeURIComponent(ref)}`,
): string {
  const rows = publishedDecisions(decisions, today, profile.timeZone).map(({ decision: d, on }) => {
    const maker = d.decisionMakerRole === null ? '' : roleName(profile, d.decisionMakerRole);
    const approved = d.approvedAt === null ? '' : dayOf(d.approvedAt, profile.timeZone);
    return `<tr><th scope="row"><a href="${e(linkFor(d.ref))}">${e(d.ref)}</a></th><td>${e(d.title)}</td><td>${e(maker)}</td><td class="amount">${e(formatMoney(totalOf(d)))}</td><td>${approved}</td><td>${on}</td></tr>`;
  });
  const title = `${profile.name}: register of decisions`;
  const style =
    'body{font-family:Arial,Helvetica,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.35rem .5rem;text-align:left;vertical-align:top}td.amount{text-align:right;white-space:nowrap}';
  return htmlDocument(title, style, [
    `<h1>${e(title)}</h1>`,
    `<p>Part 1 of each decision below is published under the Freedom of Information Act 2000 by the ${e(profile.body)}.</p>`,
    rows.length === 0
      ? '<p>No decisions are published yet.</p>'
      : [
          '<table>',
          '<thead><tr><th scope="col">Reference</th><th scope="col">Title</th><th scope="col">Decision maker</th><th scope="col">Total</th><th scope="col">Approved on</th><th scope="col">Published on</th></tr></thead>',
          '<tbody>',
          ...rows,
          '</tbody>',
          '</table>',
        ].join('\n'),
  ]);
}

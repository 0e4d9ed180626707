/**
 * A decision's page in the tab: where it stands, a link to its card's message in Teams, Part 1
 * in the seed's layout (the same markup as `export html`, funding table included), and its audit
 * history with the verdict of the hash chain. Shown to whoever may see it in the register, and to
 * a person whose tick or signature it waits for.
 */
import { DateTime } from 'luxon';
import { verifyChain } from '../domain/audit';
import { describeEvent } from '../domain/describe-event';
import type { GovernanceProfile } from '../domain/profile';
import type { AuditEvent, Decision } from '../domain/types';
import { nextStep } from '../domain/workflow';
import { escapeHtml as e, renderHtml } from '../documents/export/render-html';
import type { DecisionHome } from '../storage/store';
import { messageDeepLink } from './deep-links';
import { page, type Links } from './page-layout';
import { STATUS_NAMES } from './register-page';
import type { Viewer } from './viewer';

/** The inside of `export html`'s <main>: the record without its page shell. */
export function part1Markup(decision: Decision, profile: GovernanceProfile): string {
  const html = renderHtml(decision, profile);
  const start = html.indexOf('<main>') + '<main>'.length;
  return html.slice(start, html.lastIndexOf('</main>'));
}

function chainVerdict(events: readonly AuditEvent[]): string {
  const check = verifyChain(events);
  if (check.ok)
    return `<p class="verdict ok" role="status">Audit chain verifies: ${check.count} ${check.count === 1 ? 'event' : 'events'}, each linked to the one before by its SHA-256 hash.</p>`;
  return `<p class="verdict broken" role="alert"><strong>Audit chain is broken at event ${check.brokenAt}</strong>: ${e(check.reason)}. Report this to your governance team.</p>`;
}

export function decisionPage(
  decision: Decision,
  home: DecisionHome | null,
  events: readonly AuditEvent[],
  profile: GovernanceProfile,
  viewer: Viewer,
  links: Links,
): string {
  const zone = profile.timeZone;
  const cardLink = messageDeepLink(home);
  const history = events.map((ev) => {
    const when = DateTime.fromISO(ev.at, { zone }).toFormat('d LLL yyyy HH:mm');
    const what = describeEvent(profile, ev.type, ev.details, decision.funding);
    return `<tr><td>${ev.seq}</td><td>${e(when)}</td><td>${e(ev.actor.name)}</td><td>${e(what)}</td></tr>`;
  });
  return page({
    title: `${decision.ref}: ${decision.title}`,
    current: 'decision',
    viewer,
    links,
    body: [
      `<p class="status"><strong>${STATUS_NAMES[decision.status]}.</strong> ${e(nextStep(decision, profile).text)}</p>`,
      cardLink === null
        ? '<p>This decision has no card in Teams yet.</p>'
        : `<p><a class="card-link" href="${e(cardLink)}" target="_blank" rel="noopener">Open its card in Teams</a></p>`,
      `<p><a href="${e(links.to('/register'))}">Back to the register</a></p>`,
      '<section class="record" aria-label="The record (Part 1)">',
      part1Markup(decision, profile),
      '</section>',
      '<section aria-labelledby="audit">',
      '<h2 id="audit">Audit history</h2>',
      chainVerdict(events),
      '<table class="audit"><caption class="visually-hidden">Audit events, first to last</caption>',
      '<thead><tr><th scope="col">#</th><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th></tr></thead>',
      `<tbody>${history.join('\n')}</tbody></table>`,
      '</section>',
    ],
  });
}

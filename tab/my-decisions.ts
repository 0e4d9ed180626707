/**
 * The My decisions tab: what waits for the viewer now (a tick or a signature their roles owe,
 * oldest wait first, with how long it has waited in working days), what they drafted and where
 * each stands, and the decisions whose funding they watch. The first list is what the chat's
 * `mine` shows; decisions waiting on the viewer are shown to them whatever the register scope,
 * since they must act on them.
 */
import { DateTime } from 'luxon';
import { formatMoney } from '../domain/money';
import { totalOf, type DecisionSummary } from '../domain/decision-summary';
import { roleName, type GovernanceProfile } from '../domain/profile';
import type { IsoInstant } from '../domain/types';
import { nextStep, PENDING, type StepSubject } from '../domain/workflow';
import { workingDaysBetween } from '../domain/working-days';
import { escapeHtml as e } from '../documents/export/render-html';
import type { Store } from '../storage/store';
import { page, type Links } from './page-layout';
import { STATUS_NAMES } from './register-page';
import type { Viewer } from './viewer';

export interface Waiting {
  readonly decision: DecisionSummary;
  /** What the viewer owes: the items to tick or the signature, by name. */
  readonly owed: string;
  readonly since: IsoInstant;
  readonly workingDays: number;
}

export interface MyDecisions {
  readonly waiting: readonly Waiting[];
  readonly drafted: readonly DecisionSummary[];
  readonly watched: readonly DecisionSummary[];
}

/** When the current wait began: waitingSince, or for older records the submission or last change. */
const waitStart = (d: DecisionSummary): IsoInstant => d.waitingSince ?? d.submittedAt ?? d.updatedAt;

export function owedBy(d: StepSubject, profile: GovernanceProfile, roles: readonly string[]): string | null {
  const step = nextStep(d, profile);
  if (!step.roles.some((r) => roles.includes(r))) return null;
  if (step.pendingSignature !== null) {
    const spec = profile.signatures.find((s) => s.key === step.pendingSignature);
    return `Signature: ${spec?.title ?? step.pendingSignature}`;
  }
  const items = profile.declarations.filter((i) => step.pendingItems.includes(i.key) && roles.includes(i.role));
  return `Tick: ${items.map((i) => i.title).join(', ')}`;
}

export async function myDecisions(store: Store, profile: GovernanceProfile, viewer: Viewer, now: IsoInstant) {
  // Summaries only: the pending decisions (few), and the viewer's own and watched ones.
  const [pending, drafted, watched] = await Promise.all([
    store.listSummaries({ statuses: PENDING }),
    store.listSummaries({ createdBy: viewer.aadObjectId }),
    store.listSummaries({ watchedBy: viewer.aadObjectId }),
  ]);
  const waiting: Waiting[] = [];
  for (const d of pending) {
    const owed = owedBy(d, profile, viewer.roles);
    if (owed !== null) {
      const since = waitStart(d);
      waiting.push({ decision: d, owed, since, workingDays: workingDaysBetween(since, now, profile) });
    }
  }
  waiting.sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : 0));
  drafted.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return { waiting, drafted, watched } satisfies MyDecisions;
}

const days = (n: number) => (n === 1 ? '1 working day' : `${n} working days`);

export function myDecisionsPage(mine: MyDecisions, profile: GovernanceProfile, viewer: Viewer, links: Links): string {
  const zone = profile.timeZone;
  const refLink = (d: DecisionSummary) =>
    `<a href="${e(links.to(`/decision/${encodeURIComponent(d.ref)}`))}">${e(d.ref)}</a>`;
  const waiting = mine.waiting.map(
    (w) =>
      `<tr><th scope="row">${refLink(w.decision)}</th><td>${e(w.decision.title)}</td><td>${e(w.owed)}</td><td>${DateTime.fromISO(w.since, { zone }).toFormat('d LLL yyyy')}</td><td>${days(w.workingDays)}</td></tr>`,
  );
  const drafted = mine.drafted.map(
    (d) =>
      `<tr><th scope="row">${refLink(d)}</th><td>${e(d.title)}</td><td>${STATUS_NAMES[d.status]}</td><td>${e(nextStep(d, profile).text)}</td></tr>`,
  );
  const watched = mine.watched.map(
    (d) =>
      `<tr><th scope="row">${refLink(d)}</th><td>${e(d.title)}</td><td>${STATUS_NAMES[d.status]}</td><td class="amount">${e(formatMoney(totalOf(d)))}</td></tr>`,
  );
  const held = viewer.roles.map((r) => roleName(profile, r)).join(', ');
  const table = (caption: string, head: readonly string[], rows: readonly string[], empty: string) =>
    rows.length === 0
      ? `<p>${e(empty)}</p>`
      : `<table><caption class="visually-hidden">${e(caption)}</caption><thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
  return page({
    title: 'My decisions',
    current: 'mine',
    viewer,
    links,
    body: [
      `<p>Your roles: ${held === '' ? 'none' : e(held)}${viewer.isAdmin ? ' (and admin)' : ''}.</p>`,
      '<h2 id="waiting">Waiting for you</h2>',
      table(
        'Waiting for you, oldest first',
        ['Reference', 'Title', 'What you owe', 'Waiting since', 'Waited'],
        waiting,
        'Nothing is waiting for you.',
      ),
      '<h2 id="drafted">Drafted by you</h2>',
      table(
        'Drafted by you',
        ['Reference', 'Title', 'Status', 'Where it stands'],
        drafted,
        'You have not drafted any decision.',
      ),
      '<h2 id="watched">Watched by you</h2>',
      table(
        'Watched by you',
        ['Reference', 'Title', 'Status', 'Total'],
        watched,
        'You do not watch any decision. Type watch <ref> in the chat to follow its funding.',
      ),
    ],
  });
}

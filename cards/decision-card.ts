/**
 * The decision card: one per decision, updated in place. `viewer: null` gives the shared base card
 * everyone sees (the buttons for every pending step; the server decides who may press them);
 * a viewer gives that person's own view with only the buttons for their roles' pending steps.
 * Template: cards/decision.json.
 */
import template from './decision.json';
import { roleName, type GovernanceProfile } from '../domain/profile';
import type { Decision, DecisionStatus, RoleAssignment } from '../domain/types';
import { nextStep } from '../domain/workflow';
import {
  closureView,
  decisionMakerView,
  declarationViews,
  signatureViews,
  signingRole,
  type Viewer,
} from './decision-sections';
import { fitsBudget, MOST_SQUEEZED, squeezeDecision, SQUEEZES, type Squeeze } from './card-squeeze';
import { expandTemplate, type CardJson } from './expand-template';
import { formatDate } from './format';
import { RecentCards } from './recent-cards';
import { fundingView } from './funding-view';
import { mayAct, type ChangeAction } from '../domain/authority';

export type { Viewer } from './decision-sections';

/** Teams runs `refresh` automatically for at most 60 users. */
export const MAX_REFRESH_USERS = 60;

export { CARD_BUDGET_BYTES, CARD_BUDGET_UTF16_BYTES, cardBytes, cardUtf16Bytes } from './card-squeeze';

export interface DecisionCardInput {
  readonly decision: Decision;
  readonly profile: GovernanceProfile;
  readonly holders: readonly RoleAssignment[];
  readonly viewer: Viewer | null;
  /** A sentence shown at the top, e.g. "Financial Advice tick was reset because the funding changed." */
  readonly notice?: string | null;
  /** Where "Open in register" leads (a deep link to the tab); no button when absent. */
  readonly registerUrl?: string | null;
  /**
   * Teams user ids (MRIs, `29:…`) by lower-cased AAD object id: whom the card can refresh for.
   * Teams matches refresh.userIds against MRIs only, so a holder without one is left out.
   */
  readonly mris?: ReadonlyMap<string, string>;
}

export interface RefreshView {
  readonly data: { readonly verb: 'card.refresh'; readonly ref: string; readonly version: number };
  readonly userIds: readonly string[];
}

const STATUS_STYLE: Readonly<Record<DecisionStatus, string>> = {
  draft: 'emphasis',
  in_review: 'accent',
  awaiting_chief_executive: 'warning',
  awaiting_decision_maker: 'warning',
  approved: 'good',
  rejected: 'attention',
  withdrawn: 'emphasis',
};

/** "Draft", "In review", "Awaiting Chief Executive", "Awaiting Deputy Mayor for Policing and Crime", … */
export function statusLabel(d: Pick<Decision, 'status' | 'decisionMakerRole'>, profile: GovernanceProfile): string {
  switch (d.status) {
    case 'draft':
      return 'Draft';
    case 'in_review':
      return 'In review';
    case 'awaiting_chief_executive':
      return 'Awaiting Chief Executive';
    case 'awaiting_decision_maker':
      return `Awaiting ${d.decisionMakerRole === null ? 'decision maker' : roleName(profile, d.decisionMakerRole)}`;
    case 'approved':
      return 'Approved';
    case 'rejected':
      return 'Rejected';
    case 'withdrawn':
      return 'Withdrawn';
  }
}

/**
 * AAD object ids of the holders of the roles that must act now: holders before deputies, each
 * person once.
 */
export function pendingHolders(d: Decision, profile: GovernanceProfile, holders: readonly RoleAssignment[]): string[] {
  const roles = nextStep(d, profile).roles;
  const acting = holders.filter((h) => roles.includes(h.role));
  const ordered = [...acting.filter((h) => !h.deputy), ...acting.filter((h) => h.deputy)];
  return [...new Set(ordered.map((h) => h.holder.aadObjectId))];
}

/**
 * The MRIs of the pending holders (pendingHolders, at most 60; those whose MRI is not known are
 * left out, never given as AAD ids), or null when there is nobody to refresh for.
 */
export function refreshFor(
  d: Decision,
  profile: GovernanceProfile,
  holders: readonly RoleAssignment[],
  mris: ReadonlyMap<string, string> = new Map(),
): RefreshView | null {
  const known = pendingHolders(d, profile, holders).flatMap((aad) => mris.get(aad.toLowerCase()) ?? []);
  const userIds = [...new Set(known)].slice(0, MAX_REFRESH_USERS);
  if (userIds.length === 0) return null;
  return { data: { verb: 'card.refresh', ref: d.ref, version: d.version }, userIds };
}

function buttons(d: Decision, profile: GovernanceProfile, viewer: Viewer | null, pendingSignature: string | null) {
  const open =
    d.status === 'draft' ||
    d.status === 'in_review' ||
    d.status === 'awaiting_chief_executive' ||
    d.status === 'awaiting_decision_maker';
  // The shared card shows every button (the server decides); a viewer's own view only those they may press.
  const may = (action: ChangeAction) =>
    viewer === null || mayAct(d, profile, { ...viewer, isAdmin: viewer.isAdmin === true }, action);
  const spec = profile.signatures.find((s) => s.key === pendingSignature);
  const signer = spec === undefined ? null : signingRole(d, spec);
  const awaitsSigner =
    signer !== null && d.status !== 'in_review' && (viewer === null || viewer.roles.includes(signer));
  return {
    submit: d.status === 'draft' && may('submit'),
    edit: open && may('edit'),
    withdraw: open && may('withdraw'),
    reject: open && d.status !== 'draft' && awaitsSigner,
  };
}

function papers(d: Decision): { title: string; value: string }[] {
  const facts = d.backgroundPapers.map((paper, i) => ({ title: i === 0 ? 'Background papers' : '', value: paper }));
  return [
    ...(d.renews === null ? [] : [{ title: 'Renews', value: d.renews }]),
    ...(facts.length === 0 ? [{ title: 'Background papers', value: 'None' }] : facts),
    ...(d.imported ? [{ title: 'Record', value: 'Imported from a published document' }] : []),
  ];
}

function viewModel(input: DecisionCardInput, squeeze: Squeeze) {
  const { profile, viewer } = input;
  // The card shows the decision with its long texts shortened as this level asks; the figures stay.
  const { decision: d, shortened } = squeezeDecision(input.decision, squeeze);
  const next = nextStep(d, profile);
  const status = statusLabel(d, profile);
  return {
    ref: d.ref,
    version: d.version,
    fallbackText: `${d.ref}: ${d.title} (${status})`,
    refresh: refreshFor(d, profile, input.holders, input.mris),
    notice: input.notice ?? '',
    header: `${profile.body} · ${d.ref}`,
    title: d.title,
    status: { label: status, style: STATUS_STYLE[d.status] },
    closure: closureView(d, profile),
    summary: d.summary === '' ? 'No executive summary yet.' : d.summary,
    summaryMissing: d.summary === '',
    recommendations: d.recommendations.map((r, i) => `**${i + 1}.** ${r}`),
    shortened,
    funding: {
      ...fundingView(d),
      detail: squeeze.lines,
      omitted: `Each of the ${d.funding.length} funding lines is in the export: \`export ${d.ref}\`.`,
    },
    decisionMaker: decisionMakerView(d, profile),
    declarations: declarationViews(d, profile, viewer),
    signatures: signatureViews(d, profile, viewer, next.pendingSignature),
    papers: papers(d),
    part1:
      d.part1Deferral === null
        ? 'Published after approval (not deferred)'
        : `Deferred until ${formatDate(d.part1Deferral.until)}: ${d.part1Deferral.reason}`,
    part2: d.hasPart2 ? 'Yes: a confidential Part 2 holds the exempt facts and is never published' : 'No',
    nextStep: next.text,
    buttons: buttons(d, profile, viewer, next.pendingSignature),
    registerUrl: input.registerUrl ?? '',
  };
}

export interface SqueezedCard {
  readonly card: CardJson;
  /** The squeeze level it was made at (an index into SQUEEZES). */
  readonly level: number;
}

/**
 * The decision cards made lately (recent-cards.ts), by squeeze level and view model. A card of the
 * bench's register is about 900 nodes, some 32 KB of heap, and its key (the view model as JSON)
 * some 6,000 characters: 32 of them hold the views of the decisions being worked on now in about
 * 1.5 MB.
 */
const recent = new RecentCards<SqueezedCard>(32);

/** How many decision cards were served from the recent ones, and made anew (GET /metrics counts them). */
export const decisionCardStats = () => recent.stats();

/**
 * The decision card as Adaptive Card 1.5 JSON at the gentlest squeeze level from `fromLevel` on
 * that fits the budget (or the last level): each line's years left to the totals by year, then
 * long texts shortened and marked as such, rather than refused by Teams. A card Teams still
 * refuses (413) is made again from the next level. A view made lately is given again as it was.
 */
export function squeezedDecisionCard(input: DecisionCardInput, fromLevel = 0): SqueezedCard {
  const first = Math.min(Math.max(fromLevel, 0), MOST_SQUEEZED);
  const model = viewModel(input, SQUEEZES[first]!);
  return recent.get(`${first}:${JSON.stringify(model)}`, () => {
    let level = first;
    let card = expandTemplate(template, model);
    while (!fitsBudget(card) && level < MOST_SQUEEZED) {
      level++;
      card = expandTemplate(template, viewModel(input, SQUEEZES[level]!));
    }
    return { card, level };
  });
}

/** The decision card, squeezed as little as it can be to fit the budget. */
export function decisionCard(input: DecisionCardInput): CardJson {
  return squeezedDecisionCard(input).card;
}

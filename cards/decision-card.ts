/**
 * The decision card: one per decision, updated in place. `viewer: null` gives the shared base card
 * everyone sees (the buttons for every pending step; the server decides who may press them);
 * a viewer gives that person's own view with only the buttons for their roles' pending steps.
 * Template: cards/decision.json.
 */
import template from './decision.json';
import { roleName, type GovernanceProfile } from '../domain/profile';
import type { Decision, DecisionStatus, RoleAssignment } from '../domain/types';
import { nextStep, WITHDRAWING_ROLE } from '../domain/workflow';
import {
  closureView,
  decisionMakerView,
  declarationViews,
  signatureViews,
  signingRole,
  type Viewer,
} from './decision-sections';
import { expandTemplate, type CardJson } from './expand-template';
import { formatDate } from './format';
import { fundingView } from './funding-view';

export type { Viewer } from './decision-sections';

/** Teams runs `refresh` automatically for at most 60 users. */
export const MAX_REFRESH_USERS = 60;

/** Each decision card stays under 40 KB expanded (Teams allows about 80 KB per message). */
export const CARD_BUDGET_BYTES = 40 * 1024;

export interface DecisionCardInput {
  readonly decision: Decision;
  readonly profile: GovernanceProfile;
  readonly holders: readonly RoleAssignment[];
  readonly viewer: Viewer | null;
  /** A sentence shown at the top, e.g. "Financial Advice tick was reset because the funding changed." */
  readonly notice?: string | null;
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
export function statusLabel(d: Decision, profile: GovernanceProfile): string {
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
  const drafter =
    viewer === null || viewer.aadObjectId === d.createdBy.aadObjectId || viewer.roles.includes(WITHDRAWING_ROLE);
  const spec = profile.signatures.find((s) => s.key === pendingSignature);
  const signer = spec === undefined ? null : signingRole(d, spec);
  const awaitsSigner =
    signer !== null && d.status !== 'in_review' && (viewer === null || viewer.roles.includes(signer));
  return {
    submit: d.status === 'draft' && drafter,
    edit: open && drafter,
    withdraw: open && drafter,
    reject: open && d.status !== 'draft' && awaitsSigner,
  };
}

/** Text cut to `max` characters at a word boundary, marked with an ellipsis. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * How hard a card is squeezed to fit the budget: 0 shows everything; 1 drops the per-year amounts
 * of each line in the list layout (the totals by year stay); 2 also shortens the long free texts;
 * 3 shortens them further.
 */
type Squeeze = 0 | 1 | 2 | 3;
const SHORT_TEXTS = { summary: 1500, recommendation: 400, backgroundPaper: 250 } as const;
/** Level 3, for the rare card that is still too large at level 2 (40 lines with the longest names and texts). */
const SHORTER_TEXTS = { summary: 800, recommendation: 150, backgroundPaper: 100 } as const;
const textLimits = (squeeze: Squeeze) => (squeeze === 3 ? SHORTER_TEXTS : SHORT_TEXTS);

function papers(d: Decision, squeeze: Squeeze): { title: string; value: string }[] {
  const text = (paper: string) => (squeeze >= 2 ? shorten(paper, textLimits(squeeze).backgroundPaper) : paper);
  const facts = d.backgroundPapers.map((paper, i) => ({
    title: i === 0 ? 'Background papers' : '',
    value: text(paper),
  }));
  return [
    ...(d.renews === null ? [] : [{ title: 'Renews', value: d.renews }]),
    ...(facts.length === 0 ? [{ title: 'Background papers', value: 'None' }] : facts),
    ...(d.imported ? [{ title: 'Record', value: 'Imported from a published document' }] : []),
  ];
}

function viewModel(input: DecisionCardInput, squeeze: Squeeze) {
  const { decision: d, profile, viewer } = input;
  const next = nextStep(d, profile);
  const status = statusLabel(d, profile);
  const funding = fundingView(d);
  const TEXT_LIMITS = textLimits(squeeze);
  const text = (value: string, max: number) => (squeeze >= 2 ? shorten(value, max) : value);
  const summary = text(d.summary, TEXT_LIMITS.summary);
  const recommendations = d.recommendations.map((r, i) => `**${i + 1}.** ${text(r, TEXT_LIMITS.recommendation)}`);
  const shortened =
    summary !== d.summary ||
    d.recommendations.some((r) => r.length > TEXT_LIMITS.recommendation) ||
    d.backgroundPapers.some((p) => p.length > TEXT_LIMITS.backgroundPaper);
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
    summary: d.summary === '' ? 'No executive summary yet.' : summary,
    summaryMissing: d.summary === '',
    recommendations,
    shortened: squeeze >= 2 && shortened,
    funding: squeeze === 0 ? funding : { ...funding, lines: funding.lines.map((line) => ({ ...line, years: [] })) },
    decisionMaker: decisionMakerView(d, profile),
    declarations: declarationViews(d, profile, viewer),
    signatures: signatureViews(d, profile, viewer, next.pendingSignature),
    papers: papers(d, squeeze),
    part1:
      d.part1Deferral === null
        ? 'Published after approval (not deferred)'
        : `Deferred until ${formatDate(d.part1Deferral.until)}: ${d.part1Deferral.reason}`,
    part2: d.hasPart2 ? 'Yes: a confidential Part 2 holds the exempt facts and is never published' : 'No',
    nextStep: next.text,
    buttons: buttons(d, profile, viewer, next.pendingSignature),
  };
}

/** Size of a card as sent: compact JSON in UTF-8. */
export const cardBytes = (card: unknown): number => Buffer.byteLength(JSON.stringify(card), 'utf8');

/**
 * The decision card as Adaptive Card 1.5 JSON, kept under CARD_BUDGET_BYTES: a card that would be
 * larger is squeezed (per-year amounts of each line left to the totals, then long texts shortened
 * and marked as such) rather than refused by Teams.
 */
export function decisionCard(input: DecisionCardInput): CardJson {
  let card = expandTemplate(template, viewModel(input, 0));
  for (const squeeze of [1, 2, 3] as const) {
    if (cardBytes(card) < CARD_BUDGET_BYTES) break;
    card = expandTemplate(template, viewModel(input, squeeze));
  }
  return card;
}

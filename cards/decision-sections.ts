/**
 * The decision card's sections that follow the paper form: who decides and why (the scheme of
 * delegation band), the originating officer declaration, the signatures, and the closing line.
 * Which buttons appear is decided by the caller (`Buttons`); the server still checks every click.
 */
import { decisionTotal } from '../domain/decision';
import { bandsHighestFirst, delegationBandFor, type DelegationBand } from '../domain/delegation';
import { formatMoney } from '../domain/money';
import { roleName, type GovernanceProfile, type SignatureSpec } from '../domain/profile';
import type { Decision } from '../domain/types';
import { formatDateTime } from './format';

const PENDING = ['in_review', 'awaiting_chief_executive', 'awaiting_decision_maker'];
const isPending = (d: Decision): boolean => PENDING.includes(d.status);

/** The role that signs for a signature: the profile's, or the scheme of delegation's for the decision maker. */
export const signingRole = (d: Decision, spec: SignatureSpec): string | null =>
  spec.key === 'decision-maker' ? d.decisionMakerRole : spec.role;

/** "£500,000 and above", "over £50,000 and up to £150,000", "below £500,000". */
export function bandRange(band: DelegationBand, profile: GovernanceProfile): string {
  const bands = bandsHighestFirst(profile);
  const above = bands[bands.indexOf(band) - 1];
  const lower =
    band.minimum === 0
      ? null
      : band.inclusive
        ? `${formatMoney(band.minimum)} and above`
        : `over ${formatMoney(band.minimum)}`;
  const upper =
    above === undefined
      ? null
      : above.inclusive
        ? `below ${formatMoney(above.minimum)}`
        : `up to ${formatMoney(above.minimum)}`;
  return [lower, upper].filter((p): p is string => p !== null).join(' and ') || 'any amount';
}

export interface DecisionMakerView {
  readonly label: string;
  readonly name: string;
  readonly why: string;
}

export function decisionMakerView(d: Decision, profile: GovernanceProfile): DecisionMakerView {
  if (d.funding.length === 0 && d.decisionMakerRole === null) {
    return {
      label: 'Decision maker',
      name: 'Named on submission',
      why: 'The scheme of delegation names the decision maker from the total commitment; there are no funding lines yet.',
    };
  }
  const total = decisionTotal(d);
  const computed = delegationBandFor(total, profile);
  const role = d.decisionMakerRole ?? computed.role;
  const band = computed.role === role ? computed : profile.delegation.find((b) => b.role === role);
  const range = band === undefined ? '' : `; ${bandRange(band, profile)} is for the ${roleName(profile, role)}`;
  return {
    label: d.decisionMakerRole === null ? 'Decision maker (on submission)' : 'Decision maker',
    name: roleName(profile, role),
    why: `Scheme of delegation: ${formatMoney(total)} in all${range}.`,
  };
}

export interface Viewer {
  readonly aadObjectId: string;
  readonly roles: readonly string[];
  /** Admins see the drafter's buttons (edit, submit, withdraw) on every decision. */
  readonly isAdmin?: boolean;
}

export interface DeclarationView {
  readonly key: string;
  readonly title: string;
  /** The profile's words, verbatim, behind a toggle (the element `statementId`); `open` shows it at first. */
  readonly statement: string;
  readonly statementId: string;
  readonly open: boolean;
  readonly state: string;
  readonly stateColor: 'good' | 'warning' | 'default';
  readonly canTick: boolean;
  readonly canUntick: boolean;
}

/**
 * Each declaration item in the profile's order, with who ticked it and when, or who it waits for.
 * Its statement is open only on the card of a viewer who may tick it now: on everyone else's card
 * (and the shared base card, whose viewer is unknown) it is one click away.
 */
export function declarationViews(d: Decision, profile: GovernanceProfile, viewer: Viewer | null): DeclarationView[] {
  const inReview = d.status === 'in_review';
  return profile.declarations.map((item) => {
    const tick = d.ticks[item.key];
    const waiting = d.status === 'draft' || isPending(d);
    const state =
      tick !== undefined
        ? `✓ ${tick.by.name}, ${formatDateTime(tick.at, profile.timeZone)}`
        : waiting
          ? `Awaiting ${roleName(profile, item.role)}`
          : 'Not ticked';
    const holdsRole = viewer === null || viewer.roles.includes(item.role);
    const canTick = inReview && tick === undefined && holdsRole;
    return {
      key: item.key,
      title: item.title,
      statement: item.statement,
      statementId: `statement-${item.key}`,
      open: viewer !== null && canTick,
      state,
      stateColor: tick !== undefined ? 'good' : waiting ? 'warning' : 'default',
      canTick,
      canUntick:
        inReview &&
        tick !== undefined &&
        (viewer === null || (holdsRole && tick.by.aadObjectId === viewer.aadObjectId)),
    };
  });
}

export interface SignatureView {
  readonly key: string;
  readonly title: string;
  /** The exact words signed (or to be signed), behind a toggle (element `statementId`), open at first if `open`. */
  readonly statement: string;
  readonly statementId: string;
  readonly open: boolean;
  readonly interestStatement: string;
  readonly state: string;
  readonly stateColor: 'good' | 'warning' | 'default';
  readonly interest: string;
  readonly canSign: boolean;
  readonly withInterest: boolean;
  readonly signTitle: string;
}

/**
 * Each signature in the profile's order: the exact statement signed (or to be signed), who and when.
 * The statement of the signature awaited is open on the card of whoever may sign it, and on the base
 * card (one signatory is awaited, and may be reading the base card); the others are one click away.
 */
export function signatureViews(
  d: Decision,
  profile: GovernanceProfile,
  viewer: Viewer | null,
  pendingSignature: string | null,
): SignatureView[] {
  return profile.signatures.map((spec) => {
    const signature = d.signatures[spec.key];
    const role = signature?.role ?? signingRole(d, spec);
    const title = role === null ? `${spec.title} (named on submission)` : roleName(profile, role);
    const waiting = d.status === 'draft' || isPending(d);
    const state =
      signature !== undefined
        ? `✓ Signed by ${signature.by.name}, ${formatDateTime(signature.at, profile.timeZone)}`
        : waiting
          ? `Awaiting ${role === null ? spec.title : title}`
          : 'Not signed';
    const canSign =
      pendingSignature === spec.key &&
      signature === undefined &&
      role !== null &&
      (viewer === null || viewer.roles.includes(role));
    return {
      key: spec.key,
      title,
      statement: signature?.statement ?? spec.statement,
      statementId: `signature-${spec.key}`,
      open: canSign,
      // Once signed, the statement recorded already begins with the declaration of interest.
      interestStatement:
        signature !== undefined && signature.statement.includes(spec.interestStatement ?? '')
          ? ''
          : (spec.interestStatement ?? ''),
      state,
      stateColor: signature !== undefined ? 'good' : waiting ? 'warning' : 'default',
      interest: signature?.interest ?? '',
      canSign,
      withInterest: spec.interestStatement !== null,
      signTitle: spec.key === 'chief-executive' ? 'Sign as Chief Executive' : `Sign as ${title}`,
    };
  });
}

export interface ClosureView {
  readonly text: string;
  readonly color: 'good' | 'attention';
}

/** "Approved on 26 Nov 2021 15:00 by …", or who rejected or withdrew it, when and why. */
export function closureView(d: Decision, profile: GovernanceProfile): ClosureView | null {
  const when = (at: string): string => formatDateTime(at, profile.timeZone);
  if (d.status === 'approved') {
    const signature = d.signatures['decision-maker'];
    const at = d.approvedAt ?? signature?.at ?? d.updatedAt;
    return {
      text: `Approved on ${when(at)}${signature === undefined ? '' : ` by ${signature.by.name}`}`,
      color: 'good',
    };
  }
  if (d.status === 'rejected' && d.rejection !== null)
    return {
      text: `Rejected on ${when(d.rejection.at)} by ${d.rejection.by.name}: ${d.rejection.reason}`,
      color: 'attention',
    };
  if (d.status === 'withdrawn' && d.withdrawal !== null)
    return {
      text: `Withdrawn on ${when(d.withdrawal.at)} by ${d.withdrawal.by.name}: ${d.withdrawal.reason}`,
      color: 'attention',
    };
  return null;
}

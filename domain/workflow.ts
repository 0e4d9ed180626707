/**
 * The decision workflow: draft → in review → awaiting chief executive → awaiting decision maker →
 * approved, or rejected or withdrawn. Every operation is (decision, profile, input) => Result<Change>:
 * the new decision (version + 1) with the events to record and sentences for the person, the
 * same decision with no events when there is nothing to do, or a coded refusal.
 */
import { isRef, LIMITS, lineId, normalizeRef, refKey, tidy } from './decision';
import { err, ErrorCode, ok, type Result } from './errors';
import { roleName, type GovernanceProfile } from './profile';
import type { Actor, Change, Decision, FundingLine, FundingOutcome, IsoInstant } from './types';
import {
  change,
  changed,
  closedRefusal,
  joinAnd,
  signatureSpec,
  signerName,
  signerRole,
  untickedItems,
} from './workflow-common';
import { recommendationCount, type DecisionSummary } from './decision-summary';

export { isPending, PENDING } from './workflow-common';
export type { ActorInput, Operation } from './workflow-common';
export { addFundingLine, MAX_FUNDING_LINES, removeFundingLine, updateDetails } from './workflow-edit';
export type { AddFundingLineInput, RemoveFundingLineInput, UpdateDetailsInput } from './workflow-edit';
export { submit, tick, untick } from './workflow-review';
export type { TickInput } from './workflow-review';
export { reject, sign, withdraw } from './workflow-signing';
export type { ReasonInput, SignInput, WithdrawInput } from './workflow-signing';

/**
 * Refuses a card (or any request) made against a version of the decision whose content or stage
 * has since changed, or against a version that never existed. A card that only missed other
 * reviewers' ticks still works: their ticks are independent of this one.
 */
export function checkVersion(d: Decision, expectedVersion: number): Result<void> {
  const floor = d.stageVersion ?? d.version;
  if (expectedVersion <= d.version && expectedVersion >= floor) return ok(undefined);
  return err(
    ErrorCode.StaleVersion,
    `This card is out of date (version ${expectedVersion}; the decision is now at version ${d.version}). Here is the current card.`,
    { ref: d.ref, expectedVersion, currentVersion: d.version },
  );
}

export interface NextStep {
  /** One sentence for the card: what happens next. */
  readonly text: string;
  /** Role keys whose holders must act now. */
  readonly roles: string[];
  /** Declaration item keys still to tick. */
  readonly pendingItems: string[];
  /** The signature key waited for, if any. */
  readonly pendingSignature: string | null;
}

/** What nextStep reads: a full decision or its summary both carry it. */
export type StepSubject = Pick<
  DecisionSummary,
  'status' | 'decisionMakerRole' | 'createdBy' | 'rejection' | 'withdrawal'
> &
  Pick<Decision, 'funding'> &
  (Pick<Decision, 'ticks' | 'recommendations'> | Pick<DecisionSummary, 'ticked' | 'recommendationCount'>);

/** What happens next and who must act. */
export function nextStep(d: StepSubject, p: GovernanceProfile): NextStep {
  const none = { roles: [], pendingItems: [], pendingSignature: null };
  switch (d.status) {
    case 'draft': {
      const needs = [
        recommendationCount(d) === 0 ? 'a recommendation' : '',
        d.funding.length === 0 ? 'a funding line' : '',
      ].filter(Boolean);
      const who = `${d.createdBy.name}, who created it,`;
      const text =
        needs.length === 0
          ? `Draft: ${who} can submit it for review.`
          : `Draft: it still needs ${joinAnd(needs)}; then ${who} submits it for review.`;
      return { text, ...none };
    }
    case 'in_review': {
      const items = untickedItems(d, p);
      const roles = waitingRoles(d, p);
      const list = items.map((i) =>
        i.title === roleName(p, i.role) ? i.title : `${i.title} (${roleName(p, i.role)})`,
      );
      return {
        text: `Waiting for ${items.length === 1 ? 'a tick' : 'ticks'}: ${list.join(', ')}.`,
        roles,
        pendingItems: items.map((i) => i.key),
        pendingSignature: null,
      };
    }
    case 'awaiting_chief_executive':
    case 'awaiting_decision_maker': {
      const spec = signatureSpec(p, d.status === 'awaiting_chief_executive' ? 'chief-executive' : 'decision-maker');
      if (spec === undefined)
        return { text: `Waiting for a signature the ${p.name} profile does not define.`, ...none };
      const act = spec.interestStatement === null ? 'sign' : 'declare any interest and sign';
      return {
        text: `Waiting for the ${signerName(p, d, spec)} to ${act}.`,
        roles: waitingRoles(d, p),
        pendingItems: [],
        pendingSignature: spec.key,
      };
    }
    case 'approved':
      return { text: `Approved: nothing is waiting.`, ...none };
    case 'rejected':
    case 'withdrawn': {
      const closure = d.status === 'rejected' ? d.rejection : d.withdrawal;
      const by = closure === null ? '' : ` by ${closure.by.name}: ${closure.reason}`;
      return { text: `${d.status === 'rejected' ? 'Rejected' : 'Withdrawn'}${by}. Nothing is waiting.`, ...none };
    }
  }
}

/** The fields of a decision that say whose holders must act now. */
export type WaitingFields = Pick<Decision, 'status' | 'decisionMakerRole'> &
  (Pick<Decision, 'ticks'> | Pick<DecisionSummary, 'ticked'>);

/**
 * The role keys whose holders must act now (nextStep's roles), from only the fields that decide
 * them, so a slimmer record than a whole decision can say who is waited for: in review, the roles
 * of the unticked items (each once, in the profile's order); awaiting a signature, its signer's role.
 */
export function waitingRoles(d: WaitingFields, p: GovernanceProfile): string[] {
  switch (d.status) {
    case 'in_review':
      return [...new Set(untickedItems(d, p).map((i) => i.role))];
    case 'awaiting_chief_executive':
    case 'awaiting_decision_maker': {
      const spec = signatureSpec(p, d.status === 'awaiting_chief_executive' ? 'chief-executive' : 'decision-maker');
      const role = spec === undefined ? null : signerRole(d, spec);
      return role === null ? [] : [role];
    }
    default:
      return [];
  }
}

export interface FundingOutcomeInput {
  /** Line ids (or service names) of the decision's funding lines. */
  readonly lineIds: readonly string[];
  readonly outcome: 'renewed' | 'ended';
  /** Required when the funding ends. */
  readonly reason?: string;
  /** For a renewal: the new decision's reference. */
  readonly renewalRef?: string;
  readonly actor: Actor;
  readonly actorRoles?: readonly string[];
  readonly now: IsoInstant;
}

/**
 * Records what was decided about expiring funding lines: renewed (by a new decision) or ended.
 * The one change an approved decision accepts; a line that already has an outcome keeps it.
 */
export function recordFundingOutcome(d: Decision, _p: GovernanceProfile, input: FundingOutcomeInput): Result<Change> {
  if (d.status !== 'approved') {
    const closed = closedRefusal(d);
    if (closed) return closed;
    return err(
      ErrorCode.WrongState,
      `Funding outcomes are recorded once a decision is approved; ${d.ref} is not approved yet.`,
    );
  }
  if (input.lineIds.length === 0)
    return err(ErrorCode.InvalidInput, `Say which funding lines of ${d.ref} are ${input.outcome}.`);
  const lines: FundingLine[] = [];
  for (const id of input.lineIds) {
    const line = d.funding.find((l) => l.id === id || l.id === lineId(id));
    if (line === undefined)
      return err(
        ErrorCode.InvalidInput,
        `${d.ref} has no funding line "${id}"; its lines are ${joinAnd(d.funding.map((l) => l.service))}.`,
        { lineId: id },
      );
    if (!lines.includes(line)) lines.push(line);
  }
  const reason = tidy(input.reason ?? '');
  if (input.outcome === 'ended' && reason.length === 0)
    return err(
      ErrorCode.InvalidInput,
      `Say why the funding of ${joinAnd(lines.map((l) => l.service))} ends: a reason is needed.`,
    );
  if (reason.length > LIMITS.reason)
    return err(ErrorCode.InvalidInput, `The reason is ${reason.length} characters long; keep it to ${LIMITS.reason}.`);
  const renewalRef =
    input.renewalRef === undefined || tidy(input.renewalRef) === '' ? undefined : normalizeRef(input.renewalRef);
  if (renewalRef !== undefined && (!isRef(renewalRef) || refKey(renewalRef) === refKey(d.ref)))
    return err(
      ErrorCode.InvalidInput,
      `"${renewalRef}" cannot be the renewal of ${d.ref}; give the new decision's reference.`,
    );

  const notices: string[] = [];
  const recorded: FundingOutcome[] = [];
  for (const line of lines) {
    const earlier = d.fundingOutcomes.find((o) => o.lineId === line.id);
    if (earlier !== undefined) {
      notices.push(
        `${line.service} already has an outcome: ${earlier.outcome} (recorded by ${earlier.by.name}); nothing changed for it.`,
      );
      continue;
    }
    const outcome: FundingOutcome = {
      lineId: line.id,
      outcome: input.outcome,
      by: input.actor,
      at: input.now,
      ...(reason.length > 0 ? { reason } : {}),
      ...(renewalRef !== undefined ? { renewalRef } : {}),
    };
    recorded.push(outcome);
    const how =
      input.outcome === 'ended'
        ? `will end: ${reason}`
        : `is renewed${renewalRef === undefined ? '' : ` by ${renewalRef}`}`;
    notices.push(`Recorded that ${line.service} ${how}.`);
  }
  if (recorded.length === 0) return ok(change(d, [], notices));
  const details = {
    lineIds: recorded.map((o) => o.lineId),
    outcome: input.outcome,
    reason: reason || null,
    renewalRef: renewalRef ?? null,
  };
  return ok(
    change(
      changed(d, { fundingOutcomes: [...d.fundingOutcomes, ...recorded] }, input.now),
      [{ type: 'funding.outcome_recorded', details }],
      notices,
    ),
  );
}

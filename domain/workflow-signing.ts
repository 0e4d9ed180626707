/**
 * Signatures, in order (every declaration ticked → Chief Executive → decision maker, who first
 * declares any interest), and the two ways a decision closes without approval: rejection by a
 * signatory, withdrawal by its creator, a drafting officer or an admin.
 */
import { decisionTotal, LIMITS, tidy } from './decision';
import { err, ErrorCode, ok, type Result } from './errors';
import { roleName, type GovernanceProfile, type SignatureSpec } from './profile';
import type { Change, Closure, Decision, Signature } from './types';
import {
  change,
  changed,
  closedRefusal,
  holds,
  isPending,
  joinAnd,
  noChange,
  notAllowed,
  signatureSpec,
  signerName,
  signerRole,
  trimText,
  untickedItems,
  type ActorInput,
} from './workflow-common';

export interface SignInput extends ActorInput {
  readonly key: 'chief-executive' | 'decision-maker';
  /** The decision maker's declared interest; blank means "None". */
  readonly interest?: string;
}

/** Why a signature cannot be given yet: what is still missing before it. */
function notYet(d: Decision, p: GovernanceProfile, spec: SignatureSpec): Result<Change> | null {
  const ce = signatureSpec(p, 'chief-executive');
  const who = signerName(p, d, spec);
  const unticked = untickedItems(d, p).map((i) => i.title);
  const needsCe = spec.key === 'decision-maker' && ce !== undefined && d.signatures[ce.key] === undefined;
  if (unticked.length === 0 && !needsCe) return null;
  const ceName = ce === undefined ? '' : signerName(p, d, ce);
  if (unticked.length === 0) return err(ErrorCode.OutOfOrder, `The ${ceName} must sign before the ${who}.`, { missing: ['chief-executive'] });
  const then = needsCe ? `, then the ${ceName}'s signature` : '';
  return err(ErrorCode.OutOfOrder, `The ${who} signs once every declaration item is ticked; still waiting for ${joinAnd(unticked)}${then}.`, {
    missing: [...untickedItems(d, p).map((i) => i.key), ...(needsCe ? ['chief-executive'] : [])],
  });
}

/** Signs for the Chief Executive or the decision maker; the decision maker's signature approves the decision. */
export function sign(d: Decision, p: GovernanceProfile, input: SignInput): Result<Change> {
  const spec = signatureSpec(p, input.key);
  if (spec === undefined) return err(ErrorCode.InvalidInput, `The ${p.name} profile has no "${input.key}" signature.`, { key: input.key });
  if (d.status === 'draft') return err(ErrorCode.WrongState, `${d.ref} is still a draft; submit it first.`);
  const role = signerRole(d, spec);
  const who = signerName(p, d, spec);
  if (!holds(input, role)) return err(ErrorCode.NotRoleHolder, `Only the ${who} can sign ${d.ref}${spec.key === 'decision-maker' ? ' as its decision maker' : ''}.`, { key: spec.key, role });
  const existing = d.signatures[spec.key];
  if (existing !== undefined) return ok(noChange(d, `${d.ref} is already signed by ${existing.by.name} as the ${who}; nothing changed.`));
  const closed = closedRefusal(d);
  if (closed) return closed;
  const early = notYet(d, p, spec);
  if (early) return early;

  const signature: { -readonly [K in keyof Signature]: Signature[K] } = {
    key: spec.key,
    role: role ?? '',
    by: input.actor,
    at: input.now,
    statement: spec.interestStatement === null ? spec.statement : `${spec.interestStatement}\n${spec.statement}`,
  };
  if (spec.interestStatement !== null) {
    // Kept as typed (line breaks too), only trimmed: it is the signatory's own declaration.
    const interest = trimText(input.interest ?? '');
    if (interest.length > LIMITS.interest)
      return err(ErrorCode.InvalidInput, `The declaration of interest is ${interest.length} characters long; keep it to ${LIMITS.interest}.`);
    signature.interest = interest.length === 0 ? 'None' : interest;
  }
  const signatures = { ...d.signatures, [spec.key]: signature };
  const signedEvent = { type: 'signature.signed', details: { key: spec.key, role: signature.role, statement: signature.statement, interest: signature.interest ?? null } };
  const notices = [`${input.actor.name} signed ${d.ref} as the ${who}.`];
  // Each signature moves waitingSince, the approving one too: it stays the time of the latest wait-starting event.

  if (spec.key === 'decision-maker') {
    const approved = changed(d, { signatures, status: 'approved', approvedAt: input.now, waitingSince: input.now }, input.now);
    notices.push(`${d.ref} is approved.`);
    const approvedEvent = { type: 'decision.approved', details: { decisionMakerRole: d.decisionMakerRole, total: decisionTotal(d) } };
    return ok(change(approved, [signedEvent, approvedEvent], notices));
  }
  notices.push(`${d.ref} now waits for the ${roleName(p, d.decisionMakerRole ?? '')} to sign.`);
  return ok(change(changed(d, { signatures, status: 'awaiting_decision_maker', waitingSince: input.now }, input.now), [signedEvent], notices));
}

export interface ReasonInput extends ActorInput {
  readonly reason: string;
}

function cleanReason(reason: string, what: 'rejection' | 'withdrawal', d: Decision): Result<string> {
  const text = tidy(reason);
  if (text.length === 0) return err(ErrorCode.InvalidInput, `Give a reason for the ${what} of ${d.ref}, e.g. "${what === 'rejection' ? 'reject' : 'withdraw'} ${d.ref} <reason>".`);
  if (text.length > LIMITS.reason) return err(ErrorCode.InvalidInput, `The reason is ${text.length} characters long; keep it to ${LIMITS.reason}.`);
  return ok(text);
}

/** Rejects a decision under review or awaiting signatures; by the Chief Executive or the decision maker. */
export function reject(d: Decision, p: GovernanceProfile, input: ReasonInput): Result<Change> {
  const roles = [signatureSpec(p, 'chief-executive')?.role ?? null, d.decisionMakerRole].filter((r): r is string => r !== null);
  if (!roles.some((r) => holds(input, r)))
    return err(ErrorCode.NotRoleHolder, `Only ${roles.map((r) => `the ${roleName(p, r)}`).join(' or ')} can reject ${d.ref}.`, { roles });
  if (d.status === 'rejected' && d.rejection !== null)
    return ok(noChange(d, `${d.ref} was already rejected by ${d.rejection.by.name}; nothing changed.`));
  const closed = closedRefusal(d);
  if (closed) return closed;
  if (!isPending(d)) return err(ErrorCode.WrongState, `${d.ref} is still a draft and cannot be rejected; its creator can withdraw it instead.`);
  const reason = cleanReason(input.reason, 'rejection', d);
  if (!reason.ok) return reason;
  const rejection: Closure = { reason: reason.value, by: input.actor, at: input.now };
  return ok(
    change(
      changed(d, { status: 'rejected', rejection }, input.now),
      [{ type: 'decision.rejected', details: { reason: reason.value, fromStatus: d.status } }],
      [`${d.ref} was rejected by ${input.actor.name}: ${reason.value}`],
    ),
  );
}

export interface WithdrawInput extends ReasonInput {
  readonly isAdmin: boolean;
}

/** Withdraws a draft or pending decision; by its drafter, a holder of the profile's withdraw roles or an admin. */
export function withdraw(d: Decision, p: GovernanceProfile, input: WithdrawInput): Result<Change> {
  const refused = notAllowed(d, p, input, 'withdraw');
  if (refused) return refused;
  if (d.status === 'withdrawn' && d.withdrawal !== null)
    return ok(noChange(d, `${d.ref} was already withdrawn by ${d.withdrawal.by.name}; nothing changed.`));
  const closed = closedRefusal(d);
  if (closed) return closed;
  const reason = cleanReason(input.reason, 'withdrawal', d);
  if (!reason.ok) return reason;
  const withdrawal: Closure = { reason: reason.value, by: input.actor, at: input.now };
  return ok(
    change(
      changed(d, { status: 'withdrawn', withdrawal }, input.now),
      [{ type: 'decision.withdrawn', details: { reason: reason.value, fromStatus: d.status } }],
      [`${d.ref} was withdrawn by ${input.actor.name}: ${reason.value}`],
    ),
  );
}

/**
 * What the workflow operations share: their input, how a change is made (version + 1, updatedAt),
 * the no-op change, and the sentences and lookups used in messages. Internal to the workflow.
 */
import { authorise, type ChangeAction } from './authority';
import { err, ErrorCode, type Result } from './errors';
import {
  publicationFields,
  roleName,
  substanceFields,
  type DeclarationItem,
  type GovernanceProfile,
  type SignatureSpec,
} from './profile';
import type { Actor, Change, Decision, DecisionStatus, EventDraft, IsoInstant } from './types';
import { tickedKeys, type DecisionSummary } from './decision-summary';

/** Who acts, as what, and when: carried by every workflow operation's input. */
export interface ActorInput {
  readonly actor: Actor;
  /** The roles this actor holds (role keys of the profile). */
  readonly actorRoles: readonly string[];
  /** Admins may change any decision; absent means not an admin. */
  readonly isAdmin?: boolean;
  readonly now: IsoInstant;
}

/** The NOT_ALLOWED refusal when this actor may not take the action on the decision (see authority.ts). */
export function notAllowed(
  d: Decision,
  p: GovernanceProfile,
  input: ActorInput,
  action: ChangeAction,
): Result<Change> | null {
  const allowed = authorise(
    d,
    p,
    { aadObjectId: input.actor.aadObjectId, roles: input.actorRoles, isAdmin: input.isAdmin === true },
    action,
  );
  return allowed.ok ? null : allowed;
}

export type Operation<I> = (decision: Decision, profile: GovernanceProfile, input: I) => Result<Change>;

export const PENDING: readonly DecisionStatus[] = ['in_review', 'awaiting_chief_executive', 'awaiting_decision_maker'];
export const isPending = (d: Decision): boolean => PENDING.includes(d.status);

/**
 * The decision after a real change: version + 1 and updatedAt = now. A change of status, of
 * substance or of what gets published also moves stageVersion: a card rendered before it is stale
 * (see checkVersion), so nobody signs what they did not see, while a card that only missed other
 * people's ticks is not.
 */
export function changed(d: Decision, patch: Partial<Decision>, now: IsoInstant): Decision {
  const version = d.version + 1;
  const statusMoved = patch.status !== undefined && patch.status !== d.status;
  const substanceMoved = [...substanceFields, ...publicationFields].some(
    (field) => field in patch && patch[field] !== d[field],
  );
  const stageVersion = statusMoved || substanceMoved ? version : d.stageVersion;
  return { ...d, ...patch, version, updatedAt: now, ...(stageVersion === undefined ? {} : { stageVersion }) };
}

/** A change that changes nothing: the same decision and version, no events, a sentence saying why. */
export const noChange = (d: Decision, notice: string): Change => ({ decision: d, events: [], notices: [notice] });

export const change = (decision: Decision, events: EventDraft[], notices: string[]): Change => ({
  decision,
  events,
  notices,
});

export const holds = (input: ActorInput, role: string | null): boolean =>
  role !== null && input.actorRoles.includes(role);

export { joinAnd } from './prose';

export const plural = (n: number, one: string, many: string): string => (n === 1 ? one : many);

export const declarationItem = (p: GovernanceProfile, key: string): DeclarationItem | undefined =>
  p.declarations.find((i) => i.key === key);
export const signatureSpec = (p: GovernanceProfile, key: string): SignatureSpec | undefined =>
  p.signatures.find((s) => s.key === key);

/**
 * The role that signs for a signature key: the profile's for the Chief Executive, the scheme of delegation's for the
 * decision maker.
 */
export function signerRole(d: Pick<Decision, 'decisionMakerRole'>, spec: SignatureSpec): string | null {
  return spec.key === 'decision-maker' ? d.decisionMakerRole : spec.role;
}

/**
 * How a signer is named in messages: their role's name ("Deputy Mayor for Policing and Crime"), else the signature's
 * title.
 */
export function signerName(p: GovernanceProfile, d: Pick<Decision, 'decisionMakerRole'>, spec: SignatureSpec): string {
  const role = signerRole(d, spec);
  return role === null ? spec.title : roleName(p, role);
}

/** Declaration items not yet ticked, in the profile's order. */
export function untickedItems(
  d: Pick<Decision, 'ticks'> | Pick<DecisionSummary, 'ticked'>,
  p: GovernanceProfile,
): DeclarationItem[] {
  const ticked = new Set(tickedKeys(d));
  return p.declarations.filter((i) => !ticked.has(i.key));
}

/** The pending status a decision with these ticks and no signatures is in. */
export function statusAfterTicks(d: Decision, p: GovernanceProfile): DecisionStatus {
  if (untickedItems(d, p).length > 0) return 'in_review';
  return signatureSpec(p, 'chief-executive') ? 'awaiting_chief_executive' : 'awaiting_decision_maker';
}

/**
 * The refusal for changing a decision that can no longer change: approved ones are IMMUTABLE (a
 * correction is a new decision that cites them), rejected and withdrawn ones are WRONG_STATE.
 */
export function closedRefusal(d: Decision): Result<Change> | null {
  if (d.status === 'approved')
    return err(
      ErrorCode.Immutable,
      `${d.ref} is approved and cannot change; a correction is a new decision that cites it: new <title>`,
      { ref: d.ref },
    );
  if (d.status !== 'rejected' && d.status !== 'withdrawn') return null;
  const closure = d.status === 'rejected' ? d.rejection : d.withdrawal;
  const by = closure === null ? '' : ` by ${closure.by.name} ("${closure.reason}")`;
  return err(
    ErrorCode.WrongState,
    `${d.ref} was ${d.status}${by} and cannot change; start a new decision instead: new <title>`,
    {
      ref: d.ref,
      status: d.status,
    },
  );
}

/** Text trimmed with its line endings normalised, keeping paragraphs. */
export const trimText = (text: string): string => text.replace(/\r\n?/g, '\n').trim();

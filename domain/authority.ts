/**
 * Who may change a decision and who may see it, from the governance profile. Pure: the callers
 * say who is asking (their roles and whether they are an admin) and, for seeing, whether Part 1
 * is published today (export/publication.ts decides that with the clock).
 *
 * Changing: a decision's drafter (who created it), holders of the profile's drafting roles and
 * admins may edit its details and funding; submitting and withdrawing follow submitRoles and
 * withdrawRoles (draftingRoles when absent), and the drafter and admins always may.
 *
 * Seeing (the register, lists and exports): published decisions for everyone; every decision for
 * admins and holders of the profile's register or drafting roles; a person's own drafts for them.
 */
import { err, ErrorCode, ok, type Result } from './errors';
import { roleName, type GovernanceProfile } from './profile';
import { joinOr } from './prose';
import type { Decision } from './types';

/** The person asking: identity, the profile roles they hold, and whether they are an admin. */
export interface Asker {
  readonly aadObjectId: string;
  readonly roles: readonly string[];
  readonly isAdmin: boolean;
}

export type ChangeAction = 'edit' | 'fund' | 'submit' | 'withdraw';

const actionWords: Readonly<Record<ChangeAction, string>> = {
  edit: 'edit',
  fund: 'change the funding of',
  submit: 'submit',
  withdraw: 'withdraw',
};

/** The roles whose holders may take this action on any decision. */
export function rolesFor(p: GovernanceProfile, action: ChangeAction): readonly string[] {
  if (action === 'submit') return p.submitRoles ?? p.draftingRoles;
  if (action === 'withdraw') return p.withdrawRoles ?? p.draftingRoles;
  return p.draftingRoles;
}

export const isDrafter = (d: Decision, who: Pick<Asker, 'aadObjectId'>): boolean => who.aadObjectId === d.createdBy.aadObjectId;

/** Whether this person may take the action on this decision (whatever its state). */
export function mayAct(d: Decision, p: GovernanceProfile, who: Asker, action: ChangeAction): boolean {
  return who.isAdmin || isDrafter(d, who) || rolesFor(p, action).some((r) => who.roles.includes(r));
}

const article = (name: string): string => `${/^[AEIOU]/i.test(name) ? 'an' : 'a'} ${name}`;

/** "Only the drafter (Dana Drafter), a Drafting Officer or an admin can edit PCD 1065." */
export function whoMay(d: Decision, p: GovernanceProfile, action: ChangeAction): string {
  const who = [`the drafter (${d.createdBy.name})`, ...rolesFor(p, action).map((r) => article(roleName(p, r))), 'an admin'];
  return `Only ${joinOr(who)} can ${actionWords[action]} ${d.ref}.`;
}

/** Nothing, or the NOT_ALLOWED refusal that says who may take the action instead. */
export function authorise(d: Decision, p: GovernanceProfile, who: Asker, action: ChangeAction): Result<void> {
  if (mayAct(d, p, who, action)) return ok(undefined);
  return err(ErrorCode.NotAllowed, whoMay(d, p, action), { ref: d.ref, action });
}

/**
 * What of the register a person may see: everything, or what is published plus their own
 * drafts. Carried by export links, so a link gives what its requester could see when they asked.
 */
export type ViewerScope = { readonly kind: 'all' } | { readonly kind: 'published'; readonly viewerId: string };

/** Whether this person sees unpublished decisions: admins, register roles and drafting roles. */
export function seesEverything(p: GovernanceProfile, who: Asker): boolean {
  return who.isAdmin || [...p.registerRoles, ...p.draftingRoles].some((r) => who.roles.includes(r));
}

export function viewerScope(p: GovernanceProfile, who: Asker): ViewerScope {
  return seesEverything(p, who) ? { kind: 'all' } : { kind: 'published', viewerId: who.aadObjectId };
}

/** Whether a decision is in the scope; `published` says whether its Part 1 is published today. */
export function inScope(scope: ViewerScope, d: Pick<Decision, 'createdBy'>, published: boolean): boolean {
  return scope.kind === 'all' || published || d.createdBy.aadObjectId === scope.viewerId;
}

/** Who sees a decision that is not published, for refusals. */
export function whoSeesUnpublished(d: Decision, p: GovernanceProfile): string {
  const roles = [...new Set([...p.draftingRoles, ...p.registerRoles])].map((r) => article(roleName(p, r)));
  return joinOr([`its drafter (${d.createdBy.name})`, ...roles, 'an admin']);
}

/** What a person who sees only published decisions is told a register or list holds, naming who sees more. */
export function publishedOnlyNote(p: GovernanceProfile): string {
  const roles = [...new Set([...p.draftingRoles, ...p.registerRoles])].map((r) => `${roleName(p, r)} role holders`);
  return `It holds the published decisions and the ones you drafted; only ${joinOr([...roles, 'admins'])} see every decision.`;
}

/** Rendering cards for the bot: the card functions are pure; this gathers what they need from the store. */
import { decisionCard, pendingHolders } from '../cards/decision-card';
import type { Decision } from '../domain/types';
import type { GovernanceProfile } from '../domain/profile';
import type { RoleAssignment, Store } from '../storage/store';
import type { PeopleDirectory } from './people';

/** What rendering a card reads: the profile, the store for who holds which role, and people's MRIs. */
export interface CardDeps {
  readonly store: Pick<Store, 'listRoleAssignments' | 'getDecision'>;
  readonly profile: GovernanceProfile;
  /** The holders' MRIs for the card's refresh; without it the card refreshes for nobody. */
  readonly people?: Pick<PeopleDirectory, 'mris'>;
}

export interface Viewer {
  readonly aadObjectId: string;
  readonly roles: readonly string[];
}

export async function renderDecisionCard(
  deps: CardDeps,
  decision: Decision,
  viewer: Viewer | null,
  notice: string | null = null,
  /** The role assignments, when the caller has them already (a turn reads them once). */
  assignments?: readonly RoleAssignment[],
): Promise<object> {
  const holders = assignments ?? (await deps.store.listRoleAssignments());
  // A pending holder who has never written to the bot is looked up in the decision's home conversation.
  const home = async () => (await deps.store.getDecision(decision.ref))?.home?.conversation ?? null;
  const mris = deps.people
    ? await deps.people.mris(pendingHolders(decision, deps.profile, holders), home)
    : new Map<string, string>();
  return decisionCard({ decision, profile: deps.profile, holders, viewer, notice, mris });
}

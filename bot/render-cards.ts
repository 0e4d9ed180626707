/** Rendering cards for the bot: the card functions are pure; this gathers what they need from the store. */
import { decisionCard, pendingHolders, squeezedDecisionCard, type SqueezedCard } from '../cards/decision-card';
import { tabDeepLink } from '../cards/tab-link';
import type { Decision } from '../domain/types';
import type { GovernanceProfile } from '../domain/profile';
import type { RoleAssignment, Store } from '../storage/store';
import type { PeopleDirectory } from './people';

/** What rendering a card reads: the profile, the store for who holds which role, and people's MRIs. */
export interface CardDeps {
  readonly store: Pick<Store, 'listRoleAssignments' | 'getDecision'>;
  readonly profile: GovernanceProfile;
  /** The bot's app id, which is the Teams app's: the card links to the tab with it (none when empty). */
  readonly botAppId?: string;
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
  const registerUrl = deps.botAppId ? tabDeepLink(deps.botAppId, decision.ref) : null;
  const mris = await holderMris(deps, decision, holders);
  return decisionCard({ decision, profile: deps.profile, holders, viewer, notice, registerUrl, mris });
}

/** The pending holders' MRIs for the card's refresh; one who never wrote to the bot is looked up in its home. */
async function holderMris(
  deps: CardDeps,
  decision: Decision,
  holders: readonly RoleAssignment[],
): Promise<ReadonlyMap<string, string>> {
  if (!deps.people) return new Map<string, string>();
  const home = async () => (await deps.store.getDecision(decision.ref))?.home?.conversation ?? null;
  return deps.people.mris(pendingHolders(decision, deps.profile, holders), home);
}

/**
 * The shared base card (no viewer) made at squeeze level `fromLevel` or a gentler-fitting one
 * after it: the card publisher sends it again smaller when Teams refuses it as too big (413).
 */
export async function renderBaseCardFrom(deps: CardDeps, decision: Decision, fromLevel: number): Promise<SqueezedCard> {
  const holders = await deps.store.listRoleAssignments();
  const registerUrl = deps.botAppId ? tabDeepLink(deps.botAppId, decision.ref) : null;
  const mris = await holderMris(deps, decision, holders);
  return squeezedDecisionCard(
    { decision, profile: deps.profile, holders, viewer: null, registerUrl, mris },
    fromLevel,
  );
}

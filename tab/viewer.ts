/**
 * Who is looking at a tab page. With an app id, the Teams SSO token in the Authorization header
 * says (sso-token.ts); a request without one gets the sign-in shell, whose script asks Teams for
 * the token and asks again with it. Without an app id (local development) the pages answer only
 * on the loopback address and act as a person picked from the role holders and admins with
 * `?as=<aad id>`; every page says so. Roles are read from the store on every request, as a turn does.
 */
import type { Asker } from '../domain/authority';
import type { GovernanceProfile } from '../domain/profile';
import type { RoleAssignment } from '../domain/types';
import type { Store } from '../storage/store';
import type { SsoResult } from './sso-token';

export interface Viewer extends Asker {
  readonly name: string;
  /** Local development: acting as a person picked with ?as=, not signed in. */
  readonly acting: boolean;
}

export interface Candidate {
  readonly aadObjectId: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly isAdmin: boolean;
}

export type Identification =
  | { readonly kind: 'viewer'; readonly viewer: Viewer }
  /** SSO mode, no token yet: serve the shell that fetches one. */
  | { readonly kind: 'sign-in' }
  | { readonly kind: 'refused'; readonly status: number; readonly title: string; readonly reason: string }
  /** Development mode without a valid ?as=: the people one can act as. */
  | { readonly kind: 'pick'; readonly candidates: readonly Candidate[] };

export interface ViewerDeps {
  readonly store: Store;
  readonly profile: GovernanceProfile;
  readonly appId: string;
  /** Lower-case AAD object ids. */
  readonly admins: readonly string[];
  /** Null when SSO is not set up (no BOT_DOMAIN). */
  readonly validate: ((token: string) => Promise<SsoResult>) | null;
}

export interface RequestFacts {
  readonly authorization: string;
  readonly remoteAddress: string;
  readonly as: string;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export const isDevelopment = (deps: Pick<ViewerDeps, 'appId'>): boolean => deps.appId === '';

/** Role holders and admins, by name: the people local development can act as. */
export function candidates(assignments: readonly RoleAssignment[], admins: readonly string[]): Candidate[] {
  const people = new Map<string, { name: string; roles: Set<string> }>();
  for (const a of assignments) {
    const id = a.holder.aadObjectId.toLowerCase();
    const entry = people.get(id) ?? { name: a.holder.name, roles: new Set<string>() };
    entry.roles.add(a.role);
    people.set(id, entry);
  }
  for (const id of admins) if (!people.has(id)) people.set(id, { name: `Admin ${id.slice(0, 8)}`, roles: new Set() });
  return [...people.entries()]
    .map(([aadObjectId, p]) => ({
      aadObjectId,
      name: p.name,
      roles: [...p.roles],
      isAdmin: admins.includes(aadObjectId),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en'));
}

const rolesOf = (assignments: readonly RoleAssignment[], id: string): string[] => [
  ...new Set(assignments.filter((a) => a.holder.aadObjectId.toLowerCase() === id).map((a) => a.role)),
];

export async function identify(deps: ViewerDeps, facts: RequestFacts): Promise<Identification> {
  if (isDevelopment(deps)) {
    if (!LOOPBACK.has(facts.remoteAddress))
      return {
        kind: 'refused',
        status: 403,
        title: 'Local development only',
        reason: 'Without an app id the tab pages answer only on this machine (127.0.0.1).',
      };
    const all = candidates(await deps.store.listRoleAssignments(), deps.admins);
    const picked = all.find((c) => c.aadObjectId === facts.as.trim().toLowerCase());
    if (picked === undefined) return { kind: 'pick', candidates: all };
    return { kind: 'viewer', viewer: { ...picked, acting: true } };
  }
  const token = /^Bearer\s+(\S+)$/i.exec(facts.authorization.trim())?.[1];
  if (token === undefined) return { kind: 'sign-in' };
  if (deps.validate === null)
    return {
      kind: 'refused',
      status: 503,
      title: 'Sign-in is not set up',
      reason: 'Set BOT_DOMAIN so the tab knows its Application ID URI (api://<BOT_DOMAIN>/<app id>).',
    };
  const result = await deps.validate(token);
  if (!result.ok) return { kind: 'refused', status: 401, title: 'You are not signed in', reason: result.reason };
  const id = result.user.aadObjectId;
  const roles = rolesOf(await deps.store.listRoleAssignments(), id);
  return {
    kind: 'viewer',
    viewer: { aadObjectId: id, name: result.user.name, roles, isAdmin: deps.admins.includes(id), acting: false },
  };
}

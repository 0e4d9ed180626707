/**
 * Decisions and role holders set up through the Store API, for the reliability suites: drafts
 * and decisions in review, made with the domain operations so that their audit chains are real.
 */
import { newDecision } from '../../domain/decision';
import type { Result } from '../../domain/errors';
import type { GovernanceProfile } from '../../domain/profile';
import type { Change, Decision } from '../../domain/types';
import { addFundingLine, submit, updateDetails } from '../../domain/workflow';
import type { Store } from '../../storage/store';
import { person, type Person } from '../support/teams-activities';

const unwrap = (r: Result<Change>): Change => {
  if (!r.ok) throw r.error;
  return r.value;
};

export const drafter = person('d01', 'Dee Drafter');
export const outsider = person('o01', 'Oz Outsider');
export const admin = person('a01', 'Ada Admin');

/** One holder per declaration item's role (keyed by item), plus a deputy for each of the first two. */
export function reviewerTeam(profile: GovernanceProfile): { item: string; role: string; who: Person }[] {
  const main = profile.declarations.map((d, i) => ({
    item: d.key,
    role: d.role,
    who: person(`r${i + 1}`, `${d.title} Holder`),
  }));
  const deputies = profile.declarations
    .slice(0, 2)
    .map((d, i) => ({ item: d.key, role: d.role, who: person(`q${i + 1}`, `${d.title} Deputy`) }));
  return [...main, ...deputies];
}

export async function assignRoles(
  store: Store,
  team: readonly { role: string; who: Person }[],
  at: string,
): Promise<void> {
  const by = { aadObjectId: admin.aadObjectId, name: admin.name };
  const seen = new Set<string>();
  for (const { role, who } of team) {
    const deputy = seen.has(role);
    seen.add(role);
    await store.addRoleAssignment({
      role,
      holder: { aadObjectId: who.aadObjectId, name: who.name },
      deputy,
      assignedBy: by,
      assignedAt: at,
    });
  }
}

/** Creates a draft with one funding line through the store; returns it as stored. */
export async function createDraft(
  store: Store,
  profile: GovernanceProfile,
  ref: string,
  now: string,
): Promise<Decision> {
  const actor = { aadObjectId: drafter.aadObjectId, name: drafter.name };
  const as = { actor, actorRoles: ['drafting-officer'], now };
  const created = unwrap(newDecision({ ref, title: `Reliability ${ref}`, profile, actor, now }));
  await store.createDecision(created.decision, created.events, { actor, at: now });
  let d = created.decision;
  for (const change of [
    (x: Decision) =>
      addFundingLine(x, profile, {
        ...as,
        line: {
          id: '',
          service: 'Core service',
          source: 'Police Grant',
          allocations: [{ year: 2025, amount: 10_000_000 }],
        },
      }),
    (x: Decision) =>
      updateDetails(x, profile, {
        ...as,
        summary: 'A decision for the reliability suite.',
        recommendations: ['Approve it.'],
      }),
  ]) {
    const c = unwrap(change(d));
    d = (await store.updateDecision(c.decision, d.version, c.events, { actor, at: now })).decision;
  }
  return d;
}

/** Creates a decision and submits it for review; returns it as stored. */
export async function createInReview(
  store: Store,
  profile: GovernanceProfile,
  ref: string,
  now: string,
): Promise<Decision> {
  const d = await createDraft(store, profile, ref, now);
  const actor = { aadObjectId: drafter.aadObjectId, name: drafter.name };
  const c = unwrap(submit(d, profile, { actor, actorRoles: ['drafting-officer'], now }));
  return (await store.updateDecision(c.decision, d.version, c.events, { actor, at: now })).decision;
}

/** Applies a domain operation to a stored decision through the store (the way the bot writes). */
export async function advance(
  store: Store,
  d: Decision,
  by: Person,
  op: (d: Decision) => Result<Change>,
  now = new Date().toISOString(),
): Promise<Decision> {
  const c = unwrap(op(d));
  return (
    await store.updateDecision(c.decision, d.version, c.events, {
      actor: { aadObjectId: by.aadObjectId, name: by.name },
      at: now,
    })
  ).decision;
}

/** Everything that counts as state: decisions (version, audit length), roles, the outbox. */
export async function snapshot(store: Store): Promise<string> {
  const decisions = await Promise.all(
    (await store.listDecisions()).map(async (s) => [
      s.decision.ref,
      s.decision.version,
      (await store.getAudit(s.decision.ref)).length,
      s.watchers,
    ]),
  );
  return JSON.stringify({ decisions, roles: await store.listRoleAssignments(), outbox: await store.listDeliveries() });
}

/**
 * The people and decisions of the security suites: a drafter with no role, an outsider, a
 * reviewer, a drafting officer, governance role holders and an admin; decisions at each stage,
 * made through the domain operations and the store so their audit chains are real.
 */
import { newDecision } from '../../domain/decision';
import type { Result } from '../../domain/errors';
import type { GovernanceProfile } from '../../domain/profile';
import type { Change, Decision, Part1Deferral } from '../../domain/types';
import { addFundingLine, sign, submit, tick, updateDetails } from '../../domain/workflow';
import type { Store } from '../../storage/store';
import { person, type Person } from '../support/teams-activities';

export const dana = person('5d1', 'Dana Drafter');
export const olly = person('5o1', 'Olly Outsider');
export const fran = person('5f1', 'Fran Finance');
export const dora = person('5d2', 'Dora Officer');
export const cass = person('5c1', 'Cass Chief');
export const dev = person('5m1', 'Dev Director');
export const ada = person('5a1', 'Ada Admin');
export const everyone = [dana, olly, fran, dora, cass, dev, ada];

/** Dana holds no role: she may change her own decisions only because she drafted them. */
export const ROLES: readonly [Person, string][] = [
  [fran, 'finance'],
  [dora, 'drafting-officer'],
  [cass, 'chief-executive'],
  [dev, 'director-commissioning'],
];

export async function giveRoles(store: Store, at: string): Promise<void> {
  for (const [who, role] of ROLES)
    await store.addRoleAssignment({
      role,
      holder: { aadObjectId: who.aadObjectId, name: who.name },
      deputy: false,
      assignedBy: { aadObjectId: ada.aadObjectId, name: ada.name },
      assignedAt: at,
    });
}

export type Stage = 'draft' | 'in_review' | 'awaiting_decision_maker' | 'approved';

const actorOf = (p: Person) => ({ aadObjectId: p.aadObjectId, name: p.name });

/**
 * Dana's decision `ref` at `stage`: £100,000 (so the Director of Commissioning and Partnerships
 * decides), with a Part 1 deferral when given; every step by the person allowed to take it.
 */
export async function decisionAt(
  store: Store,
  profile: GovernanceProfile,
  ref: string,
  stage: Stage,
  now: string,
  deferral: Part1Deferral | null = null,
): Promise<Decision> {
  const by = (p: Person, roles: string[] = []) => ({ actor: actorOf(p), actorRoles: roles, now });
  const created = unwrap(newDecision({ ref, title: `Secret plans ${ref}`, profile, actor: actorOf(dana), now }));
  let d = (await store.createDecision(created.decision, created.events, { actor: actorOf(dana), at: now })).decision;
  const step = async (who: Person, op: (x: Decision) => Result<Change>) => {
    const c = unwrap(op(d));
    d = (await store.updateDecision(c.decision, d.version, c.events, { actor: actorOf(who), at: now })).decision;
  };
  const line = {
    id: '',
    service: 'Hidden service',
    source: 'Police Grant',
    allocations: [{ year: 2026, amount: 10_000_000 }],
  };
  await step(dana, (x) => addFundingLine(x, profile, { ...by(dana), line }));
  await step(dana, (x) =>
    updateDetails(x, profile, {
      ...by(dana),
      summary: `Draft summary of ${ref}.`,
      recommendations: ['Approve it.'],
      part1Deferral: deferral,
    }),
  );
  if (stage === 'draft') return d;
  await step(dana, (x) => submit(x, profile, by(dana)));
  if (stage === 'in_review') return d;
  for (const item of profile.declarations)
    await step(dora, (x) => tick(x, profile, { ...by(dora, [item.role]), item: item.key }));
  await step(cass, (x) => sign(x, profile, { ...by(cass, ['chief-executive']), key: 'chief-executive' }));
  if (stage === 'awaiting_decision_maker') return d;
  await step(dev, (x) =>
    sign(x, profile, { ...by(dev, ['director-commissioning']), key: 'decision-maker', interest: '' }),
  );
  return d;
}

function unwrap(r: Result<Change>): Change {
  if (!r.ok) throw r.error;
  return r.value;
}

/**
 * Random sequences of operations by random people holding random roles. Whatever happens:
 * no decision is approved without every tick and signature, given by holders of the roles;
 * an approved decision changes in nothing but its funding outcomes; each accepted change adds
 * exactly one to the version and a no-op leaves the decision untouched; waitingSince is always
 * the time of the latest event that started a wait, as the nudge scan once read it from the audit.
 */
import fc from 'fast-check';
import { decisionTotal, makeFundingLine } from '../../domain/decision';
import { decisionMakerFor } from '../../domain/delegation';
import type { Result } from '../../domain/errors';
import type { Actor, Change, Decision } from '../../domain/types';
import {
  addFundingLine,
  nextStep,
  recordFundingOutcome,
  reject,
  removeFundingLine,
  sign,
  submit,
  tick,
  untick,
  updateDetails,
  withdraw,
} from '../../domain/workflow';
import { draft, people, profile } from './workflow-support';

const services = [
  'Drug Testing in Police Custody',
  'MAPPA',
  'GPS Tagging',
  "Women's wrap around service",
  'Victim support',
];
const roleKeys = profile.roles.map((r) => r.key);
const itemKeys = [...profile.declarations.map((i) => i.key), 'bogus'];

const op = fc.oneof(
  // The step the decision waits for (submit, the first pending tick, the pending signature), by whoever is chosen.
  { weight: 12, arbitrary: fc.record({ op: fc.constant('progress' as const) }) },
  { weight: 12, arbitrary: fc.record({ op: fc.constant('tick' as const), item: fc.constantFrom(...itemKeys) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('untick' as const), item: fc.constantFrom(...itemKeys) }) },
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('sign' as const),
      key: fc.constantFrom('chief-executive' as const, 'decision-maker' as const),
      interest: fc.string({ maxLength: 20 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('submit' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('add' as const),
      service: fc.constantFrom(...services),
      allocations: fc.uniqueArray(
        fc.record({ year: fc.integer({ min: 2022, max: 2025 }), amount: fc.integer({ min: 1, max: 100_000_000 }) }),
        {
          minLength: 1,
          maxLength: 3,
          selector: (a) => a.year,
        },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('remove' as const), service: fc.constantFrom(...services) }) },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        op: fc.constant('update' as const),
        title: fc.constantFrom('Criminal Justice System - 2022/23 Commissioning Decisions', 'Revised title', ''),
        summary: fc.constantFrom('Summary A', 'Summary B'),
        recommendations: fc.array(fc.constantFrom('Approve.', 'Delegate.', ''), { maxLength: 3 }),
        backgroundPapers: fc.array(fc.constantFrom('PCD 849', 'PCD 948'), { maxLength: 2 }),
        hasPart2: fc.boolean(),
      },
      { requiredKeys: ['op'] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('reject' as const), reason: fc.constantFrom('Not value for money', '') }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('withdraw' as const),
      reason: fc.constantFrom('Duplicate', ''),
      isAdmin: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('outcome' as const),
      lineIds: fc.subarray(services, { minLength: 1 }),
      outcome: fc.constantFrom('renewed' as const, 'ended' as const),
      reason: fc.constantFrom('Pilot complete', ''),
    }),
  },
);

type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

interface Person {
  readonly actor: Actor;
  readonly roles: readonly string[];
}

function apply(d: Decision, step: Op, person: Person, now: string): Result<Change> {
  const input = { actor: person.actor, actorRoles: person.roles, now };
  switch (step.op) {
    case 'progress': {
      if (d.status === 'draft') return submit(d, profile, input);
      const next = nextStep(d, profile);
      const item = next.pendingItems[0];
      if (item !== undefined) return tick(d, profile, { ...input, item });
      return sign(d, profile, {
        ...input,
        key: next.pendingSignature === 'chief-executive' ? 'chief-executive' : 'decision-maker',
      });
    }
    case 'tick':
      return tick(d, profile, { ...input, item: step.item });
    case 'untick':
      return untick(d, profile, { ...input, item: step.item });
    case 'sign':
      return sign(d, profile, { ...input, key: step.key, interest: step.interest });
    case 'submit':
      return submit(d, profile, input);
    case 'add': {
      const line = makeFundingLine({ service: step.service, source: 'Police Grant', allocations: step.allocations });
      if (!line.ok) return line;
      return addFundingLine(d, profile, { ...input, line: line.value });
    }
    case 'remove':
      return removeFundingLine(d, profile, { ...input, lineId: step.service });
    case 'update': {
      const { op: _op, ...fields } = step;
      return updateDetails(d, profile, { ...input, ...fields });
    }
    case 'reject':
      return reject(d, profile, { ...input, reason: step.reason });
    case 'withdraw':
      return withdraw(d, profile, { ...input, reason: step.reason, isAdmin: step.isAdmin });
    case 'outcome':
      return recordFundingOutcome(d, profile, {
        ...input,
        lineIds: step.lineIds,
        outcome: step.outcome,
        reason: step.reason,
      });
  }
}

/**
 * The events after which a decision waits on someone new (nudge-scan.ts reads them for records without waitingSince).
 */
const STARTS_WAIT = [
  'decision.submitted',
  'decision.review_reset',
  'decision.ready_for_chief_executive',
  'decision.ready_for_decision_maker',
  'declaration.unticked',
  'signature.signed',
];

const withoutOutcomes = (d: Decision) => ({ ...d, fundingOutcomes: [], version: 0, updatedAt: '' });

function checkInvariants(d: Decision, people: readonly Person[]): void {
  const holder = (actor: Actor, role: string) =>
    people.some((p) => p.actor.aadObjectId === actor.aadObjectId && p.roles.includes(role));
  for (const [key, t] of Object.entries(d.ticks)) {
    const item = profile.declarations.find((i) => i.key === key);
    expect(item).toBeDefined();
    expect(holder(t.by, item?.role ?? '')).toBe(true);
  }
  for (const s of Object.values(d.signatures)) expect(holder(s.by, s.role)).toBe(true);
  if (['in_review', 'awaiting_chief_executive', 'awaiting_decision_maker', 'approved'].includes(d.status)) {
    expect(d.decisionMakerRole).toBe(decisionMakerFor(decisionTotal(d), profile));
    expect(d.funding.length).toBeGreaterThan(0);
    expect(d.recommendations.length).toBeGreaterThan(0);
  }
  if (['awaiting_chief_executive', 'awaiting_decision_maker', 'approved'].includes(d.status))
    expect(Object.keys(d.ticks).sort()).toEqual(profile.declarations.map((i) => i.key).sort());
  if (d.status === 'awaiting_decision_maker') expect(Object.keys(d.signatures)).toEqual(['chief-executive']);
  if (d.status === 'approved') {
    expect(Object.keys(d.signatures).sort()).toEqual(['chief-executive', 'decision-maker']);
    expect(d.signatures['decision-maker']?.role).toBe(d.decisionMakerRole);
    expect(d.approvedAt).not.toBeNull();
  }
}

describe('the workflow under random operations', () => {
  it('keeps its invariants', () => {
    let approvals = 0;
    let outcomesAfterApproval = 0;
    const person = fc.record({ roles: fc.subarray(roleKeys) });
    const scenario = fc.record({
      persons: fc.array(person, { minLength: 2, maxLength: 5 }),
      steps: fc.array(fc.record({ step: op, who: fc.nat() }), { minLength: 1, maxLength: 150, size: 'max' }),
    });
    fc.assert(
      fc.property(scenario, ({ persons, steps }) => {
        const cast: Person[] = [
          { actor: people.draftingOfficer, roles: [] },
          // Someone holding every role, so that runs can reach approval.
          { actor: people.director, roles: roleKeys },
          ...persons.map((p, i) => ({
            actor: { aadObjectId: `00000000-0000-4000-8000-00000000020${i}`, name: `Person ${i}` },
            roles: p.roles,
          })),
        ];
        let d = draft();
        let wasApproved = false;
        let lastWaitStart: string | undefined;
        steps.forEach(({ step, who }, n) => {
          const now = new Date(Date.UTC(2022, 0, 1, 0, n)).toISOString();
          const actor = cast[who % cast.length] as Person;
          const result = apply(d, step, actor, now);
          if (!result.ok) return;
          const next = result.value.decision;
          expect(result.value.notices.length).toBeGreaterThan(0);
          if (result.value.events.length === 0) {
            expect(next).toBe(d);
          } else {
            expect(next.version).toBe(d.version + 1);
            expect(next.updatedAt).toBe(now);
          }
          if (d.status === 'approved' && next !== d) {
            expect(step.op).toBe('outcome');
            expect(withoutOutcomes(next)).toEqual(withoutOutcomes(d));
            outcomesAfterApproval++;
          }
          if (result.value.events.some((e) => STARTS_WAIT.includes(e.type))) lastWaitStart = now;
          expect(next.waitingSince).toBe(lastWaitStart);
          checkInvariants(next, cast);
          if (next.status === 'approved' && !wasApproved) {
            wasApproved = true;
            approvals++;
          }
          d = next;
        });
      }),
      { numRuns: 300 },
    );
    // The property is not vacuous: random runs do reach approval and change approved decisions' outcomes.
    expect(approvals).toBeGreaterThan(0);
    expect(outcomesAfterApproval).toBeGreaterThan(0);
  });
});

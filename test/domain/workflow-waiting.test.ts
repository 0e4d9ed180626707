/**
 * waitingSince: the moment a decision's current wait for a declaration or signature began. Set by
 * exactly the changes whose audit events start a wait (the nudge scan reads it instead of the
 * audit trail), and left alone by every other change.
 */
import { governanceProfileSchema } from '../../domain/profile';
import { addFundingLine, reject, sign, submit, tick, untick, updateDetails, withdraw } from '../../domain/workflow';
import {
  as,
  awaitingChiefExecutive,
  awaitingDecisionMaker,
  draft,
  inReview,
  must,
  people,
  profile,
  ticked,
} from './workflow-support';

const AT = '2022-10-03T09:00:00.000Z';
const waitEvents = [
  'decision.submitted',
  'decision.review_reset',
  'decision.ready_for_chief_executive',
  'decision.ready_for_decision_maker',
  'declaration.unticked',
  'signature.signed',
];
const startsWait = (types: readonly string[]) => types.some((t) => waitEvents.includes(t));

test('a draft has none; submitting starts the wait for the declaration', () => {
  expect(draft().waitingSince).toBeUndefined();
  const c = must(submit(draft(), profile, as(people.draftingOfficer, AT)));
  expect(c.decision.waitingSince).toBe(AT);
  expect(c.events.map((e) => e.type)).toEqual(['decision.submitted']);
});

test('a tick that leaves items to tick changes nothing of the wait; the last tick starts the wait for the Chief Executive', () => {
  const d = inReview();
  expect(d.waitingSince).toBeDefined();
  const first = must(tick(d, profile, { ...as(people.finance, AT), item: 'finance' }));
  expect(first.decision.waitingSince).toBe(d.waitingSince);
  expect(first.decision.updatedAt).toBe(AT);
  expect(startsWait(first.events.map((e) => e.type))).toBe(false);

  const allButDirector = ticked(
    d,
    profile.declarations.map((i) => i.key).filter((k) => k !== 'director'),
  );
  expect(allButDirector.waitingSince).toBe(d.waitingSince);
  const last = must(tick(allButDirector, profile, { ...as(people.director, AT), item: 'director' }));
  expect(last.decision).toMatchObject({ status: 'awaiting_chief_executive', waitingSince: AT });
  expect(last.events.map((e) => e.type)).toContain('decision.ready_for_chief_executive');
});

test('without a Chief Executive signature, the last tick starts the wait for the decision maker', () => {
  const noCe = governanceProfileSchema.parse({
    ...profile,
    signatures: profile.signatures.filter((s) => s.key === 'decision-maker'),
  });
  let d = inReview();
  const items = noCe.declarations;
  for (const item of items.slice(0, -1))
    d = must(
      tick(d, noCe, {
        actor: people.finance,
        actorRoles: [item.role],
        now: '2022-10-01T09:00:00.000Z',
        item: item.key,
      }),
    ).decision;
  const lastItem = items[items.length - 1]!;
  const c = must(tick(d, noCe, { actor: people.finance, actorRoles: [lastItem.role], now: AT, item: lastItem.key }));
  expect(c.decision).toMatchObject({ status: 'awaiting_decision_maker', waitingSince: AT });
  expect(c.events.map((e) => e.type)).toContain('decision.ready_for_decision_maker');
});

test('an untick starts a new wait, in review or back from the Chief Executive', () => {
  const inReviewUntick = must(
    untick(ticked(inReview(), ['finance']), profile, { ...as(people.finance, AT), item: 'finance' }),
  );
  expect(inReviewUntick.decision).toMatchObject({ status: 'in_review', waitingSince: AT });
  const backToReview = must(untick(awaitingChiefExecutive(), profile, { ...as(people.legal, AT), item: 'legal' }));
  expect(backToReview.decision).toMatchObject({ status: 'in_review', waitingSince: AT });
});

test('each signature starts a new wait, the approving one included', () => {
  const ce = must(
    sign(awaitingChiefExecutive(), profile, { ...as(people.chiefExecutive, AT), key: 'chief-executive' }),
  );
  expect(ce.decision).toMatchObject({ status: 'awaiting_decision_maker', waitingSince: AT });
  const dm = must(
    sign(awaitingDecisionMaker(), profile, { ...as(people.dmpc, AT), key: 'decision-maker', interest: '' }),
  );
  expect(dm.decision).toMatchObject({ status: 'approved', waitingSince: AT });
});

test('a change of substance that resets the sign-off starts a new wait; one that resets nothing does not', () => {
  const d = awaitingDecisionMaker();
  const gps = {
    id: 'gps-tagging',
    service: 'GPS Tagging',
    source: 'Core funding',
    allocations: [{ year: 2022, amount: 95_000_000 }],
  };
  const reset = must(addFundingLine(d, profile, { ...as(people.draftingOfficer, AT), line: gps }));
  expect(reset.decision).toMatchObject({ status: 'in_review', waitingSince: AT });
  expect(reset.events.map((e) => e.type)).toContain('decision.review_reset');

  const fresh = inReview(); // nothing ticked or signed yet, so a new summary resets nothing
  const edited = must(
    updateDetails(fresh, profile, { ...as(people.draftingOfficer, AT), summary: 'A shorter summary.' }),
  );
  expect(edited.events.map((e) => e.type)).toEqual(['decision.updated']);
  expect(edited.decision.waitingSince).toBe(fresh.waitingSince);
  const papers = must(
    updateDetails(d, profile, { ...as(people.draftingOfficer, AT), backgroundPapers: ['PCD 849 approved 2021/22.'] }),
  );
  expect(papers.decision.waitingSince).toBe(d.waitingSince);
});

test('rejection and withdrawal end the wait without moving it', () => {
  const d = awaitingDecisionMaker();
  expect(
    must(reject(d, profile, { ...as(people.dmpc, AT), reason: 'Not value for money' })).decision.waitingSince,
  ).toBe(d.waitingSince);
  expect(
    must(withdraw(d, profile, { ...as(people.draftingOfficer, AT), reason: 'Duplicate', isAdmin: false })).decision
      .waitingSince,
  ).toBe(d.waitingSince);
});

import { newDecision } from '../../domain/decision';
import { governanceProfileSchema } from '../../domain/profile';
import { submit, tick, untick, updateDetails, withdraw } from '../../domain/workflow';
import { seedDecision } from '../fixtures/seed-decision';
import {
  approved,
  as,
  awaitingChiefExecutive,
  awaitingDecisionMaker,
  draft,
  inReview,
  must,
  outsider,
  people,
  profile,
  refusal,
  ticked,
} from './workflow-support';

describe('submit', () => {
  it('lists everything a new draft still needs', () => {
    const d = must(
      newDecision({
        ref: 'PCD 1066',
        title: 'New',
        profile,
        actor: people.draftingOfficer,
        now: '2022-01-01T00:00:00.000Z',
      }),
    ).decision;
    const r = submit(d, profile, as(people.draftingOfficer));
    expect(refusal(r)).toEqual({
      code: 'INCOMPLETE',
      message:
        'PCD 1066 cannot be submitted yet: it needs at least one recommendation (edit PCD 1066) and at least one funding line (fund PCD 1066 | <service> | <year> <amount> | <source>).',
    });
    expect(!r.ok && r.error.details).toEqual({ missing: ['recommendations', 'funding'] });
  });

  it('names the Director of Commissioning and Partnerships below £500,000', () => {
    const small = { ...draft(), funding: seedDecision().funding.slice(0, 1) };
    const c = must(submit(small, profile, as(people.draftingOfficer)));
    expect(c.decision.decisionMakerRole).toBe('director-commissioning');
    expect(c.notices[1]).toBe(
      'Its total commitment of £470,000 makes the Director of Commissioning and Partnerships its decision maker.',
    );
  });

  it('is a no-op when already submitted', () => {
    const d = inReview();
    const c = must(submit(d, profile, as(people.draftingOfficer)));
    expect(c.decision).toBe(d);
    expect(c.events).toEqual([]);
    expect(c.notices).toEqual(['PCD 1065 was already submitted and is under review; nothing changed.']);
  });

  it('is refused on approved, rejected and withdrawn decisions', () => {
    expect(refusal(submit(approved(), profile, as(people.draftingOfficer))).code).toBe('IMMUTABLE');
    const gone = must(
      withdraw(draft(), profile, { ...as(people.draftingOfficer), reason: 'Merged into PCD 1070', isAdmin: false }),
    ).decision;
    expect(refusal(submit(gone, profile, as(people.draftingOfficer)))).toEqual({
      code: 'WRONG_STATE',
      message:
        'PCD 1065 was withdrawn by Ruth Bloomfield ("Merged into PCD 1070") and cannot change; start a new decision instead: new <title>',
    });
  });
});

describe('tick', () => {
  it('refuses an unknown item', () => {
    expect(refusal(tick(inReview(), profile, { ...as(people.finance), item: 'budget' }))).toEqual({
      code: 'INVALID_INPUT',
      message:
        '"budget" is not a declaration item; the items are Financial Advice, Legal Advice, Equalities Advice, Public Health Approach, Commercial Issues, GDPR/Data Privacy, Drafting Officer and Director/Head of Service.',
    });
  });

  it('refuses anyone without the item’s role, and changes nothing', () => {
    const d = inReview();
    for (const actor of [people.legal, outsider, people.chiefExecutive]) {
      expect(refusal(tick(d, profile, { ...as(actor), item: 'finance' }))).toEqual({
        code: 'NOT_ROLE_HOLDER',
        message: 'Only the Strategic Finance and Resource Management role can tick Financial Advice.',
      });
    }
  });

  it('accepts any holder of the role, including someone holding several', () => {
    const c = must(
      tick(inReview(), profile, {
        actor: outsider,
        actorRoles: ['legal', 'finance'],
        now: '2021-11-20T10:00:00.000Z',
        item: 'finance',
      }),
    );
    expect(c.decision.ticks.finance).toEqual({ item: 'finance', by: outsider, at: '2021-11-20T10:00:00.000Z' });
    expect(c.decision.updatedAt).toBe('2021-11-20T10:00:00.000Z');
    expect(c.notices).toEqual(['Financial Advice was ticked by Pat Outsider.']);
  });

  it('refuses a draft: submit it first', () => {
    expect(refusal(tick(draft(), profile, { ...as(people.finance), item: 'finance' }))).toEqual({
      code: 'WRONG_STATE',
      message: 'PCD 1065 is still a draft; submit it first, then Financial Advice can be ticked.',
    });
  });

  it('refuses approved and rejected decisions', () => {
    expect(refusal(tick(seedDecision({ ticks: {} }), profile, { ...as(people.finance), item: 'finance' })).code).toBe(
      'IMMUTABLE',
    );
    const rejected = seedDecision({
      status: 'rejected',
      ticks: {},
      rejection: { reason: 'No', by: people.dmpc, at: '2021-11-27T00:00:00.000Z' },
    });
    expect(refusal(tick(rejected, profile, { ...as(people.finance), item: 'finance' })).code).toBe('WRONG_STATE');
  });

  it('is a no-op when the item is already ticked, at any pending stage', () => {
    for (const d of [ticked(inReview(), ['finance']), awaitingChiefExecutive(), awaitingDecisionMaker()]) {
      const c = must(tick(d, profile, { ...as(people.finance), item: 'finance' }));
      expect(c.decision).toBe(d);
      expect(c.events).toEqual([]);
      expect(c.notices).toEqual(['Financial Advice is already ticked by Finance Officer; nothing changed.']);
    }
  });

  it('goes straight to the decision maker when the profile has no Chief Executive signature', () => {
    const noCe = governanceProfileSchema.parse({
      ...profile,
      signatures: profile.signatures.filter((s) => s.key === 'decision-maker'),
    });
    let d = inReview();
    for (const item of noCe.declarations)
      d = must(
        tick(d, noCe, {
          actor: people.finance,
          actorRoles: [item.role],
          now: '2021-11-20T10:00:00.000Z',
          item: item.key,
        }),
      ).decision;
    expect(d.status).toBe('awaiting_decision_maker');
  });
});

describe('untick', () => {
  it('withdraws a tick and is a no-op on an unticked item', () => {
    const d = ticked(inReview(), ['finance']);
    const c = must(untick(d, profile, { ...as(people.finance), item: 'finance' }));
    expect(c.decision.ticks.finance).toBeUndefined();
    expect(c.decision.version).toBe(d.version + 1);
    expect(c.events).toEqual([
      {
        type: 'declaration.unticked',
        details: { item: 'finance', title: 'Financial Advice', tickedBy: people.finance },
      },
    ]);
    const again = must(untick(c.decision, profile, { ...as(people.finance), item: 'finance' }));
    expect(again.decision).toBe(c.decision);
    expect(again.events).toEqual([]);
    expect(again.notices).toEqual(['Financial Advice is not ticked; nothing changed.']);
  });

  it('sends a decision waiting for the Chief Executive back to review', () => {
    const c = must(untick(awaitingChiefExecutive(), profile, { ...as(people.legal), item: 'legal' }));
    expect(c.decision.status).toBe('in_review');
    expect(c.notices).toEqual([
      'Legal Advice was unticked by Legal Officer.',
      'PCD 1065 is back in review until Legal Advice is ticked again.',
    ]);
  });

  it('is refused to others, in a draft, and once the Chief Executive has signed', () => {
    expect(refusal(untick(ticked(inReview(), ['finance']), profile, { ...as(people.legal), item: 'finance' }))).toEqual(
      {
        code: 'NOT_ROLE_HOLDER',
        message: 'Only the Strategic Finance and Resource Management role can untick Financial Advice.',
      },
    );
    expect(refusal(untick(draft(), profile, { ...as(people.finance), item: 'finance' })).code).toBe('WRONG_STATE');
    expect(refusal(untick(awaitingDecisionMaker(), profile, { ...as(people.finance), item: 'finance' }))).toEqual({
      code: 'WRONG_STATE',
      message:
        'The Chief Executive Officer has already signed PCD 1065, so ticks can no longer be withdrawn; ask a signatory to reject it, or change it (which resets the sign-off).',
    });
    expect(refusal(untick(approved(), profile, { ...as(people.finance), item: 'finance' })).code).toBe('IMMUTABLE');
  });
});

describe('editing keeps a submitted decision complete', () => {
  it('refuses to empty the recommendations under review', () => {
    expect(
      refusal(updateDetails(inReview(), profile, { ...as(people.draftingOfficer), recommendations: ['  '] })),
    ).toEqual({
      code: 'INCOMPLETE',
      message: 'PCD 1065 is under review and needs at least one recommendation.',
    });
  });
});

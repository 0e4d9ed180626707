import { reject, sign, withdraw } from '../../domain/workflow';
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

describe('sign as Chief Executive', () => {
  it('is refused before every item is ticked, naming what is missing', () => {
    const d = ticked(inReview(), ['finance', 'legal', 'equalities', 'public-health', 'commercial', 'data-protection']);
    const r = sign(d, profile, { ...as(people.chiefExecutive), key: 'chief-executive' });
    expect(refusal(r)).toEqual({
      code: 'OUT_OF_ORDER',
      message:
        'The Chief Executive Officer signs once every declaration item is ticked; still waiting for Drafting Officer and Director/Head of Service.',
    });
    expect(!r.ok && r.error.details).toEqual({ missing: ['drafting-officer', 'director'] });
  });

  it('is refused in a draft and to anyone else', () => {
    expect(refusal(sign(draft(), profile, { ...as(people.chiefExecutive), key: 'chief-executive' }))).toEqual({
      code: 'WRONG_STATE',
      message: 'PCD 1065 is still a draft; submit it first.',
    });
    expect(refusal(sign(awaitingChiefExecutive(), profile, { ...as(people.dmpc), key: 'chief-executive' }))).toEqual({
      code: 'NOT_ROLE_HOLDER',
      message: 'Only the Chief Executive Officer can sign PCD 1065.',
    });
  });

  it('records who, when and the exact statement, and waits for the decision maker', () => {
    const c = must(
      sign(awaitingChiefExecutive(), profile, {
        ...as(people.chiefExecutive, '2021-11-26T10:00:00.000Z'),
        key: 'chief-executive',
        interest: 'ignored',
      }),
    );
    expect(c.decision.signatures['chief-executive']).toEqual({
      key: 'chief-executive',
      role: 'chief-executive',
      by: people.chiefExecutive,
      at: '2021-11-26T10:00:00.000Z',
      statement: profile.signatures[0]?.statement,
    });
    expect(c.notices).toEqual([
      'Chief Executive Officer signed PCD 1065 as the Chief Executive Officer.',
      'PCD 1065 now waits for the Deputy Mayor for Policing and Crime to sign.',
    ]);
  });

  it('is a no-op the second time', () => {
    const d = awaitingDecisionMaker();
    const c = must(sign(d, profile, { ...as(people.chiefExecutive), key: 'chief-executive' }));
    expect(c.decision).toBe(d);
    expect(c.events).toEqual([]);
    expect(c.notices).toEqual([
      'PCD 1065 is already signed by Chief Executive Officer as the Chief Executive Officer; nothing changed.',
    ]);
  });
});

describe('sign as decision maker', () => {
  it('is refused in review, naming the ticks and the Chief Executive still needed', () => {
    expect(
      refusal(sign(ticked(inReview(), ['finance']), profile, { ...as(people.dmpc), key: 'decision-maker' })).message,
    ).toBe(
      "The Deputy Mayor for Policing and Crime signs once every declaration item is ticked; still waiting for Legal Advice, Equalities Advice, Public Health Approach, Commercial Issues, GDPR/Data Privacy, Drafting Officer and Director/Head of Service, then the Chief Executive Officer's signature.",
    );
  });

  it('is refused to the Chief Executive and to the other band’s decision maker', () => {
    const d = awaitingDecisionMaker();
    expect(refusal(sign(d, profile, { ...as(people.chiefExecutive), key: 'decision-maker' }))).toEqual({
      code: 'NOT_ROLE_HOLDER',
      message: 'Only the Deputy Mayor for Policing and Crime can sign PCD 1065 as its decision maker.',
    });
    expect(
      refusal(
        sign(d, profile, {
          actor: outsider,
          actorRoles: ['director-commissioning'],
          now: '2021-11-26T15:00:00.000Z',
          key: 'decision-maker',
        }),
      ).code,
    ).toBe('NOT_ROLE_HOLDER');
  });

  it('records the declared interest as typed, trimmed', () => {
    const c = must(
      sign(awaitingDecisionMaker(), profile, {
        ...as(people.dmpc),
        key: 'decision-maker',
        interest: '  Trustee of a charity\nbidding for the grant \n',
      }),
    );
    expect(c.decision.signatures['decision-maker']?.interest).toBe('Trustee of a charity\nbidding for the grant');
    expect(c.events[0]).toEqual({
      type: 'signature.signed',
      details: {
        key: 'decision-maker',
        role: 'dmpc',
        statement: c.decision.signatures['decision-maker']?.statement,
        interest: 'Trustee of a charity\nbidding for the grant',
      },
    });
  });

  it('refuses an interest over 1000 characters, and records "None" when nothing is declared', () => {
    expect(
      refusal(
        sign(awaitingDecisionMaker(), profile, {
          ...as(people.dmpc),
          key: 'decision-maker',
          interest: 'x'.repeat(1001),
        }),
      ).code,
    ).toBe('INVALID_INPUT');
    expect(
      must(sign(awaitingDecisionMaker(), profile, { ...as(people.dmpc), key: 'decision-maker' })).decision.signatures[
        'decision-maker'
      ]?.interest,
    ).toBe('None');
  });

  it('is a no-op on an approved decision it already signed', () => {
    const d = approved();
    const c = must(sign(d, profile, { ...as(people.dmpc), key: 'decision-maker', interest: 'changed my mind' }));
    expect(c.decision).toBe(d);
    expect(c.events).toEqual([]);
  });
});

describe('reject', () => {
  it('closes a decision under review or awaiting signatures, with the reason', () => {
    for (const [d, by] of [
      [inReview(), people.chiefExecutive],
      [awaitingChiefExecutive(), people.dmpc],
      [awaitingDecisionMaker(), people.dmpc],
    ] as const) {
      const c = must(
        reject(d, profile, { ...as(by, '2021-11-27T09:00:00.000Z'), reason: '  Needs a value for money case. ' }),
      );
      expect(c.decision).toMatchObject({
        status: 'rejected',
        rejection: { reason: 'Needs a value for money case.', by, at: '2021-11-27T09:00:00.000Z' },
        version: d.version + 1,
      });
      expect(c.events).toEqual([
        { type: 'decision.rejected', details: { reason: 'Needs a value for money case.', fromStatus: d.status } },
      ]);
      expect(c.notices).toEqual([`PCD 1065 was rejected by ${by.name}: Needs a value for money case.`]);
    }
  });

  it('is refused to other roles, without a reason, and in a draft', () => {
    expect(refusal(reject(inReview(), profile, { ...as(people.finance), reason: 'No' }))).toEqual({
      code: 'NOT_ROLE_HOLDER',
      message: 'Only the Chief Executive Officer or the Deputy Mayor for Policing and Crime can reject PCD 1065.',
    });
    expect(refusal(reject(inReview(), profile, { ...as(people.dmpc), reason: ' ' }))).toEqual({
      code: 'INVALID_INPUT',
      message: 'Give a reason for the rejection of PCD 1065, e.g. "reject PCD 1065 <reason>".',
    });
    expect(refusal(reject(inReview(), profile, { ...as(people.dmpc), reason: 'x'.repeat(1001) })).code).toBe(
      'INVALID_INPUT',
    );
    expect(refusal(reject(draft(), profile, { ...as(people.chiefExecutive), reason: 'No' }))).toEqual({
      code: 'WRONG_STATE',
      message: 'PCD 1065 is still a draft and cannot be rejected; its creator can withdraw it instead.',
    });
    expect(refusal(reject(approved(), profile, { ...as(people.dmpc), reason: 'No' })).code).toBe('IMMUTABLE');
  });

  it('is a no-op the second time', () => {
    const d = must(reject(inReview(), profile, { ...as(people.dmpc), reason: 'No' })).decision;
    const c = must(reject(d, profile, { ...as(people.chiefExecutive), reason: 'Also no' }));
    expect(c.decision).toBe(d);
    expect(c.notices).toEqual([
      'PCD 1065 was already rejected by Deputy Mayor for Policing and Crime; nothing changed.',
    ]);
  });
});

describe('withdraw', () => {
  it('is allowed to the creator, a drafting officer or an admin, from draft or any pending state', () => {
    const creatorOnly = { ...people.draftingOfficer };
    expect(
      must(
        withdraw(draft(), profile, {
          actor: creatorOnly,
          actorRoles: [],
          now: '2021-11-20T00:00:00.000Z',
          reason: 'Duplicate',
          isAdmin: false,
        }),
      ).decision.status,
    ).toBe('withdrawn');
    expect(
      must(
        withdraw(inReview(), profile, {
          actor: outsider,
          actorRoles: ['drafting-officer'],
          now: '2021-11-20T00:00:00.000Z',
          reason: 'Duplicate',
          isAdmin: false,
        }),
      ).decision.status,
    ).toBe('withdrawn');
    const c = must(
      withdraw(awaitingDecisionMaker(), profile, {
        ...as(outsider, '2021-11-20T00:00:00.000Z'),
        reason: 'Duplicate',
        isAdmin: true,
      }),
    );
    expect(c.decision).toMatchObject({
      status: 'withdrawn',
      withdrawal: { reason: 'Duplicate', by: outsider, at: '2021-11-20T00:00:00.000Z' },
    });
    expect(c.events).toEqual([
      { type: 'decision.withdrawn', details: { reason: 'Duplicate', fromStatus: 'awaiting_decision_maker' } },
    ]);
  });

  it('is refused to others, without a reason, and once approved or rejected', () => {
    expect(refusal(withdraw(draft(), profile, { ...as(people.finance), reason: 'x', isAdmin: false }))).toEqual({
      code: 'NOT_ALLOWED',
      message: 'Only the drafter (Ruth Bloomfield), a Drafting Officer or an admin can withdraw PCD 1065.',
    });
    expect(
      refusal(withdraw(draft(), profile, { ...as(people.draftingOfficer), reason: '', isAdmin: false })).code,
    ).toBe('INVALID_INPUT');
    expect(
      refusal(withdraw(approved(), profile, { ...as(people.draftingOfficer), reason: 'x', isAdmin: false })).code,
    ).toBe('IMMUTABLE');
    const rejected = must(reject(inReview(), profile, { ...as(people.dmpc), reason: 'No' })).decision;
    expect(
      refusal(withdraw(rejected, profile, { ...as(people.draftingOfficer), reason: 'x', isAdmin: false })).code,
    ).toBe('WRONG_STATE');
  });

  it('is a no-op the second time', () => {
    const d = must(
      withdraw(draft(), profile, { ...as(people.draftingOfficer), reason: 'Duplicate', isAdmin: false }),
    ).decision;
    const c = must(withdraw(d, profile, { ...as(people.draftingOfficer), reason: 'Duplicate', isAdmin: false }));
    expect(c.decision).toBe(d);
    expect(c.events).toEqual([]);
  });
});

import { checkVersion, nextStep, recordFundingOutcome, reject, withdraw } from '../../domain/workflow';
import { seedDecision } from '../fixtures/seed-decision';
import {
  approved,
  as,
  awaitingChiefExecutive,
  awaitingDecisionMaker,
  draft,
  inReview,
  must,
  people,
  profile,
  refusal,
  ticked,
} from './workflow-support';

describe('checkVersion', () => {
  it('accepts the current version and refuses any other', () => {
    const d = seedDecision({ version: 5 });
    expect(checkVersion(d, 5)).toEqual({ ok: true, value: undefined });
    const r = checkVersion(d, 3);
    expect(refusal(r)).toEqual({
      code: 'STALE_VERSION',
      message: 'This card is out of date (version 3; the decision is now at version 5). Here is the current card.',
    });
    expect(!r.ok && r.error.details).toEqual({ ref: 'PCD 1065', expectedVersion: 3, currentVersion: 5 });
  });
});

describe('nextStep', () => {
  it('in a complete draft: the creator submits', () => {
    expect(nextStep(draft(), profile)).toEqual({
      text: 'Draft: Ruth Bloomfield, who created it, can submit it for review.',
      roles: [],
      pendingItems: [],
      pendingSignature: null,
    });
  });

  it('in review: the roles of the unticked items', () => {
    const d = ticked(inReview(), ['finance', 'legal', 'equalities', 'public-health', 'commercial', 'data-protection']);
    expect(nextStep(d, profile)).toEqual({
      text: 'Waiting for ticks: Drafting Officer, Director/Head of Service.',
      roles: ['drafting-officer', 'director'],
      pendingItems: ['drafting-officer', 'director'],
      pendingSignature: null,
    });
    expect(nextStep(ticked(inReview(), profile.declarations.map((i) => i.key).slice(1)), profile).text).toBe(
      'Waiting for a tick: Financial Advice (Strategic Finance and Resource Management).',
    );
  });

  it('awaiting signatures: the signer’s role', () => {
    expect(nextStep(awaitingChiefExecutive(), profile)).toMatchObject({
      roles: ['chief-executive'],
      pendingSignature: 'chief-executive',
    });
    expect(nextStep(awaitingDecisionMaker(), profile)).toEqual({
      text: 'Waiting for the Deputy Mayor for Policing and Crime to declare any interest and sign.',
      roles: ['dmpc'],
      pendingItems: [],
      pendingSignature: 'decision-maker',
    });
  });

  it('in a closed decision: nothing', () => {
    const rejected = must(reject(inReview(), profile, { ...as(people.dmpc), reason: 'No budget' })).decision;
    expect(nextStep(rejected, profile)).toEqual({
      text: 'Rejected by Deputy Mayor for Policing and Crime: No budget. Nothing is waiting.',
      roles: [],
      pendingItems: [],
      pendingSignature: null,
    });
    const withdrawn = must(
      withdraw(draft(), profile, { ...as(people.draftingOfficer), reason: 'Duplicate', isAdmin: false }),
    ).decision;
    expect(nextStep(withdrawn, profile).text).toBe('Withdrawn by Ruth Bloomfield: Duplicate. Nothing is waiting.');
    expect(nextStep(approved(), profile).roles).toEqual([]);
  });
});

describe('recordFundingOutcome', () => {
  const at = '2022-09-30T08:00:00.000Z';

  it('records an ending, with its reason, on an approved decision', () => {
    const d = seedDecision();
    const c = must(
      recordFundingOutcome(d, profile, {
        lineIds: ['gps-tagging'],
        outcome: 'ended',
        reason: ' Pilot complete ',
        actor: people.director,
        now: at,
      }),
    );
    expect(c.decision.fundingOutcomes).toEqual([
      { lineId: 'gps-tagging', outcome: 'ended', by: people.director, at, reason: 'Pilot complete' },
    ]);
    expect(c.decision).toMatchObject({ status: 'approved', version: d.version + 1, updatedAt: at });
    expect(c.events).toEqual([
      {
        type: 'funding.outcome_recorded',
        details: { lineIds: ['gps-tagging'], outcome: 'ended', reason: 'Pilot complete', renewalRef: null },
      },
    ]);
    expect(c.notices).toEqual(['Recorded that GPS Tagging will end: Pilot complete.']);
  });

  it('records renewals by service name or id, with the new reference', () => {
    const c = must(
      recordFundingOutcome(seedDecision(), profile, {
        lineIds: ['MAPPA', 'drug-testing-in-police-custody'],
        outcome: 'renewed',
        renewalRef: 'pcd1210',
        actor: people.director,
        now: at,
      }),
    );
    expect(c.decision.fundingOutcomes.map((o) => [o.lineId, o.outcome, o.renewalRef])).toEqual([
      ['mappa', 'renewed', 'PCD 1210'],
      ['drug-testing-in-police-custody', 'renewed', 'PCD 1210'],
    ]);
    expect(c.notices).toEqual([
      'Recorded that MAPPA is renewed by PCD 1210.',
      'Recorded that Drug Testing in Police Custody is renewed by PCD 1210.',
    ]);
  });

  it('leaves a line that already has an outcome as it is', () => {
    const once = must(
      recordFundingOutcome(seedDecision(), profile, {
        lineIds: ['gps-tagging'],
        outcome: 'ended',
        reason: 'Done',
        actor: people.director,
        now: at,
      }),
    ).decision;
    const again = must(
      recordFundingOutcome(once, profile, {
        lineIds: ['gps-tagging'],
        outcome: 'renewed',
        actor: people.director,
        now: at,
      }),
    );
    expect(again.decision).toBe(once);
    expect(again.events).toEqual([]);
    expect(again.notices).toEqual([
      'GPS Tagging already has an outcome: ended (recorded by Director of Commissioning & Partnerships); nothing changed for it.',
    ]);
    const mixed = must(
      recordFundingOutcome(once, profile, {
        lineIds: ['gps-tagging', 'mappa'],
        outcome: 'ended',
        reason: 'Done',
        actor: people.director,
        now: at,
      }),
    );
    expect(mixed.decision.version).toBe(once.version + 1);
    expect(mixed.decision.fundingOutcomes.map((o) => o.lineId)).toEqual(['gps-tagging', 'mappa']);
  });

  it.each([
    [
      'no lines',
      { lineIds: [], outcome: 'ended' as const, reason: 'x' },
      'INVALID_INPUT',
      'Say which funding lines of PCD 1065 are ended.',
    ],
    [
      'an unknown line',
      { lineIds: ['tasers'], outcome: 'ended' as const, reason: 'x' },
      'INVALID_INPUT',
      /no funding line "tasers"/,
    ],
    [
      'an ending without a reason',
      { lineIds: ['mappa'], outcome: 'ended' as const },
      'INVALID_INPUT',
      'Say why the funding of MAPPA ends: a reason is needed.',
    ],
    [
      'a renewal by itself',
      { lineIds: ['mappa'], outcome: 'renewed' as const, renewalRef: 'PCD 1065' },
      'INVALID_INPUT',
      /cannot be the renewal of PCD 1065/,
    ],
  ])('refuses %s', (_label, fields, code, message) => {
    const r = recordFundingOutcome(seedDecision(), profile, { ...fields, actor: people.director, now: at });
    expect(refusal(r).code).toBe(code);
    expect(refusal(r).message).toMatch(message);
  });

  it('is refused before approval and on closed decisions', () => {
    expect(
      refusal(
        recordFundingOutcome(inReview(), profile, {
          lineIds: ['mappa'],
          outcome: 'ended',
          reason: 'x',
          actor: people.director,
          now: at,
        }),
      ),
    ).toEqual({
      code: 'WRONG_STATE',
      message: 'Funding outcomes are recorded once a decision is approved; PCD 1065 is not approved yet.',
    });
    const withdrawn = must(
      withdraw(draft(), profile, { ...as(people.draftingOfficer), reason: 'Duplicate', isAdmin: false }),
    ).decision;
    expect(
      refusal(
        recordFundingOutcome(withdrawn, profile, {
          lineIds: ['mappa'],
          outcome: 'ended',
          reason: 'x',
          actor: people.director,
          now: at,
        }),
      ).code,
    ).toBe('WRONG_STATE');
  });
});

/** PCD 1065 from draft to approval through the workflow, step by step, as the seed records it. */
import { decisionTotal, newDecision } from '../../domain/decision';
import { formatMoney } from '../../domain/money';
import type { Decision } from '../../domain/types';
import { addFundingLine, nextStep, sign, submit, tick, updateDetails } from '../../domain/workflow';
import { seedDecision } from '../fixtures/seed-decision';
import { as, must, people, profile, refusal, tickerOf } from './workflow-support';

describe('PCD 1065 through the workflow', () => {
  const seed = seedDecision();

  it('goes from draft to approved, one version per step, with the events and notices of each', () => {
    const created = must(
      newDecision({
        ref: 'pcd 1065',
        title: seed.title,
        profile,
        actor: people.draftingOfficer,
        now: '2021-11-15T10:00:00.000Z',
      }),
    );
    let d: Decision = created.decision;
    expect(d.version).toBe(1);
    expect(nextStep(d, profile).text).toBe(
      'Draft: it still needs a recommendation and a funding line; then Ruth Bloomfield, who created it, submits it for review.',
    );

    // The four funding lines.
    const addNotices: string[] = [];
    for (const line of seed.funding) {
      const c = must(addFundingLine(d, profile, { ...as(people.draftingOfficer), line }));
      expect(c.decision.version).toBe(d.version + 1);
      expect(c.events.map((e) => e.type)).toEqual(['funding.line_added']);
      addNotices.push(...c.notices);
      d = c.decision;
    }
    expect(addNotices).toEqual([
      'Drug Testing in Police Custody was added to PCD 1065: £470,000 in 2022/23 from Police Grant. PCD 1065 now totals £470,000.',
      'MAPPA was added to PCD 1065: £40,000 in 2022/23 from Police Grant. PCD 1065 now totals £510,000.',
      'GPS Tagging was added to PCD 1065: £900,000 in 2022/23 from Core funding. PCD 1065 now totals £1,410,000.',
      "Women's wrap around service was added to PCD 1065: £920,000 in 2022/23, £760,000 in 2023/24, £650,000 in 2024/25 from Police Grant. PCD 1065 now totals £3,740,000.",
    ]);
    expect(d.funding).toEqual(seed.funding);
    expect(formatMoney(decisionTotal(d))).toBe('£3,740,000');

    // Submitting without recommendations is refused, saying what to type.
    expect(refusal(submit(d, profile, as(people.draftingOfficer)))).toEqual({
      code: 'INCOMPLETE',
      message: 'PCD 1065 cannot be submitted yet: it needs at least one recommendation (edit PCD 1065).',
    });

    const details = must(
      updateDetails(d, profile, {
        ...as(people.draftingOfficer),
        summary: seed.summary,
        recommendations: seed.recommendations,
        backgroundPapers: seed.backgroundPapers,
      }),
    );
    expect(details.notices).toEqual(['Updated the summary, recommendations and background papers of PCD 1065.']);
    d = details.decision;
    expect(d.version).toBe(6);

    // Submitted: the DMPC decides £3,740,000.
    const submitted = must(submit(d, profile, as(people.draftingOfficer, '2021-11-19T16:00:00.000Z')));
    d = submitted.decision;
    expect(d).toMatchObject({
      status: 'in_review',
      decisionMakerRole: 'dmpc',
      submittedAt: '2021-11-19T16:00:00.000Z',
      version: 7,
    });
    expect(submitted.events).toEqual([
      { type: 'decision.submitted', details: { decisionMakerRole: 'dmpc', total: 374_000_000 } },
    ]);
    expect(submitted.notices).toEqual([
      'PCD 1065 was submitted for review.',
      'Its total commitment of £3,740,000 makes the Deputy Mayor for Policing and Crime its decision maker.',
    ]);
    expect(nextStep(d, profile).roles).toEqual(profile.declarations.map((i) => i.role));

    // The DMPC cannot sign yet.
    expect(refusal(sign(d, profile, { ...as(people.dmpc), key: 'decision-maker' })).code).toBe('OUT_OF_ORDER');

    // The eight ticks, in the form's order; the last sends it to the Chief Executive.
    for (const [i, item] of profile.declarations.entries()) {
      const c = must(tick(d, profile, { ...as(tickerOf[item.key] ?? people.draftingOfficer), item: item.key }));
      expect(c.decision.version).toBe(d.version + 1);
      expect(c.decision.ticks[item.key]?.by).toEqual(tickerOf[item.key]);
      const last = i === profile.declarations.length - 1;
      expect(c.events.map((e) => e.type)).toEqual(
        last ? ['declaration.ticked', 'decision.ready_for_chief_executive'] : ['declaration.ticked'],
      );
      expect(c.decision.status).toBe(last ? 'awaiting_chief_executive' : 'in_review');
      d = c.decision;
    }
    expect(nextStep(d, profile)).toEqual({
      text: 'Waiting for the Chief Executive Officer to sign.',
      roles: ['chief-executive'],
      pendingItems: [],
      pendingSignature: 'chief-executive',
    });

    // The DMPC before the Chief Executive is refused.
    expect(refusal(sign(d, profile, { ...as(people.dmpc), key: 'decision-maker' }))).toEqual({
      code: 'OUT_OF_ORDER',
      message: 'The Chief Executive Officer must sign before the Deputy Mayor for Policing and Crime.',
    });

    const ce = must(
      sign(d, profile, { ...as(people.chiefExecutive, '2021-11-26T10:00:00.000Z'), key: 'chief-executive' }),
    );
    d = ce.decision;
    expect(d.status).toBe('awaiting_decision_maker');
    expect(d.signatures['chief-executive']).toEqual(seed.signatures['chief-executive']);
    expect(nextStep(d, profile).text).toBe(
      'Waiting for the Deputy Mayor for Policing and Crime to declare any interest and sign.',
    );

    const dmpc = must(
      sign(d, profile, { ...as(people.dmpc, '2021-11-26T15:00:00.000Z'), key: 'decision-maker', interest: '  ' }),
    );
    d = dmpc.decision;
    expect(d).toMatchObject({ status: 'approved', approvedAt: '2021-11-26T15:00:00.000Z', version: 17 });
    expect(d.signatures['decision-maker']).toEqual({
      key: 'decision-maker',
      role: 'dmpc',
      by: people.dmpc,
      at: '2021-11-26T15:00:00.000Z',
      statement:
        'I confirm I have considered whether or not I have any personal or prejudicial interest in this matter and take the proposed decision in compliance with the Code of Conduct. Any such interests are recorded below.\nThe above request has my approval.',
      interest: 'None',
    });
    expect(dmpc.events.map((e) => e.type)).toEqual(['signature.signed', 'decision.approved']);
    expect(dmpc.events[1]?.details).toEqual({ decisionMakerRole: 'dmpc', total: 374_000_000 });
    expect(dmpc.notices).toEqual([
      'Deputy Mayor for Policing and Crime signed PCD 1065 as the Deputy Mayor for Policing and Crime.',
      'PCD 1065 is approved.',
    ]);
    expect(nextStep(d, profile)).toEqual({
      text: 'Approved: nothing is waiting.',
      roles: [],
      pendingItems: [],
      pendingSignature: null,
    });

    // The record matches the seed in everything the form shows.
    for (const field of [
      'ref',
      'title',
      'summary',
      'recommendations',
      'backgroundPapers',
      'funding',
      'status',
      'decisionMakerRole',
    ] as const)
      expect(d[field]).toEqual(seed[field]);
    expect(Object.keys(d.ticks)).toEqual(Object.keys(seed.ticks));

    // Approved is final.
    expect(
      refusal(
        addFundingLine(d, profile, {
          ...as(people.draftingOfficer),
          line: seed.funding[0] as Decision['funding'][number],
        }),
      ),
    ).toEqual({
      code: 'IMMUTABLE',
      message: 'PCD 1065 is approved and cannot change; a correction is a new decision that cites it: new <title>',
    });
  });
});

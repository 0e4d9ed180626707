import { decisionCard } from '../../cards/decision-card';
import { tabDeepLink } from '../../cards/tab-link';
import { mopacProfile } from '../fixtures/profiles';
import { seedActors } from '../fixtures/seed-decision';
import { allActions, CARD_BUDGET_BYTES, cardBytes, schemaErrors, unexpanded } from './card-schema';
import { rowOf, texts, titles } from './card-queries';
import { holders, mris, states, viewerOf, type StateName } from './decision-states';

type Json = Record<string, unknown>;
const profile = mopacProfile;
const card = (state: StateName, viewer: ReturnType<typeof viewerOf> | null = null, notice: string | null = null) =>
  decisionCard({ decision: states[state], profile, holders, viewer, notice, mris });

const stateNames = Object.keys(states) as StateName[];
/** The card's buttons: its actions other than the toggles that show a statement. */
const buttonsIn = (node: unknown) => allActions(node).filter((a) => a.type !== 'Action.ToggleVisibility');

describe('decision card in every state', () => {
  const views: [string, ReturnType<typeof viewerOf> | null][] = [
    ['base', null],
    ['finance', viewerOf('finance')],
    ['chief executive', viewerOf('chiefExecutive')],
    ['dmpc', viewerOf('dmpc')],
    ['drafting officer', viewerOf('draftingOfficer')],
  ];
  for (const state of stateNames) {
    for (const [who, viewer] of views) {
      it(`${state} (${who} view) is a valid Adaptive Card 1.5 under the card budget with nothing left unexpanded`, () => {
        const c = card(state, viewer);
        expect(schemaErrors(c)).toEqual([]);
        expect(cardBytes(c)).toBeLessThan(CARD_BUDGET_BYTES);
        expect(unexpanded(c)).toEqual([]);
        expect(c.version).toBe('1.5');
      });
    }
    it(`${state}: base card snapshot`, () => {
      expect(card(state)).toMatchSnapshot();
    });
  }

  it('gives every Action.Execute an Action.Submit fallback with the same title and data, and data.verb = verb', () => {
    for (const state of stateNames) {
      for (const viewer of [null, viewerOf('finance'), viewerOf('chiefExecutive'), viewerOf('dmpc')]) {
        for (const action of allActions(card(state, viewer)).filter((a) => a.type === 'Action.Execute')) {
          const data = action.data as Json;
          expect(data.verb).toBe(action.verb);
          expect(data.ref).toBe('PCD 1065');
          if (action.verb !== 'card.refresh') {
            expect(data.version).toBe(states[state].version);
            expect(action.fallback).toEqual(
              expect.objectContaining({ type: 'Action.Submit', title: action.title, data }),
            );
          }
        }
      }
    }
  });
});

describe('what the decision card shows', () => {
  it('heads the card with the body and reference, the title and the status badge', () => {
    const all = texts(card('approved'));
    expect(all).toContain("Mayor's Office for Policing and Crime · PCD 1065");
    expect(all).toContain('Criminal Justice System - 2022/23 Commissioning Decisions');
    const labels: Record<StateName, string> = {
      draft: 'Draft',
      inReview: 'In review',
      awaitingChiefExecutive: 'Awaiting Chief Executive',
      awaitingDecisionMaker: 'Awaiting Deputy Mayor for Policing and Crime',
      approved: 'Approved',
      rejected: 'Rejected',
      withdrawn: 'Withdrawn',
    };
    for (const state of stateNames) expect(texts(card(state))).toContain(`**${labels[state]}**`);
  });

  it('numbers the recommendations and derives the funding totals per line, per year and overall', () => {
    const c = card('approved');
    const all = texts(c);
    expect(all).toContain(`**3.** ${states.approved.recommendations[2]}`);
    const table = (c.body as Json[]).find((e) => e.type === 'Table') as Json;
    const rows = (table.rows as Json[]).map((r) => texts(r));
    expect(rows[0]).toEqual(['**Service and source**', '**2022/23**', '**2023/24**', '**2024/25**', '**Total**']);
    expect(rows[4]).toEqual([
      "Women's wrap around service",
      'Police Grant',
      '£920,000',
      '£760,000',
      '£650,000',
      '£2,330,000',
    ]);
    expect(rows[1]).toEqual(['Drug Testing in Police Custody', 'Police Grant', '£470,000', '–', '–', '£470,000']);
    expect(rows[5]).toEqual(['**Total**', '**£2,330,000**', '**£760,000**', '**£650,000**', '**£3,740,000**']);
    expect(all).toContain('**Total commitment: £3,740,000**');
  });

  it('names the decision maker and the scheme-of-delegation band that makes them so', () => {
    const facts = JSON.stringify(card('approved'));
    expect(facts).toContain('{"title":"Decision maker","value":"Deputy Mayor for Policing and Crime"}');
    expect(facts).toContain(
      'Scheme of delegation: £3,740,000 in all; £500,000 and above is for the Deputy Mayor for Policing and Crime.',
    );
    const small = decisionCard({
      decision: { ...states.draft, funding: states.draft.funding.slice(1, 2) },
      profile,
      holders,
      viewer: null,
    });
    expect(JSON.stringify(small)).toContain(
      '{"title":"Decision maker (on submission)","value":"Director of Commissioning and Partnerships"}',
    );
    expect(JSON.stringify(small)).toContain(
      '£40,000 in all; below £500,000 is for the Director of Commissioning and Partnerships.',
    );
  });

  it('shows each declaration with who ticked it and when in London time, or whom it awaits', () => {
    const c = card('inReview');
    expect(texts(rowOf(c, '**Legal Advice**'))).toContain('✓ Legal Officer, 22 Nov 2021 11:00');
    expect(texts(rowOf(c, '**Financial Advice**'))).toContain('Awaiting Strategic Finance and Resource Management');
    expect(texts(rowOf(c, '**Financial Advice**'))).toContain(mopacProfile.declarations[0]?.statement);
    const summer = decisionCard({
      decision: {
        ...states.inReview,
        ticks: { finance: { item: 'finance', by: seedActors.finance, at: '2022-06-01T09:15:00.000Z' } },
      },
      profile,
      holders,
      viewer: null,
    });
    expect(texts(rowOf(summer, '**Financial Advice**'))).toContain('✓ Finance Officer, 1 Jun 2022 10:15');
  });

  it('shows the signatures with the exact statements signed, who, when and the declared interest', () => {
    const c = card('approved');
    const dm = texts(rowOf(c, '**Deputy Mayor for Policing and Crime**'));
    expect(dm).toContain('The above request has my approval.');
    expect(dm).toContain('✓ Signed by Deputy Mayor for Policing and Crime, 26 Nov 2021 15:00');
    expect(dm).toContain('Declared interest: None');
    expect(texts(rowOf(c, '**Chief Executive Officer**'))).toContain(
      states.approved.signatures['chief-executive']?.statement,
    );
    expect(texts(c)).toContain('Approved on 26 Nov 2021 15:00 by Deputy Mayor for Policing and Crime');
  });

  it('shows background papers, Part 1 and Part 2, the rejection reason and what happens next', () => {
    const approved = JSON.stringify(card('approved'));
    expect(approved).toContain('{"title":"Background papers","value":"PCD 849 was signed in October 2020');
    expect(approved).toContain('{"title":"Part 1 publication","value":"Published after approval (not deferred)"}');
    expect(approved).toContain('{"title":"Part 2","value":"No"}');
    const deferred = decisionCard({
      decision: {
        ...states.approved,
        part1Deferral: { until: '2022-04-01', reason: 'Contracts are being negotiated.' },
        hasPart2: true,
      },
      profile,
      holders,
      viewer: null,
    });
    expect(JSON.stringify(deferred)).toContain('Deferred until 1 Apr 2022: Contracts are being negotiated.');
    expect(JSON.stringify(deferred)).toContain('{"title":"Part 2","value":"Yes: a confidential Part 2');
    expect(texts(card('rejected'))).toContain(
      'Rejected on 26 Nov 2021 15:00 by Deputy Mayor for Policing and Crime: The MoJ has not confirmed its share of the women’s service.',
    );
    expect(
      texts(card('inReview')).some((t) => t.startsWith('**What happens next:** Waiting for ticks: Financial Advice')),
    ).toBe(true);
  });

  it('puts the notice at the top', () => {
    const c = card('inReview', null, 'Financial Advice tick was reset because the funding changed.');
    expect(texts((c.body as Json[])[0])).toEqual(['Financial Advice tick was reset because the funding changed.']);
    expect(texts((card('inReview').body as Json[])[0])).not.toContain(
      'Financial Advice tick was reset because the funding changed.',
    );
  });
});

describe('buttons', () => {
  it('draft: submit, edit and withdraw (with a required reason) for the drafter; none for a reviewer', () => {
    expect(titles(card('draft'))).toEqual(['Submit for sign-off', 'Edit', 'Withdraw', 'Withdraw']);
    expect(titles(card('draft', viewerOf('draftingOfficer')))).toEqual([
      'Submit for sign-off',
      'Edit',
      'Withdraw',
      'Withdraw',
    ]);
    expect(titles(card('draft', viewerOf('finance')))).toEqual([]);
    const withdraw = allActions(card('draft')).find((a) => a.type === 'Action.ShowCard') as Json;
    const input = ((withdraw.card as Json).body as Json[])[0];
    expect(input).toEqual(
      expect.objectContaining({ type: 'Input.Text', id: 'reason', isRequired: true, errorMessage: expect.any(String) }),
    );
  });

  it('in review: the base card has Tick in each unticked row and Untick in each ticked one', () => {
    const c = card('inReview');
    const tick = allActions(rowOf(c, '**Financial Advice**')).find((a) => a.title === 'Tick');
    expect(tick).toEqual(
      expect.objectContaining({
        type: 'Action.Execute',
        verb: 'declaration.tick',
        tooltip: 'Tick Financial Advice',
        data: { verb: 'declaration.tick', ref: 'PCD 1065', version: 9, item: 'finance' },
        fallback: expect.objectContaining({
          type: 'Action.Submit',
          title: 'Tick',
          data: { verb: 'declaration.tick', ref: 'PCD 1065', version: 9, item: 'finance' },
        }),
      }),
    );
    expect(titles(rowOf(c, '**Legal Advice**'))).toEqual(['Untick']);
    expect(buttonsIn(rowOf(c, '**Legal Advice**'))[0]?.data).toEqual({
      verb: 'declaration.untick',
      ref: 'PCD 1065',
      version: 9,
      item: 'legal',
    });
  });

  it("in review: a reviewer's view has only their own item's Tick, and Untick of their own tick", () => {
    expect(titles(card('inReview', viewerOf('finance')))).toEqual(['Tick']);
    expect(titles(rowOf(card('inReview', viewerOf('finance')), '**Financial Advice**'))).toEqual(['Tick']);
    expect(titles(card('inReview', viewerOf('legal')))).toEqual(['Untick']);
    expect(titles(card('inReview', viewerOf('chiefExecutive')))).toEqual([]);
  });

  it('awaiting the Chief Executive: Sign as Chief Executive and Reject, for the Chief Executive only', () => {
    const sign = allActions(card('awaitingChiefExecutive')).find((a) => a.title === 'Sign as Chief Executive');
    expect(sign).toEqual(
      expect.objectContaining({
        type: 'Action.Execute',
        verb: 'signature.sign',
        data: { verb: 'signature.sign', ref: 'PCD 1065', version: 14, signature: 'chief-executive' },
      }),
    );
    expect(titles(card('awaitingChiefExecutive', viewerOf('chiefExecutive')))).toEqual([
      'Sign as Chief Executive',
      'Reject',
      'Reject',
    ]);
    expect(titles(card('awaitingChiefExecutive', viewerOf('dmpc')))).toEqual([]);
    expect(titles(card('awaitingChiefExecutive', viewerOf('finance')))).toEqual([]);
  });

  it('awaiting the decision maker: a Sign card with the declaration of interest and an interest input', () => {
    const c = card('awaitingDecisionMaker', viewerOf('dmpc'));
    expect(titles(c)).toEqual(['Sign as Deputy Mayor for Policing and Crime', 'Sign', 'Reject', 'Reject']);
    const show = allActions(c).find(
      (a) => a.type === 'Action.ShowCard' && a.title === 'Sign as Deputy Mayor for Policing and Crime',
    ) as Json;
    const inner = show.card as Json;
    expect(texts(inner)).toContain(mopacProfile.signatures[1]?.interestStatement);
    expect((inner.body as Json[])[1]).toEqual(
      expect.objectContaining({ type: 'Input.Text', id: 'interest', placeholder: 'None', maxLength: 1000 }),
    );
    expect((inner.actions as Json[])[0]).toEqual(
      expect.objectContaining({
        type: 'Action.Execute',
        title: 'Sign',
        verb: 'signature.sign',
        data: { verb: 'signature.sign', ref: 'PCD 1065', version: 15, signature: 'decision-maker' },
      }),
    );
    expect(titles(card('awaitingDecisionMaker', viewerOf('chiefExecutive')))).toEqual([]);
  });

  it('terminal states have no buttons at all', () => {
    for (const state of ['approved', 'rejected', 'withdrawn'] as const) {
      for (const viewer of [null, viewerOf('draftingOfficer'), viewerOf('dmpc')]) {
        expect(buttonsIn(card(state, viewer)).filter((a) => a.verb !== 'card.refresh')).toEqual([]);
        expect(card(state, viewer).actions).toEqual([]);
      }
    }
  });
});

describe('Open in register', () => {
  const url = tabDeepLink('6a0c5c2b-7f3e-4a8e-9d47-2d1c3b5e8f10', 'PCD 1065');

  it('links every state to the decision in the tab, and the card stays valid and under budget', () => {
    expect(url).toBe(
      'https://teams.microsoft.com/l/entity/6a0c5c2b-7f3e-4a8e-9d47-2d1c3b5e8f10/register?label=Register&context=%7B%22subEntityId%22%3A%22PCD%201065%22%7D',
    );
    for (const state of stateNames) {
      const c = decisionCard({ decision: states[state], profile, holders, viewer: null, registerUrl: url });
      expect(schemaErrors(c)).toEqual([]);
      expect(cardBytes(c)).toBeLessThan(CARD_BUDGET_BYTES);
      expect(allActions(c).filter((a) => a.type === 'Action.OpenUrl')).toEqual([
        { type: 'Action.OpenUrl', title: 'Open in register', url },
      ]);
    }
  });

  it('has no button without a link (no app id)', () => {
    expect(allActions(card('approved')).some((a) => a.type === 'Action.OpenUrl')).toBe(false);
  });
});

import { decisionCard } from '../../cards/decision-card';
import type { Decision } from '../../domain/types';
import { builtInProfilePath, loadProfile } from '../../app/profile-loader';
import { allActions, CARD_BUDGET_BYTES, cardBytes, schemaErrors, unexpanded } from './card-schema';
import { states } from './decision-states';

const gla = loadProfile(builtInProfilePath('gla'));
const officer = { aadObjectId: '00000000-0000-4000-8000-000000000201', name: 'GLA Officer' };
const withTotal = (pence: number, over: Partial<Decision> = {}): Decision => ({
  ...states.draft,
  ref: 'MD2008',
  profileId: 'gla',
  funding: [
    {
      id: 'youth-programme',
      service: 'Youth programme',
      source: 'GLA budget',
      allocations: [{ year: 2023, amount: pence }],
    },
  ],
  ...over,
});
const facts = (d: Decision) => JSON.stringify(decisionCard({ decision: d, profile: gla, holders: [], viewer: null }));

describe('decision card under the GLA profile', () => {
  it('names the decision maker from the GLA scheme of delegation, with the band', () => {
    expect(facts(withTotal(15_000_000, { status: 'in_review', decisionMakerRole: 'executive-director' }))).toContain(
      'Scheme of delegation: £150,000 in all; over £50,000 and up to £150,000 is for the Executive Director.',
    );
    expect(facts(withTotal(15_000_001, { status: 'in_review', decisionMakerRole: 'mayor' }))).toContain(
      'Scheme of delegation: £150,000.01 in all; over £150,000 is for the Mayor of London.',
    );
    expect(facts(withTotal(500_000))).toContain('{"title":"Decision maker (on submission)","value":"Manager"}');
  });

  it("shows the GLA's declaration items and signatures, valid and within budget in each state", () => {
    const ticks = Object.fromEntries(
      gla.declarations.map((i) => [i.key, { item: i.key, by: officer, at: '2023-05-02T09:00:00.000Z' }]),
    );
    const variants: Decision[] = [
      withTotal(15_000_001),
      withTotal(15_000_001, { status: 'in_review', decisionMakerRole: 'mayor' }),
      withTotal(15_000_001, { status: 'awaiting_chief_executive', decisionMakerRole: 'mayor', ticks }),
      withTotal(15_000_001, { status: 'awaiting_decision_maker', decisionMakerRole: 'mayor', ticks }),
    ];
    for (const d of variants) {
      const card = decisionCard({ decision: d, profile: gla, holders: [], viewer: null });
      expect(schemaErrors(card)).toEqual([]);
      expect(unexpanded(card)).toEqual([]);
      expect(cardBytes(card)).toBeLessThan(CARD_BUDGET_BYTES);
      for (const item of gla.declarations) expect(JSON.stringify(card)).toContain(`**${item.title}**`);
    }
    const awaitingMayor = decisionCard({
      decision: variants[3] as Decision,
      profile: gla,
      holders: [],
      viewer: { aadObjectId: officer.aadObjectId, roles: ['mayor'] },
    });
    expect(allActions(awaitingMayor).map((a) => a.title)).toContain('Sign as Mayor of London');
    expect(JSON.stringify(awaitingMayor)).toContain('Awaiting Mayor of London');
  });
});

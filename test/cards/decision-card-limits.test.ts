import { decisionCard, MAX_REFRESH_USERS } from '../../cards/decision-card';
import type { RoleAssignment } from '../../storage/store';
import { mopacProfile } from '../fixtures/profiles';
import { seedActors } from '../fixtures/seed-decision';
import { rowOf, texts, titles } from './card-queries';
import { CARD_BUDGET_BYTES, cardBytes, schemaErrors, unexpanded } from './card-schema';
import { bigDecision, holders, mriOf, mris, states, viewerOf, type StateName } from './decision-states';

type Json = Record<string, unknown>;
const profile = mopacProfile;
const card = (state: StateName, viewer: ReturnType<typeof viewerOf> | null = null) =>
  decisionCard({ decision: states[state], profile, holders, viewer, mris });
const stateNames = Object.keys(states) as StateName[];

describe('refresh', () => {
  it('lists the MRIs of the holders of the roles that must act now, and is the same on the viewer card', () => {
    const base = card('inReview');
    const unticked = ['finance', 'commercial', 'data-protection', 'drafting-officer', 'director'];
    const expected = holders
      .filter((h) => unticked.includes(h.role))
      .map((h) => mris.get(h.holder.aadObjectId.toLowerCase()));
    expect(base.refresh).toEqual({
      action: {
        type: 'Action.Execute',
        verb: 'card.refresh',
        data: { verb: 'card.refresh', ref: 'PCD 1065', version: 9 },
      },
      userIds: expected,
    });
    expect(card('inReview', viewerOf('finance')).refresh).toEqual(base.refresh);
    expect((card('awaitingDecisionMaker').refresh as Json).userIds).toEqual([mriOf('dmpc')]);
  });

  it('leaves out holders whose MRI is not known, never listing an AAD object id; nobody known means no refresh', () => {
    const someKnown = new Map([...mris].filter(([aad]) => aad !== seedActors.finance.aadObjectId.toLowerCase()));
    const partly = decisionCard({ decision: states.inReview, profile, holders, viewer: null, mris: someKnown });
    const ids = (partly.refresh as Json).userIds as string[];
    expect(ids).not.toContain(mriOf('finance'));
    expect(ids).toContain(mriOf('commercial'));
    expect(ids.every((id) => id.startsWith('29:'))).toBe(true);
    expect(decisionCard({ decision: states.inReview, profile, holders, viewer: null })).not.toHaveProperty('refresh');
  });

  it('is absent when nobody must act', () => {
    for (const state of ['draft', 'approved', 'rejected', 'withdrawn'] as const)
      expect(card(state)).not.toHaveProperty('refresh');
  });

  it('holds at most 60 user ids, holders before deputies, even with 100 holders', () => {
    const many: RoleAssignment[] = Array.from({ length: 100 }, (_, i) => ({
      role: 'finance',
      holder: { aadObjectId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, name: `Finance ${i}` },
      deputy: i < 50,
      assignedBy: seedActors.director,
      assignedAt: '2021-10-01T09:00:00.000Z',
    }));
    const manyMris = new Map(many.map((h, i) => [h.holder.aadObjectId.toLowerCase(), `29:1finance-${i}`]));
    const c = decisionCard({
      decision: states.inReview,
      profile,
      holders: [...many, ...many],
      viewer: null,
      mris: manyMris,
    });
    const ids = (c.refresh as Json).userIds as string[];
    expect(ids).toHaveLength(MAX_REFRESH_USERS);
    expect(new Set(ids).size).toBe(60);
    expect(ids.slice(0, 50)).toEqual(many.slice(50).map((_, i) => `29:1finance-${i + 50}`));
    expect(schemaErrors(c)).toEqual([]);
  });
});

describe('size', () => {
  it('stays under 40 KB with 30 funding lines over 10 financial years, in every state and view', () => {
    for (const state of stateNames) {
      for (const viewer of [null, viewerOf('finance'), viewerOf('dmpc'), viewerOf('draftingOfficer')]) {
        const big = decisionCard({
          decision: bigDecision(states[state], 30, 10),
          profile,
          holders,
          viewer,
          notice: 'A notice of ordinary length for the top of the card.',
        });
        expect(cardBytes(big)).toBeLessThan(CARD_BUDGET_BYTES);
        expect(schemaErrors(big)).toEqual([]);
        expect(unexpanded(big)).toEqual([]);
      }
    }
  });

  it('squeezes a decision with the longest texts allowed and 30 lines over 10 years under 40 KB, and says so', () => {
    const long = (n: number, word: string) => Array.from({ length: n }, () => word).join(' ');
    const huge = {
      ...bigDecision(states.inReview, 30, 10),
      summary: long(800, 'summary').slice(0, 4000),
      recommendations: Array.from({ length: 20 }, (_, i) => `${i + 1} ${long(200, 'recommend')}`.slice(0, 1000)),
      backgroundPapers: Array.from({ length: 20 }, (_, i) => `PCD ${900 + i} ${long(100, 'paper')}`.slice(0, 500)),
    };
    for (const viewer of [null, viewerOf('finance')]) {
      const c = decisionCard({
        decision: huge,
        profile,
        holders,
        viewer,
        notice: 'Financial Advice tick was reset because the funding changed.',
      });
      expect(cardBytes(c)).toBeLessThan(CARD_BUDGET_BYTES);
      expect(schemaErrors(c)).toEqual([]);
      expect(unexpanded(c)).toEqual([]);
      const all = texts(c);
      expect(all).toContain('Some long text on this card is shortened (…) to fit a Teams card.');
      expect(all.find((t) => t.startsWith('summary summary'))?.endsWith('…')).toBe(true);
      expect(all).toContain('**Totals by financial year**');
      expect(titles(rowOf(c, '**Financial Advice**'))).toEqual(['Tick']);
    }
    expect(texts(card('approved'))).not.toContain('Some long text on this card is shortened (…) to fit a Teams card.');
  });

  it('lists every line and the totals by year when the table would not fit', () => {
    const big = decisionCard({ decision: bigDecision(states.approved, 30, 10), profile, holders, viewer: null });
    const all = JSON.stringify(big);
    expect(all).not.toContain('"type":"Table"');
    expect(all).toContain('**Commissioned service number 30 for London boroughs** (Core funding): £15,250,178.90');
    expect(all).toContain('{"title":"2031/32","value":"£1,525,467.89"}');
    expect(all).toContain('**Totals by financial year**');
  });
});

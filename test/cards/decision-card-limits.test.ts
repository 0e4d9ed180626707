import { MOST_SQUEEZED } from '../../cards/card-squeeze';
import {
  CARD_BUDGET_BYTES,
  CARD_BUDGET_UTF16_BYTES,
  cardBytes,
  cardUtf16Bytes,
  decisionCard,
  MAX_REFRESH_USERS,
  squeezedDecisionCard,
} from '../../cards/decision-card';
import type { RoleAssignment } from '../../storage/store';
import { mopacProfile } from '../fixtures/profiles';
import { seedActors } from '../fixtures/seed-decision';
import { rowOf, texts, titles } from './card-queries';
import { schemaErrors, unexpanded } from './card-schema';
import { bigDecision, holders, longestDecision, mriOf, mris, prose, states, viewerOf, type StateName } from './decision-states';

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
  const viewers = [null, ...Object.keys(seedActors).map((who) => viewerOf(who as keyof typeof seedActors))];
  /** Holders enough to fill refresh.userIds: the seed's people and 60 deputies for each role. */
  const manyHolders: RoleAssignment[] = [
    ...holders,
    ...holders.flatMap((h, r) =>
      Array.from({ length: 60 }, (_, i) => ({
        ...h,
        holder: { aadObjectId: `00000000-0000-4000-8${r}00-${String(i).padStart(12, '0')}`, name: `Deputy ${i}` },
        deputy: true,
      })),
    ),
  ];

  it('keeps the largest card, in every state and view, under 28 KB of UTF-8 and 56 KB of UTF-16', () => {
    for (const state of stateNames) {
      for (const viewer of viewers) {
        const largest = decisionCard({
          decision: longestDecision(states[state]),
          profile,
          holders: manyHolders,
          viewer,
          notice: prose(300, 'notice'),
        });
        expect(cardBytes(largest)).toBeLessThan(28 * 1024);
        expect(cardUtf16Bytes(largest)).toBeLessThan(56 * 1024);
        expect(schemaErrors(largest)).toEqual([]);
        expect(unexpanded(largest)).toEqual([]);
      }
    }
    expect(CARD_BUDGET_BYTES).toBe(28 * 1024);
    expect(CARD_BUDGET_UTF16_BYTES).toBe(56 * 1024);
  });

  it('counts UTF-16 as Teams does: two bytes for each code unit, whatever UTF-8 takes', () => {
    const card = { text: 'PCD 1065 – £3,740,000 ‘ok’' };
    expect(cardUtf16Bytes(card)).toBe(JSON.stringify(card).length * 2);
    expect(cardBytes(card)).toBe(JSON.stringify(card).length + 2 * 3 + 1);
  });

  it('squeezes only as far as it must: the seed card whole, the largest one shortened and saying so', () => {
    for (const state of stateNames)
      expect(squeezedDecisionCard({ decision: states[state], profile, holders, viewer: null }).level).toBe(0);
    const largest = squeezedDecisionCard({
      decision: longestDecision(states.inReview),
      profile,
      holders,
      viewer: null,
    });
    expect(largest.level).toBeGreaterThan(0);
    const all = texts(largest.card);
    expect(all).toContain('Some long text on this card is shortened (…) to fit a Teams card.');
    expect(all.find((t) => t.startsWith('‘summary’'))?.endsWith('…')).toBe(true);
    expect(all).toContain('**Totals by financial year**');
    expect(titles(rowOf(largest.card, '**Financial Advice**'))).toEqual(['Tick']);
    // The statements are never shortened: each is the profile's, verbatim.
    for (const item of profile.declarations) expect(all).toContain(item.statement);
    expect(texts(card('approved'))).not.toContain('Some long text on this card is shortened (…) to fit a Teams card.');
  });

  it('makes the card again from a given level, so a card Teams refused can be sent smaller', () => {
    const long = { ...bigDecision(states.approved, 30, 10), summary: prose(4000), recommendations: [prose(1000)] };
    const input = { decision: long, profile, holders, viewer: null };
    const first = squeezedDecisionCard(input);
    expect(first.level).toBeLessThan(MOST_SQUEEZED);
    const next = squeezedDecisionCard(input, first.level + 1);
    expect(next.level).toBe(first.level + 1);
    expect(cardBytes(next.card)).toBeLessThan(cardBytes(first.card));
    expect(squeezedDecisionCard(input, 99).level).toBe(MOST_SQUEEZED);
  });

  it('lists every line with its years and the totals by year when the table would not fit', () => {
    const big = decisionCard({ decision: bigDecision(states.approved, 14, 6), profile, holders, viewer: null });
    const all = JSON.stringify(big);
    expect(all).not.toContain('"type":"Table"');
    expect(all).toContain('**Commissioned service number 14 for London boroughs** (Core funding): £');
    expect(all).toContain('{"title":"2027/28","value":"£1,365,067.89"}');
    expect(all).toContain('**Totals by financial year**');
  });

  it('gives each of 40 lines over 10 years its total when their years would not fit, or leaves them to the export', () => {
    const forty = decisionCard({ decision: bigDecision(states.approved, 40, 10), profile, holders, viewer: null });
    expect(JSON.stringify(forty)).toContain(
      '{"title":"Commissioned service number 40 for London boroughs (Core funding)","value":"£',
    );
    expect(texts(forty)).toContain('**Totals by financial year**');
    const least = squeezedDecisionCard(
      { decision: bigDecision(states.approved, 40, 10), profile, holders, viewer: null },
      MOST_SQUEEZED,
    ).card;
    expect(texts(least)).toContain('Each of the 40 funding lines is in the export: `export PCD 1065`.');
    expect(JSON.stringify(least)).not.toContain('Commissioned service number');
    expect(texts(least)).toContain('**Totals by financial year**');
  });
});

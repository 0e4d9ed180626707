/**
 * The decision card keeps the statements one click away: each declaration's and signature's exact
 * words sit in a container hidden behind a toggle (Action.ToggleVisibility), open only where the
 * viewer must act on them now.
 */
import { decisionCard } from '../../cards/decision-card';
import { mopacProfile } from '../fixtures/profiles';
import { seedActors } from '../fixtures/seed-decision';
import { allActions } from './card-schema';
import { rowOf, texts } from './card-queries';
import { holders, states, viewerOf, type StateName } from './decision-states';

type Json = Record<string, unknown>;
const profile = mopacProfile;
const card = (state: StateName, viewer: ReturnType<typeof viewerOf> | null = null) =>
  decisionCard({ decision: states[state], profile, holders, viewer });

/** Every element with an id, by id. */
function elementsById(node: unknown, found = new Map<string, Json[]>()): Map<string, Json[]> {
  if (Array.isArray(node)) node.forEach((n) => elementsById(n, found));
  else if (node !== null && typeof node === 'object') {
    const obj = node as Json;
    if (typeof obj.id === 'string' && obj.type !== undefined) found.set(obj.id, [...(found.get(obj.id) ?? []), obj]);
    Object.values(obj).forEach((v) => elementsById(v, found));
  }
  return found;
}

/** Which statements a card shows open, by the title of their row. */
function openStatements(c: Json): string[] {
  const byId = elementsById(c);
  const rows = [...profile.declarations.map((d) => `**${d.title}**`), ...signatureTitles(c)];
  return rows.filter((title) => {
    const toggle = allActions(rowOf(c, title)).find((a) => a.type === 'Action.ToggleVisibility');
    const id = (toggle?.targetElements as string[])[0]!;
    return byId.get(id)?.[0]?.isVisible !== false;
  });
}
const signatureTitles = (c: Json) =>
  texts(c).filter((t) => ['**Chief Executive Officer**', '**Deputy Mayor for Policing and Crime**'].includes(t));

describe('statements behind toggles', () => {
  const viewers = [null, ...Object.keys(seedActors).map((who) => viewerOf(who as keyof typeof seedActors))];

  it('gives every declaration and signature a toggle whose target is its own statement, with unique ids', () => {
    for (const state of Object.keys(states) as StateName[]) {
      for (const viewer of viewers) {
        const c = card(state, viewer);
        const byId = elementsById(c);
        const toggles = allActions(c).filter((a) => a.type === 'Action.ToggleVisibility');
        expect(toggles).toHaveLength(profile.declarations.length + profile.signatures.length);
        const targets = toggles.map((t) => (t.targetElements as string[])[0]!);
        expect(new Set(targets).size).toBe(targets.length);
        for (const id of targets) expect(byId.get(id)?.map((e) => e.type)).toEqual(['Container']);
      }
    }
  });

  it("keeps the profile's exact words on the card, one click away", () => {
    const c = card('inReview');
    for (const item of profile.declarations) expect(texts(rowOf(c, `**${item.title}**`))).toContain(item.statement);
    for (const spec of profile.signatures) expect(texts(c)).toContain(spec.statement);
    const signed = card('approved');
    expect(texts(signed)).toContain(states.approved.signatures['chief-executive']?.statement);
  });

  it('opens nothing on the base card while declarations are awaited, and only the awaited signature after', () => {
    expect(openStatements(card('draft'))).toEqual([]);
    expect(openStatements(card('inReview'))).toEqual([]);
    expect(openStatements(card('awaitingChiefExecutive'))).toEqual(['**Chief Executive Officer**']);
    expect(openStatements(card('awaitingDecisionMaker'))).toEqual(['**Deputy Mayor for Policing and Crime**']);
    for (const state of ['approved', 'rejected', 'withdrawn'] as const) expect(openStatements(card(state))).toEqual([]);
  });

  it("opens on a viewer's own card only what they may tick or sign now", () => {
    expect(openStatements(card('inReview', viewerOf('finance')))).toEqual(['**Financial Advice**']);
    // Legal ticked already: nothing for the legal officer to act on.
    expect(openStatements(card('inReview', viewerOf('legal')))).toEqual([]);
    expect(openStatements(card('inReview', viewerOf('chiefExecutive')))).toEqual([]);
    expect(openStatements(card('awaitingChiefExecutive', viewerOf('chiefExecutive')))).toEqual([
      '**Chief Executive Officer**',
    ]);
    expect(openStatements(card('awaitingChiefExecutive', viewerOf('finance')))).toEqual([]);
    expect(openStatements(card('awaitingDecisionMaker', viewerOf('dmpc')))).toEqual([
      '**Deputy Mayor for Policing and Crime**',
    ]);
  });

  it('keeps the Tick and Sign buttons visible, never inside a hidden container', () => {
    const hidden = [...elementsById(card('inReview')).values()].flat().filter((e) => e.isVisible === false);
    expect(hidden.length).toBeGreaterThan(0);
    for (const element of hidden) expect(allActions(element)).toEqual([]);
    const chief = card('awaitingChiefExecutive', viewerOf('chiefExecutive'));
    expect(allActions(chief).some((a) => a.title === 'Sign as Chief Executive')).toBe(true);
  });
});

import { listCard, MAX_LIST_ROWS } from '../../cards/list-card';
import type { Decision } from '../../domain/types';
import { mopacProfile } from '../fixtures/profiles';
import { allActions, CARD_BUDGET_BYTES, cardBytes, schemaErrors, unexpanded } from './card-schema';
import { states } from './decision-states';

type Json = Record<string, unknown>;
const every = Object.values(states) as Decision[];
const texts = (node: unknown): string[] =>
  (JSON.stringify(node).match(/"text":"((?:[^"\\]|\\.)*)"/g) ?? []).map((t) => JSON.parse(t.slice(7)) as string);
const many = (n: number): Decision[] =>
  Array.from({ length: n }, (_, i) => ({
    ...states.approved,
    ref: `PCD ${1000 + i}`,
    title: `${states.approved.title} (part ${i + 1} of a long series of decisions)`,
  }));

describe('list card', () => {
  it('lists decisions in every state: valid Adaptive Card 1.5, fully expanded, as in the snapshot', () => {
    const c = listCard({ title: 'Decisions', decisions: every, profile: mopacProfile });
    expect(schemaErrors(c)).toEqual([]);
    expect(unexpanded(c)).toEqual([]);
    expect(c).toMatchSnapshot();
  });

  it('shows reference, title, status, total and decision maker per row', () => {
    const c = listCard({
      title: 'Waiting on you',
      decisions: [states.awaitingDecisionMaker, states.draft],
      profile: mopacProfile,
    });
    const table = (c.body as Json[]).find((e) => e.type === 'Table') as Json;
    const [header, first, second] = (table.rows as Json[]).map((r) => texts(r));
    expect(header).toEqual(['**Decision**', '**Status**', '**Total**', '**Decision maker**', ' ']);
    expect(first).toEqual([
      '**PCD 1065**',
      states.approved.title,
      'Awaiting Deputy Mayor for Policing and Crime',
      '£3,740,000',
      'Deputy Mayor for Policing and Crime',
    ]);
    expect(second?.slice(2)).toEqual(['Draft', '£3,740,000', 'Named on submission']);
    expect(texts(c)).toContain('Waiting on you');
  });

  it('has a Show button per row sending decision.show {ref}, with an Action.Submit fallback', () => {
    const c = listCard({ title: 'Decisions', decisions: many(3), profile: mopacProfile });
    const shows = allActions(c).filter((a) => a.type === 'Action.Execute');
    expect(shows.map((a) => a.data)).toEqual(
      [1000, 1001, 1002].map((n) => ({ verb: 'decision.show', ref: `PCD ${n}` })),
    );
    for (const show of shows) {
      expect(show).toEqual(expect.objectContaining({ title: 'Show', verb: 'decision.show' }));
      expect(show.fallback).toEqual(expect.objectContaining({ type: 'Action.Submit', title: 'Show', data: show.data }));
    }
  });

  it('shows at most 25 rows, then "…and N more", and stays under the card budget', () => {
    const c = listCard({ title: 'Decisions', decisions: many(30), profile: mopacProfile });
    const table = (c.body as Json[]).find((e) => e.type === 'Table') as Json;
    expect(table.rows).toHaveLength(MAX_LIST_ROWS + 1);
    expect(texts(c)).toContain('…and 5 more');
    expect(cardBytes(c)).toBeLessThan(CARD_BUDGET_BYTES);
    expect(schemaErrors(c)).toEqual([]);
    expect(
      texts(listCard({ title: 'Decisions', decisions: many(25), profile: mopacProfile })).some((t) =>
        t.includes('more'),
      ),
    ).toBe(false);
  });
});

import { editCard, editLauncherCard } from '../../cards/edit-card';
import { allActions, CARD_BUDGET_BYTES, cardBytes, schemaErrors, unexpanded } from './card-schema';
import { states, type StateName } from './decision-states';

type Json = Record<string, unknown>;
const inputs = (card: Json): Json[] =>
  (card.body as Json[]).filter((e) => typeof e.type === 'string' && e.type.startsWith('Input.'));

describe('edit card', () => {
  for (const state of Object.keys(states) as StateName[]) {
    it(`${state}: valid Adaptive Card 1.5, under the card budget, fully expanded`, () => {
      const card = editCard(states[state]);
      expect(schemaErrors(card)).toEqual([]);
      expect(cardBytes(card)).toBeLessThan(CARD_BUDGET_BYTES);
      expect(unexpanded(card)).toEqual([]);
    });
  }

  it('matches the snapshot for a draft and for a decision in review', () => {
    expect(editCard(states.draft)).toMatchSnapshot();
    expect(
      editCard({
        ...states.inReview,
        part1Deferral: { until: '2023-04-30', reason: 'Contracts are being negotiated.' },
        hasPart2: true,
      }),
    ).toMatchSnapshot();
  });

  it('has the inputs the decision.update handler reads, prefilled with the current details', () => {
    const d = {
      ...states.inReview,
      part1Deferral: { until: '2023-04-30', reason: 'Contracts are being negotiated.' },
      hasPart2: true,
    };
    const byId = Object.fromEntries(inputs(editCard(d)).map((i) => [i.id, i]));
    expect(Object.keys(byId)).toEqual([
      'title',
      'summary',
      'recommendations',
      'backgroundPapers',
      'deferralDate',
      'deferralReason',
      'part2',
    ]);
    expect(byId.title).toEqual(
      expect.objectContaining({
        type: 'Input.Text',
        value: d.title,
        isRequired: true,
        maxLength: 200,
        errorMessage: expect.any(String),
      }),
    );
    expect(byId.summary).toEqual(expect.objectContaining({ type: 'Input.Text', isMultiline: true, value: d.summary }));
    expect(byId.recommendations).toEqual(
      expect.objectContaining({ isMultiline: true, value: d.recommendations.join('\n') }),
    );
    expect(byId.backgroundPapers).toEqual(
      expect.objectContaining({ isMultiline: true, value: d.backgroundPapers.join('\n') }),
    );
    expect(byId.deferralDate).toEqual(expect.objectContaining({ type: 'Input.Date', value: '2023-04-30' }));
    expect(byId.deferralReason).toEqual(
      expect.objectContaining({ type: 'Input.Text', value: 'Contracts are being negotiated.' }),
    );
    expect(byId.part2).toEqual(
      expect.objectContaining({ type: 'Input.Toggle', value: 'true', valueOn: 'true', valueOff: 'false' }),
    );
    const draft = Object.fromEntries(inputs(editCard(states.draft)).map((i) => [i.id, i]));
    expect(draft.deferralDate?.value).toBe('');
    expect(draft.part2?.value).toBe('false');
  });

  it('saves with decision.update {ref, version}, with an Action.Submit fallback, and can go back without validating', () => {
    const [save, back] = editCard(states.inReview).actions as Json[];
    const data = { verb: 'decision.update', ref: 'PCD 1065', version: 9 };
    expect(save).toEqual(
      expect.objectContaining({ type: 'Action.Execute', title: 'Save', verb: 'decision.update', data }),
    );
    expect(save?.fallback).toEqual(expect.objectContaining({ type: 'Action.Submit', title: 'Save', data }));
    expect(back).toEqual(
      expect.objectContaining({
        verb: 'decision.show',
        associatedInputs: 'none',
        data: { verb: 'decision.show', ref: 'PCD 1065' },
      }),
    );
    expect(allActions(editCard(states.inReview))).toHaveLength(4);
  });

  it('warns that changing substance resets ticks once something is ticked, and publication changes reset signatures once someone signed', () => {
    expect(JSON.stringify(editCard(states.inReview))).toContain('resets the declaration ticks');
    expect(JSON.stringify(editCard(states.draft))).not.toContain('resets the declaration ticks');
    expect(JSON.stringify(editCard(states.inReview))).not.toContain('Part 2 flag resets');
    expect(JSON.stringify(editCard(states.awaitingDecisionMaker))).toContain('Changing the Part 1 deferral or the Part 2 flag resets the signatures.');
  });

  it('in a dialog: Save submits the dialog, with no way back to a card that is not there', () => {
    const card = editCard(states.inReview, { dialog: true });
    expect(schemaErrors(card)).toEqual([]);
    expect(card.actions).toEqual([
      {
        type: 'Action.Submit',
        title: 'Save',
        style: 'positive',
        data: { verb: 'decision.update', ref: 'PCD 1065', version: 9 },
      },
    ]);
  });

  it('given back with what was typed and why it was not saved', () => {
    const card = editCard(states.draft, {
      dialog: true,
      values: { summary: 'Typed.' },
      notice: 'The title box is empty.',
    });
    expect(schemaErrors(card)).toEqual([]);
    expect((card.body as Json[])[2]).toEqual({
      type: 'Container',
      style: 'attention',
      items: [{ type: 'TextBlock', text: 'The title box is empty.', wrap: true }],
    });
    const byId = Object.fromEntries(inputs(card).map((i) => [i.id, i.value]));
    expect(byId.summary).toBe('Typed.');
    expect(byId.title).toBe(states.draft.title);
  });

  it('the launcher has one button, which opens the form in a dialog', () => {
    const card = editLauncherCard(states.draft);
    expect(schemaErrors(card)).toEqual([]);
    expect(unexpanded(card)).toEqual([]);
    expect(allActions(card)).toEqual([
      {
        type: 'Action.Submit',
        title: 'Edit PCD 1065',
        data: { msteams: { type: 'task/fetch' }, verb: 'decision.edit', ref: 'PCD 1065' },
      },
    ]);
  });
});

import { schemaErrors, unexpanded } from './card-schema';

const card = (body: unknown[], actions: unknown[] = []) => ({ type: 'AdaptiveCard', version: '1.5', body, actions });

describe('the Adaptive Cards 1.5 schema check used by the card tests', () => {
  it('accepts a card using the elements our templates use', () => {
    const execute = {
      type: 'Action.Execute',
      title: 'Tick',
      verb: 'declaration.tick',
      data: { verb: 'declaration.tick' },
      fallback: { type: 'Action.Submit', title: 'Tick' },
    };
    const ok = card(
      [
        { type: 'TextBlock', text: 'x', style: 'heading', wrap: true },
        {
          type: 'Table',
          columns: [{ width: 1 }],
          rows: [
            { type: 'TableRow', cells: [{ type: 'TableCell', items: [{ type: 'ActionSet', actions: [execute] }] }] },
          ],
        },
        { type: 'Input.Toggle', id: 'part2', title: 'Part 2', value: 'false' },
      ],
      [
        {
          type: 'Action.ShowCard',
          title: 'Reject',
          card: { type: 'AdaptiveCard', body: [{ type: 'Input.Text', id: 'reason', isRequired: true }] },
        },
      ],
    );
    expect(schemaErrors({ ...ok, refresh: { action: execute, userIds: ['a'] } })).toEqual([]);
  });

  it('rejects unknown elements, misspelt properties, bad enum values and inputs without ids', () => {
    expect(schemaErrors(card([{ type: 'TextBlok', text: 'x' }]))).not.toEqual([]);
    expect(schemaErrors(card([{ type: 'TextBlock', txt: 'x' }]))).not.toEqual([]);
    expect(schemaErrors(card([{ type: 'TextBlock', text: 'x', color: 'purple' }]))).not.toEqual([]);
    expect(schemaErrors(card([{ type: 'Input.Text' }]))).not.toEqual([]);
    expect(
      schemaErrors(card([], [{ type: 'Action.Execute', verb: 'x', fallback: { type: 'Action.Sumbit' } }])),
    ).not.toEqual([]);
    expect(schemaErrors({ ...card([]), refresh: null })).not.toEqual([]);
  });

  it('finds template expressions left unexpanded', () => {
    expect(unexpanded({ text: 'Hello ${name}' })).toEqual(['${name}']);
    expect(unexpanded({ text: 'Hello' })).toEqual([]);
  });
});

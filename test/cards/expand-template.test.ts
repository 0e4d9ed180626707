/** Template expansion: nulls left by `$when` are dropped wherever they are, and nothing else changes. */
import fc from 'fast-check';
import { expandTemplate } from '../../cards/expand-template';

test('a property whose $when is false is dropped, at any depth', () => {
  const template = {
    type: 'AdaptiveCard',
    refresh: { $when: '${refresh != null}', userIds: '${refresh}' },
    body: [
      {
        type: 'Container',
        items: [
          {
            type: 'TextBlock',
            text: '${title}',
            selectAction: { $when: '${false}', type: 'Action.OpenUrl', url: 'https://example.org' },
          },
        ],
      },
    ],
  };
  expect(expandTemplate(template, { refresh: null, title: 'T' })).toEqual({
    type: 'AdaptiveCard',
    body: [{ type: 'Container', items: [{ type: 'TextBlock', text: 'T' }] }],
  });
  expect(expandTemplate(template, { refresh: ['a'], title: 'T' })).toMatchObject({ refresh: { userIds: ['a'] } });
});

test('null items and properties from the view model are dropped, everything else kept', () => {
  const template = { a: '${a}', list: '${list}', nested: { b: '${b}', c: 1 } };
  expect(expandTemplate(template, { a: null, list: [1, null, { x: null, y: 2 }, 3], b: 'kept' })).toEqual({
    list: [1, { y: 2 }, 3],
    nested: { b: 'kept', c: 1 },
  });
});

test('whatever the values, the expanded card holds no null and keeps every non-null value in order', () => {
  const json = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constant(null),
      fc.integer(),
      fc.string(),
      fc.boolean(),
      tie('array'),
      tie('object'),
    ),
    array: fc.array(tie('value'), { maxLength: 4 }),
    object: fc.dictionary(
      fc.string({ minLength: 1, maxLength: 3 }).filter((k) => !k.startsWith('$')),
      tie('value'),
      { maxKeys: 4 },
    ),
  }));
  const withoutNulls = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.filter((x) => x !== null).map(withoutNulls)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([, x]) => x !== null)
              .map(([k, x]) => [k, withoutNulls(x)]),
          )
        : v;
  fc.assert(
    fc.property(json.value, (value) => {
      const out = expandTemplate({ value: '${value}' }, { value });
      expect(JSON.stringify(out)).toBe(JSON.stringify(value === null ? {} : { value: withoutNulls(value) }));
    }),
  );
});

import fc from 'fast-check';
import { findRefs, isRef, normalizeRef, parseRefPrefix, refFromCommand, refKey } from '../../domain/reference';

describe('normalizeRef', () => {
  it.each([
    ['pcd1065', 'PCD 1065'],
    ['PCD-1065', 'PCD 1065'],
    ['PCD 1065', 'PCD 1065'],
    ['  pcd   1065 ', 'PCD 1065'],
    ['PCD_1065', 'PCD 1065'],
    ['MD2008', 'MD 2008'],
    ['md 2008', 'MD 2008'],
    ['DD2301', 'DD 2301'],
    ['Decision 44/2020', 'Decision 44/2020'],
    ['decision 44/2020', 'Decision 44/2020'],
  ])('%s → %s', (text, ref) => {
    expect(normalizeRef(text)).toBe(ref);
  });

  it('leaves text that is not a reference trimmed, with single spaces', () => {
    expect(normalizeRef('  not   a reference ')).toBe('not a reference');
  });

  it('is idempotent', () => {
    const ref = fc.tuple(
      fc.constantFrom('pcd', 'PCD', 'Md', 'dd', 'Decision'),
      fc.constantFrom('', ' ', '-', '  '),
      fc.integer({ min: 1, max: 99999 }),
    );
    fc.assert(
      fc.property(ref, ([prefix, sep, n]) => {
        const once = normalizeRef(`${prefix}${sep}${n}`);
        expect(normalizeRef(once)).toBe(once);
        expect(refKey(once)).toBe(refKey(`${prefix}${sep}${n}`));
      }),
    );
  });
});

describe('refFromCommand', () => {
  it.each([
    ['1065', 'PCD', 'PCD 1065'],
    [' 1065 ', 'PCD', 'PCD 1065'],
    ['3300', 'MD', 'MD 3300'],
    ['pcd1065', 'PCD', 'PCD 1065'],
    ['PCD-1065', 'PCD', 'PCD 1065'],
    ['PCD 1065.', 'PCD', 'PCD 1065'],
    ['"PCD 1065"', 'PCD', 'PCD 1065'],
    ['“pcd 1065”?', 'PCD', 'PCD 1065'],
    ['`PCD 1065`', 'PCD', 'PCD 1065'],
    ['MD2008', 'PCD', 'MD 2008'],
    ['Decision 44/2020', 'PCD', 'Decision 44/2020'],
    ['PCD 1065 please', 'PCD', 'PCD 1065 please'],
    ['', 'PCD', ''],
    ['  "" ', 'PCD', ''],
  ])('reads %j under the %s prefix as %j', (text, prefix, ref) => {
    expect(refFromCommand(text, prefix)).toBe(ref);
  });
});

describe('refKey', () => {
  it('compares references without case, spaces or dashes', () => {
    expect(refKey('PCD 1065')).toBe('pcd1065');
    expect(refKey('pcd-1065')).toBe(refKey('PCD1065'));
    expect(refKey('PCD 1065')).not.toBe(refKey('PCD 1066'));
  });
});

describe('isRef', () => {
  it('accepts reference shapes and refuses others', () => {
    expect(isRef('PCD 1065')).toBe(true);
    expect(isRef('XYZ 12')).toBe(true);
    expect(isRef('Decision 44/2020')).toBe(true);
    expect(isRef('PCD')).toBe(false);
    expect(isRef('1065')).toBe(false);
    expect(isRef('PCD 1065 extra')).toBe(false);
  });
});

describe('parseRefPrefix', () => {
  it.each([
    ["PCD 1065 | Women's wrap around service", 'PCD 1065', "| Women's wrap around service"],
    ['PCD1065 Criminal Justice System', 'PCD 1065', 'Criminal Justice System'],
    ['pcd-1065', 'PCD 1065', ''],
    ['MD2008 approve the grant', 'MD 2008', 'approve the grant'],
    ['DD 2301: budget', 'DD 2301', ': budget'],
    ['Decision 44/2020 renewal', 'Decision 44/2020', 'renewal'],
  ])('reads %j', (text, ref, rest) => {
    expect(parseRefPrefix(text)).toEqual({ ref, rest });
  });

  it('takes the longest reference: the year after a slash belongs to it', () => {
    expect(parseRefPrefix('Decision 44/2020')?.ref).toBe('Decision 44/2020');
  });

  it.each([
    'Criminal Justice System - 2022/23',
    'Budget 2023 plan',
    'COVID-19 recovery',
    'PCD1065abc',
    'PCD 1065/ x',
    '',
    'PCD',
  ])('finds no reference at the start of %j', (text) => {
    expect(parseRefPrefix(text)).toBeNull();
  });

  it("accepts the profile's own prefix in any case when given", () => {
    expect(parseRefPrefix('abc 12 title')).toBeNull();
    expect(parseRefPrefix('abc 12 title', ['ABC'])).toEqual({ ref: 'ABC 12', rest: 'title' });
  });
});

describe('findRefs', () => {
  it('finds the references a background paper cites and not dates or years', () => {
    expect(
      findRefs('PCD 849 was signed in October 2020, and approved funding in 2021/22 for all of the services.'),
    ).toEqual(['PCD 849']);
    expect(findRefs('See MD2008, DD 2301, pcd-948 and Decision 44/2020; also MD 2008 again; COVID-19.')).toEqual([
      'MD 2008',
      'DD 2301',
      'PCD 948',
      'Decision 44/2020',
    ]);
  });

  it('does not read a reference inside a word or a longer number', () => {
    expect(findRefs('XPCD 12 and PCD 12a and PCD12345678901')).toEqual([]);
  });
});

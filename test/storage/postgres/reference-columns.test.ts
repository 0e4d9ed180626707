import fc from 'fast-check';
import { refKey } from '../../../domain/reference';
import { prefixIsIndexable, referenceColumns } from '../../../storage/postgres/reference-columns';
import { referenceNumber } from '../../../storage/reference-number';

/** What the indexed columns answer for a prefix: the number when the stored prefix is the prefix's key. */
const fromColumns = (ref: string, prefix: string): number | null => {
  const columns = referenceColumns(ref);
  return columns.prefix === refKey(prefix) ? columns.number : null;
};

describe('referenceColumns', () => {
  it('splits references into the prefix key and the number', () => {
    expect(referenceColumns('PCD 1065')).toEqual({ prefix: 'pcd', number: 1065 });
    expect(referenceColumns('MD2008')).toEqual({ prefix: 'md', number: 2008 });
    expect(referenceColumns('Decision 44/2020')).toEqual({ prefix: 'decision44/', number: 2020 });
    expect(referenceColumns('1065')).toEqual({ prefix: null, number: null });
    expect(referenceColumns('PCD')).toEqual({ prefix: null, number: null });
  });

  it('indexes only prefixes without digits', () => {
    expect(prefixIsIndexable('PCD')).toBe(true);
    expect(prefixIsIndexable('Decision')).toBe(true);
    expect(prefixIsIndexable('DD2')).toBe(false);
    expect(prefixIsIndexable(' ')).toBe(false);
  });

  it('agrees with referenceNumber for every reference and every indexable prefix', () => {
    const letters = fc.string({
      unit: fc.constantFrom('a', 'B', 'c', 'D', ' ', '-', '_', '/', '.'),
      minLength: 1,
      maxLength: 6,
    });
    const digits = fc.string({ unit: fc.constantFrom('0', '1', '7', '9'), minLength: 0, maxLength: 18 });
    const ref = fc
      .tuple(letters, fc.constantFrom('', ' ', '-', '/', '  '), digits, fc.constantFrom('', ' ', 'x'))
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(ref, letters, (r, prefix) => {
        fc.pre(prefixIsIndexable(prefix));
        expect(fromColumns(r, prefix)).toBe(referenceNumber(r, prefix));
      }),
      { numRuns: 2000 },
    );
    // The same prefixes taken from the references themselves, so matches are common.
    fc.assert(
      fc.property(letters, fc.constantFrom('', ' ', '-'), digits, (prefix, sep, number) => {
        fc.pre(prefixIsIndexable(prefix));
        const r = `${prefix}${sep}${number}`;
        expect(fromColumns(r, prefix)).toBe(referenceNumber(r, prefix));
      }),
      { numRuns: 2000 },
    );
  });
});

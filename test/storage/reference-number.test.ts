import fc from 'fast-check';
import { referenceNumber } from '../../storage/reference-number';

describe('referenceNumber', () => {
  it('reads the number after the prefix in any spelling', () => {
    expect(referenceNumber('PCD 1065', 'PCD')).toBe(1065);
    expect(referenceNumber('pcd-1065', 'PCD')).toBe(1065);
    expect(referenceNumber('PCD1065', 'pcd')).toBe(1065);
    expect(referenceNumber('PCDX 1065', 'PCD')).toBeNull();
    expect(referenceNumber('MD 2008', 'PCD')).toBeNull();
    expect(referenceNumber('Decision 44/2020', 'Decision')).toBeNull();
    expect(referenceNumber('PCD 1', '')).toBeNull();
  });

  it('gives back n for "<prefix> n" and "<prefix>n"', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z]{1,6}$/), fc.nat({ max: 1e9 }), (prefix, n) => {
        expect(referenceNumber(`${prefix} ${n}`, prefix)).toBe(n);
        expect(referenceNumber(`${prefix.toLowerCase()}${n}`, prefix.toUpperCase())).toBe(n);
      }),
    );
  });
});

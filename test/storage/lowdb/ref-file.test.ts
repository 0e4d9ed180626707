import fc from 'fast-check';
import { refKey } from '../../../domain/reference';
import { refFileStem } from '../../../storage/lowdb/ref-file';

describe('refFileStem', () => {
  it('keeps plain keys as they are', () => {
    expect(refFileStem(refKey('PCD 1065'))).toBe('pcd1065');
    expect(refFileStem(refKey('Decision 44/2020'))).toBe('decision44%2F2020');
  });

  it('gives distinct keys distinct, safe file names that never start with a dot', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        const [sa, sb] = [refFileStem(a), refFileStem(b)];
        expect(sa).toMatch(/^[A-Za-z0-9_%-]*$/);
        expect(sa.startsWith('.')).toBe(false);
        expect(a === b).toBe(sa === sb);
      }),
    );
  });
});

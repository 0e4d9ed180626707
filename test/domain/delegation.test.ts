import fc from 'fast-check';
import { bandsHighestFirst, decisionMakerFor, delegationBandFor } from '../../domain/delegation';
import { governanceProfileSchema, type GovernanceProfile } from '../../domain/profile';
import { mopacProfile } from '../fixtures/profiles';

/**
 * The GLA's scheme: Mayor above £150,000, Executive Director above £50,000, Assistant Director above £10,000, a
 * manager from £0.
 */
const glaProfile: GovernanceProfile = governanceProfileSchema.parse({
  ...mopacProfile,
  id: 'gla',
  name: 'GLA',
  body: 'Greater London Authority',
  reference: { prefix: 'MD', firstNumber: 3000 },
  roles: [
    ...mopacProfile.roles,
    { key: 'mayor', name: 'Mayor of London' },
    { key: 'executive-director', name: 'Executive Director' },
    { key: 'assistant-director', name: 'Assistant Director' },
    { key: 'manager', name: 'Manager' },
  ],
  // Deliberately not in order: the bands are sorted by minimum.
  delegation: [
    { role: 'manager', minimum: 0, inclusive: true },
    { role: 'executive-director', minimum: 5_000_000, inclusive: false },
    { role: 'mayor', minimum: 15_000_000, inclusive: false },
    { role: 'assistant-director', minimum: 1_000_000, inclusive: false },
  ],
});

describe('decisionMakerFor', () => {
  it.each([
    [0, 'director-commissioning'],
    [49_999_999, 'director-commissioning'],
    [50_000_000, 'dmpc'],
    [374_000_000, 'dmpc'],
  ])('MOPAC: %i pence goes to %s', (total, role) => {
    expect(decisionMakerFor(total, mopacProfile)).toBe(role);
  });

  it.each([
    [0, 'manager'],
    [1_000_000, 'manager'],
    [1_000_001, 'assistant-director'],
    [5_000_000, 'assistant-director'],
    [5_000_001, 'executive-director'],
    [15_000_000, 'executive-director'],
    [15_000_001, 'mayor'],
  ])('GLA: %i pence goes to %s', (total, role) => {
    expect(decisionMakerFor(total, glaProfile)).toBe(role);
  });

  it('orders bands by minimum, highest first', () => {
    expect(bandsHighestFirst(glaProfile).map((b) => b.role)).toEqual([
      'mayor',
      'executive-director',
      'assistant-director',
      'manager',
    ]);
  });

  it('puts an exclusive band above an inclusive one at the same minimum', () => {
    const profile = governanceProfileSchema.parse({
      ...mopacProfile,
      delegation: [
        { role: 'director-commissioning', minimum: 0, inclusive: true },
        { role: 'director', minimum: 100, inclusive: true },
        { role: 'dmpc', minimum: 100, inclusive: false },
      ],
    });
    expect(decisionMakerFor(100, profile)).toBe('director');
    expect(decisionMakerFor(101, profile)).toBe('dmpc');
  });

  it('is monotone: a larger total never gets a band with a lower minimum', () => {
    const total = fc.integer({ min: 0, max: 100_000_000_000 });
    for (const profile of [mopacProfile, glaProfile]) {
      fc.assert(
        fc.property(total, total, (a, b) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          expect(delegationBandFor(high, profile).minimum).toBeGreaterThanOrEqual(
            delegationBandFor(low, profile).minimum,
          );
        }),
      );
    }
  });

  it('gives each total the highest band it reaches', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), (total) => {
        const band = delegationBandFor(total, glaProfile);
        const reached = glaProfile.delegation.filter((b) => (b.inclusive ? total >= b.minimum : total > b.minimum));
        expect(reached).toContainEqual(band);
        expect(Math.max(...reached.map((b) => b.minimum))).toBe(band.minimum);
      }),
    );
  });
});

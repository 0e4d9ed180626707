/**
 * The scheme of delegation: who decides, by the total commitment. Bands come from the governance
 * profile (MOPAC: the DMPC from £500,000 inclusive, otherwise the Director of Commissioning and
 * Partnerships; GLA: the Mayor above £150,000, and so on down to a manager from £0).
 */
import type { GovernanceProfile } from './profile';
import type { Pence } from './types';

export type DelegationBand = GovernanceProfile['delegation'][number];

/** True when the total reaches the band: at least its minimum if inclusive, above it otherwise. */
export const reachesBand = (total: Pence, band: DelegationBand): boolean =>
  band.inclusive ? total >= band.minimum : total > band.minimum;

/**
 * The profile's bands, highest first. At equal minima the exclusive band (total > minimum) is the
 * higher one, since it is harder to reach.
 */
export function bandsHighestFirst(profile: GovernanceProfile): DelegationBand[] {
  return [...profile.delegation].sort((a, b) => b.minimum - a.minimum || Number(a.inclusive) - Number(b.inclusive));
}

/**
 * The band a total falls in: the first band, highest first, that the total reaches. The profile
 * schema guarantees a band from £0 inclusive, so every non-negative total has one; a negative
 * total (never produced by the domain) falls in the lowest band.
 */
export function delegationBandFor(total: Pence, profile: GovernanceProfile): DelegationBand {
  const bands = bandsHighestFirst(profile);
  const lowest = bands[bands.length - 1];
  if (lowest === undefined) throw new Error(`Governance profile "${profile.id}" has no delegation bands`);
  return bands.find((band) => reachesBand(total, band)) ?? lowest;
}

/** The role key of the decision maker for a total commitment, e.g. "dmpc" for £500,000 under MOPAC. */
export function decisionMakerFor(total: Pence, profile: GovernanceProfile): string {
  return delegationBandFor(total, profile).role;
}

/**
 * Shared steps for the workflow tests: the seed's people with their roles, and PCD 1065 built
 * through the workflow to each stage of its sign-off.
 */
import { newDecision } from '../../domain/decision';
import type { Result } from '../../domain/errors';
import type { Actor, Change, Decision } from '../../domain/types';
import { addFundingLine, sign, submit, tick, updateDetails, type ActorInput } from '../../domain/workflow';
import { mopacProfile } from '../fixtures/profiles';
import { seedActors, seedDecision } from '../fixtures/seed-decision';

export const profile = mopacProfile;
export const people = seedActors;

/** Each seed actor holds the role of the same name. */
export const rolesOf = new Map<string, readonly string[]>([
  [people.draftingOfficer.aadObjectId, ['drafting-officer']],
  [people.finance.aadObjectId, ['finance']],
  [people.legal.aadObjectId, ['legal']],
  [people.equalities.aadObjectId, ['equalities']],
  [people.publicHealth.aadObjectId, ['public-health']],
  [people.commercial.aadObjectId, ['commercial']],
  [people.dataProtection.aadObjectId, ['data-protection']],
  [people.director.aadObjectId, ['director']],
  [people.chiefExecutive.aadObjectId, ['chief-executive']],
  [people.dmpc.aadObjectId, ['dmpc']],
]);

/** Who ticks each item of the MOPAC declaration. */
export const tickerOf: Readonly<Record<string, Actor>> = {
  finance: people.finance,
  legal: people.legal,
  equalities: people.equalities,
  'public-health': people.publicHealth,
  commercial: people.commercial,
  'data-protection': people.dataProtection,
  'drafting-officer': people.draftingOfficer,
  director: people.director,
};

export const outsider: Actor = { aadObjectId: '00000000-0000-4000-8000-000000000999', name: 'Pat Outsider' };

let minute = 0;
/** A fresh instant for each step, so updatedAt can be checked. */
export const later = (): string => new Date(Date.UTC(2021, 10, 16, 9, minute++)).toISOString();

export const as = (actor: Actor, now = later()): ActorInput => ({
  actor,
  actorRoles: rolesOf.get(actor.aadObjectId) ?? [],
  now,
});

export function must(result: Result<Change>): Change {
  if (!result.ok) throw result.error;
  return result.value;
}

export function refusal(result: Result<unknown>): { code: string; message: string } {
  if (result.ok) throw new Error('expected a refusal');
  return { code: result.error.code, message: result.error.message };
}

/** PCD 1065 as a complete draft: title, summary, recommendations, background papers and its four lines. */
export function draft(): Decision {
  const seed = seedDecision();
  let d = must(
    newDecision({ ref: 'PCD 1065', title: seed.title, profile, actor: people.draftingOfficer, now: later() }),
  ).decision;
  for (const line of seed.funding)
    d = must(addFundingLine(d, profile, { ...as(people.draftingOfficer), line })).decision;
  d = must(
    updateDetails(d, profile, {
      ...as(people.draftingOfficer),
      summary: seed.summary,
      recommendations: seed.recommendations,
      backgroundPapers: seed.backgroundPapers,
    }),
  ).decision;
  return d;
}

export const inReview = (): Decision => must(submit(draft(), profile, as(people.draftingOfficer))).decision;

/** Ticks the given items (all by default) as their role holders. */
export function ticked(d: Decision, items: readonly string[] = profile.declarations.map((i) => i.key)): Decision {
  let next = d;
  for (const item of items) next = must(tick(next, profile, { ...as(tickerOf[item] as Actor), item })).decision;
  return next;
}

export const awaitingChiefExecutive = (): Decision => ticked(inReview());

export const awaitingDecisionMaker = (): Decision =>
  must(sign(awaitingChiefExecutive(), profile, { ...as(people.chiefExecutive), key: 'chief-executive' })).decision;

export const approved = (): Decision =>
  must(sign(awaitingDecisionMaker(), profile, { ...as(people.dmpc), key: 'decision-maker', interest: '' })).decision;

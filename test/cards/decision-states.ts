/**
 * PCD 1065 in each state of the workflow, built by hand from the seed as plain Decision objects,
 * and the people holding its roles.
 */
import type { Decision, FundingLine } from '../../domain/types';
import type { RoleAssignment } from '../../storage/store';
import { seedActors, seedDecision } from '../fixtures/seed-decision';

const approved = seedDecision();
const allTicks = approved.ticks;
const pick = (...keys: string[]) =>
  Object.fromEntries(keys.map((k) => [k, allTicks[k]]).filter(([, t]) => t !== undefined));
const ceSignature = approved.signatures['chief-executive'];

export const states = {
  draft: seedDecision({
    status: 'draft',
    decisionMakerRole: null,
    ticks: {},
    signatures: {},
    submittedAt: null,
    approvedAt: null,
    version: 5,
  }),
  inReview: seedDecision({
    status: 'in_review',
    ticks: pick('legal', 'equalities', 'public-health'),
    signatures: {},
    approvedAt: null,
    version: 9,
  }),
  awaitingChiefExecutive: seedDecision({
    status: 'awaiting_chief_executive',
    signatures: {},
    approvedAt: null,
    version: 14,
  }),
  awaitingDecisionMaker: seedDecision({
    status: 'awaiting_decision_maker',
    signatures: ceSignature === undefined ? {} : { 'chief-executive': ceSignature },
    approvedAt: null,
    version: 15,
  }),
  approved,
  rejected: seedDecision({
    status: 'rejected',
    signatures: ceSignature === undefined ? {} : { 'chief-executive': ceSignature },
    approvedAt: null,
    rejection: {
      reason: 'The MoJ has not confirmed its share of the women’s service.',
      by: seedActors.dmpc,
      at: '2021-11-26T15:00:00.000Z',
    },
    version: 16,
  }),
  withdrawn: seedDecision({
    status: 'withdrawn',
    decisionMakerRole: null,
    ticks: {},
    signatures: {},
    submittedAt: null,
    approvedAt: null,
    withdrawal: {
      reason: 'Superseded by a combined decision.',
      by: seedActors.draftingOfficer,
      at: '2021-11-16T09:00:00.000Z',
    },
    version: 6,
  }),
} satisfies Record<string, Decision>;

export type StateName = keyof typeof states;

const roleOf: Record<keyof typeof seedActors, string> = {
  draftingOfficer: 'drafting-officer',
  finance: 'finance',
  legal: 'legal',
  equalities: 'equalities',
  publicHealth: 'public-health',
  commercial: 'commercial',
  dataProtection: 'data-protection',
  director: 'director',
  chiefExecutive: 'chief-executive',
  dmpc: 'dmpc',
};

/** One holder per role: the seed's people. */
export const holders: RoleAssignment[] = (Object.keys(roleOf) as (keyof typeof seedActors)[]).map((who) => ({
  role: roleOf[who],
  holder: seedActors[who],
  deputy: false,
  assignedBy: seedActors.director,
  assignedAt: '2021-10-01T09:00:00.000Z',
}));

/** The holders' Teams user ids (MRIs), by lower-cased AAD object id, as the bot learns them. */
export const mriOf = (who: keyof typeof seedActors): string => `29:1${roleOf[who]}`;
export const mris: ReadonlyMap<string, string> = new Map(
  (Object.keys(roleOf) as (keyof typeof seedActors)[]).map((who) => [
    seedActors[who].aadObjectId.toLowerCase(),
    mriOf(who),
  ]),
);

/** The view of one of the seed's people, with the role they hold. */
export const viewerOf = (who: keyof typeof seedActors) => ({
  aadObjectId: seedActors[who].aadObjectId,
  roles: [roleOf[who]],
});

/** A decision with `lines` funding lines over `years` financial years from 2022/23, every amount set. */
export function bigDecision(base: Decision, lines: number, years: number): Decision {
  const funding: FundingLine[] = Array.from({ length: lines }, (_, i) => ({
    id: `commissioned-service-number-${i + 1}`,
    service: `Commissioned service number ${i + 1} for London boroughs`,
    source: i % 2 === 0 ? 'Police Grant' : 'Core funding',
    allocations: Array.from({ length: years }, (_, y) => ({
      year: 2022 + y,
      amount: 123_456_789 + i * 1_000_000 + y * 10_000,
    })),
  }));
  return { ...base, funding };
}

/** `length` characters of prose, with the curly quotes and dashes that take 3 bytes each in UTF-8. */
export function prose(length: number, word = 'funding'): string {
  const words = Array.from({ length: Math.ceil(length / (word.length + 3)) }, (_, i) =>
    i % 4 === 0 ? `‘${word}’` : i % 4 === 2 ? `${word} –` : word,
  );
  return words.join(' ').slice(0, length);
}

/**
 * The largest decision card there can be: 40 funding lines over 10 years with the longest service
 * and source names, and every free text as long as the editor allows (the title, summary,
 * recommendations, background papers, reasons and declared interest), in the state of `base`.
 */
export function longestDecision(base: Decision): Decision {
  const big = bigDecision(base, 40, 10);
  const reason = prose(1000, 'reason');
  const signatures = Object.fromEntries(
    Object.entries(base.signatures).map(([key, s]) => [key, key === 'decision-maker' ? { ...s, interest: reason } : s]),
  );
  return {
    ...big,
    title: prose(200, 'title'),
    summary: prose(4000, 'summary'),
    recommendations: Array.from({ length: 20 }, (_, i) => `${i + 1} ${prose(998, 'recommend')}`.slice(0, 1000)),
    backgroundPapers: Array.from({ length: 20 }, (_, i) => `PCD ${900 + i} ${prose(490, 'paper')}`.slice(0, 500)),
    funding: big.funding.map((line, i) => ({
      ...line,
      service: `${i + 1} ${prose(117, 'service')}`.slice(0, 120),
      source: prose(80, 'source'),
    })),
    part1Deferral: { until: '2030-03-31', reason },
    rejection: base.rejection && { ...base.rejection, reason },
    withdrawal: base.withdrawal && { ...base.withdrawal, reason },
    renews: 'PCD 1000',
    signatures,
  };
}

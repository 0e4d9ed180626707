/**
 * A decision's summary: the index row that lists, registers, visibility, reminders, nudges and the
 * funding outlook run on, without the long texts (summary, recommendations, background papers,
 * statements) and without the audit trail. The stores keep one per decision beside the full
 * record (lowdb in memory and in its index file, PostgreSQL in a jsonb column), so a list of
 * 100,000 decisions does not read 100,000 full records. Derived from the decision alone, so it
 * can always be rebuilt from the record.
 */
import { DateTime } from 'luxon';
import { decisionTotal } from './decision';
import type {
  Actor,
  Closure,
  Decision,
  DecisionStatus,
  FundingLine,
  FundingOutcome,
  IsoDate,
  IsoInstant,
  Part1Deferral,
  Pence,
} from './types';

export interface DecisionSummary {
  readonly ref: string;
  readonly profileId: string;
  readonly title: string;
  readonly status: DecisionStatus;
  readonly version: number;
  readonly stageVersion?: number;
  /** Every allocation of every line (decisionTotal). */
  readonly total: Pence;
  readonly decisionMakerRole: string | null;
  readonly funding: readonly FundingLine[];
  readonly fundingOutcomes: readonly FundingOutcome[];
  /** Keys of the declaration items ticked, in code-unit order. */
  readonly ticked: readonly string[];
  /** Keys of the signatures made, in code-unit order. */
  readonly signed: readonly string[];
  /** How many recommendations it has (a draft needs one before it is submitted). */
  readonly recommendationCount: number;
  readonly rejection: Closure | null;
  readonly withdrawal: Closure | null;
  readonly part1Deferral: Part1Deferral | null;
  readonly hasPart2: boolean;
  readonly renews: string | null;
  readonly imported: boolean;
  readonly createdBy: Actor;
  readonly createdAt: IsoInstant;
  readonly updatedAt: IsoInstant;
  readonly submittedAt: IsoInstant | null;
  readonly approvedAt: IsoInstant | null;
  readonly waitingSince?: IsoInstant;
}

/** The summary of a decision: a pure projection of it, the same whichever store holds it. */
export function summarize(d: Decision): DecisionSummary {
  return {
    ref: d.ref,
    profileId: d.profileId,
    title: d.title,
    status: d.status,
    version: d.version,
    ...(d.stageVersion === undefined ? {} : { stageVersion: d.stageVersion }),
    total: decisionTotal(d),
    decisionMakerRole: d.decisionMakerRole,
    funding: d.funding,
    fundingOutcomes: d.fundingOutcomes,
    ticked: Object.keys(d.ticks).sort(),
    signed: Object.keys(d.signatures).sort(),
    recommendationCount: d.recommendations.length,
    rejection: d.rejection,
    withdrawal: d.withdrawal,
    part1Deferral: d.part1Deferral,
    hasPart2: d.hasPart2,
    renews: d.renews,
    imported: d.imported,
    createdBy: d.createdBy,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    submittedAt: d.submittedAt,
    approvedAt: d.approvedAt,
    ...(d.waitingSince === undefined ? {} : { waitingSince: d.waitingSince }),
  };
}

/** A full decision or its summary: what the list paths' pure functions accept. */
export type DecisionOrSummary = Decision | DecisionSummary;

/** The keys of the items ticked, from a decision or a summary. */
export const tickedKeys = (d: Pick<Decision, 'ticks'> | Pick<DecisionSummary, 'ticked'>): readonly string[] =>
  'ticked' in d ? d.ticked : Object.keys(d.ticks);

/** How many recommendations, from a decision or a summary. */
export const recommendationCount = (
  d: Pick<Decision, 'recommendations'> | Pick<DecisionSummary, 'recommendationCount'>,
): number => ('recommendationCount' in d ? d.recommendationCount : d.recommendations.length);

/** Its total commitment, from a decision (derived) or a summary (kept). */
export const totalOf = (d: Pick<Decision, 'funding'> | Pick<DecisionSummary, 'total'>): Pence =>
  'total' in d ? d.total : decisionTotal(d);

/** The financial years (start years) with money on any line. */
export function fundedYears(d: Pick<Decision, 'funding'>): number[] {
  const years = new Set<number>();
  for (const line of d.funding) for (const a of line.allocations) if (a.amount > 0) years.add(a.year);
  return [...years].sort((a, b) => a - b);
}

/** The calendar day of an instant in a time zone ("2021-11-26"). */
export const dayIn = (at: IsoInstant, timeZone: string): IsoDate =>
  DateTime.fromISO(at, { zone: 'utc' }).setZone(timeZone).toISODate() as IsoDate;

/**
 * Whether Part 1 is published on `today` (a day in `timeZone`): approved, and not deferred past
 * today (a deferral runs until its date or the approval day, whichever is later; an imported
 * deferral without a date is kept as 9999-12-31, so it never passes). The rule publicationState
 * (documents/export/publication.ts) explains in words, and the PostgreSQL store writes in SQL.
 */
export function part1PublishedBy(
  d: Pick<Decision, 'status' | 'approvedAt' | 'part1Deferral'>,
  today: IsoDate,
  timeZone: string,
): boolean {
  if (d.status !== 'approved' || d.approvedAt === null) return false;
  if (d.part1Deferral === null) return true;
  const approvedOn = dayIn(d.approvedAt, timeZone);
  const on = d.part1Deferral.until > approvedOn ? d.part1Deferral.until : approvedOn;
  return today >= on;
}

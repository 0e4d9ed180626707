/**
 * The decision record: creating one, its funding lines, and what is derived from them (totals per
 * line, per year and overall; the financial years funded; the references it cites). Totals are
 * always derived from the allocations, never stored.
 */
import { err, ErrorCode, ok, type Result } from './errors';
import { FIRST_YEAR, formatFinancialYear, LAST_YEAR } from './financial-year';
import { formatMoney, MAX_PENCE, sumPence } from './money';
import type { GovernanceProfile } from './profile';
import { findRefs, isRef, normalizeRef, refKey } from './reference';
import type { Actor, Allocation, Change, Decision, FundingLine, IsoInstant, Pence } from './types';

export { isRef, KNOWN_REF_PREFIXES, normalizeRef, parseRefPrefix, refKey } from './reference';

export const LIMITS = {
  title: 200,
  summary: 4000,
  recommendations: 20,
  recommendation: 1000,
  backgroundPapers: 20,
  backgroundPaper: 500,
  service: 120,
  source: 80,
  reason: 1000,
  interest: 1000,
} as const;

/** Collapses runs of white space and trims. */
export const tidy = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * The stable id of a funding line within a decision, from its service: lower case, apostrophes
 * dropped, every other run of non-letters/digits one '-': "Women's wrap around service" gives
 * "womens-wrap-around-service".
 */
export function lineId(service: string): string {
  return service
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** Checks a title: 1 to 200 characters once trimmed. Returns the tidied title. */
export function validateTitle(title: string): Result<string> {
  const t = tidy(title);
  if (t.length === 0)
    return err(
      ErrorCode.InvalidInput,
      'The title is empty: every decision needs one, e.g. "Criminal Justice System - 2022/23 Commissioning Decisions".',
    );
  if (t.length > LIMITS.title)
    return err(
      ErrorCode.InvalidInput,
      `The title is ${t.length} characters long; keep it to ${LIMITS.title} and put the detail in the summary.`,
    );
  return ok(t);
}

export interface NewDecisionInput {
  readonly ref: string;
  readonly title: string;
  readonly profile: GovernanceProfile;
  readonly actor: Actor;
  readonly now: IsoInstant;
  /** The decision this one renews or corrects (cited by it). */
  readonly renews?: string | null;
}

/** A new draft decision, version 1, with its `decision.created` event. */
export function newDecision(input: NewDecisionInput): Result<Change> {
  const ref = normalizeRef(input.ref);
  const example = `${input.profile.reference.prefix} ${input.profile.reference.firstNumber}`;
  if (!isRef(ref))
    return err(ErrorCode.InvalidInput, `"${ref}" is not a decision reference; write it like "${example}".`);
  const title = validateTitle(input.title);
  if (!title.ok) return title;
  const renews = input.renews ? normalizeRef(input.renews) : null;
  if (renews !== null && !isRef(renews))
    return err(ErrorCode.InvalidInput, `"${renews}" is not a decision reference; write it like "${example}".`);
  if (renews !== null && refKey(renews) === refKey(ref))
    return err(ErrorCode.InvalidInput, `${ref} cannot renew itself; name the earlier decision it renews.`);
  const decision: Decision = {
    ref,
    profileId: input.profile.id,
    title: title.value,
    summary: '',
    recommendations: [],
    backgroundPapers: [],
    part1Deferral: null,
    hasPart2: false,
    funding: [],
    status: 'draft',
    decisionMakerRole: null,
    ticks: {},
    signatures: {},
    rejection: null,
    withdrawal: null,
    fundingOutcomes: [],
    renews,
    imported: false,
    createdBy: input.actor,
    createdAt: input.now,
    updatedAt: input.now,
    submittedAt: null,
    approvedAt: null,
    version: 1,
    stageVersion: 1,
  };
  const details: Record<string, unknown> = { ref, title: decision.title, profileId: decision.profileId };
  if (renews !== null) details.renews = renews;
  return ok({
    decision,
    events: [{ type: 'decision.created', details }],
    notices: [`${ref} was created as a draft: ${decision.title}.`],
  });
}

export interface FundingLineInput {
  readonly service: string;
  readonly source: string;
  readonly allocations: readonly Allocation[];
}

/**
 * A validated funding line: service 1..120 characters, source 1..80, at least one allocation, no
 * year twice, every amount a whole number of pence above zero. Allocations come back sorted by year.
 */
export function makeFundingLine(input: FundingLineInput): Result<FundingLine> {
  const service = tidy(input.service);
  const source = tidy(input.source);
  if (service.length === 0)
    return err(
      ErrorCode.InvalidInput,
      'The funding line has no service name. Type it after the reference, e.g. "GPS Tagging".',
    );
  if (service.length > LIMITS.service)
    return err(
      ErrorCode.InvalidInput,
      `The service name is ${service.length} characters long; keep it to ${LIMITS.service}.`,
    );
  const id = lineId(service);
  if (id.length === 0)
    return err(ErrorCode.InvalidInput, `"${service}" has no letters or digits; name the service, e.g. "GPS Tagging".`);
  if (source.length === 0)
    return err(ErrorCode.InvalidInput, `${service} has no funding source. Add one at the end, e.g. "| Police Grant".`);
  if (source.length > LIMITS.source)
    return err(
      ErrorCode.InvalidInput,
      `The funding source is ${source.length} characters long; keep it to ${LIMITS.source}.`,
    );
  if (input.allocations.length === 0)
    return err(
      ErrorCode.InvalidInput,
      `${service} has no allocations. Give at least one year and amount, e.g. "2022/23 £470,000".`,
    );
  const seen = new Set<number>();
  for (const a of input.allocations) {
    if (!Number.isInteger(a.year) || a.year < FIRST_YEAR || a.year > LAST_YEAR)
      return err(
        ErrorCode.InvalidInput,
        `${String(a.year)} is not a financial year between ${formatFinancialYear(FIRST_YEAR)} and ${formatFinancialYear(LAST_YEAR)}.`,
      );
    const fy = formatFinancialYear(a.year);
    if (seen.has(a.year))
      return err(
        ErrorCode.InvalidInput,
        `${fy} appears twice for ${service}; give each year once with its full amount.`,
      );
    seen.add(a.year);
    if (!Number.isSafeInteger(a.amount))
      return err(ErrorCode.InvalidInput, `The ${fy} amount for ${service} must be a whole number of pence.`);
    if (a.amount <= 0) return err(ErrorCode.InvalidInput, `The ${fy} amount for ${service} must be more than £0.`);
    if (a.amount > MAX_PENCE)
      return err(ErrorCode.InvalidInput, `The ${fy} amount for ${service} is more than ${formatMoney(MAX_PENCE)}.`);
  }
  const allocations = [...input.allocations]
    .map((a) => ({ year: a.year, amount: a.amount }))
    .sort((a, b) => a.year - b.year);
  return ok({ id, service, source, allocations });
}

/** A line's total over all its years. */
export const lineTotal = (line: FundingLine): Pence => sumPence(line.allocations.map((a) => a.amount));

/** The financial years (start years) the decision funds, ascending. */
export function fundingYears(decision: Decision): number[] {
  const years = new Set<number>();
  for (const line of decision.funding) for (const a of line.allocations) years.add(a.year);
  return [...years].sort((a, b) => a - b);
}

/** The total of all lines in each funded year, ascending by year. */
export function yearTotals(decision: Decision): { year: number; amount: Pence }[] {
  return fundingYears(decision).map((year) => ({
    year,
    amount: sumPence(
      decision.funding.flatMap((line) => line.allocations.filter((a) => a.year === year).map((a) => a.amount)),
    ),
  }));
}

/** The decision's total commitment: every allocation of every line. */
export const decisionTotal = (decision: Pick<Decision, 'funding'>): Pence => sumPence(decision.funding.map(lineTotal));

/** The prefix of a reference ("PCD" of "PCD 1065"), or null. */
const refPrefix = (ref: string): string | null => /^\p{L}+/u.exec(ref)?.[0] ?? null;

/**
 * References the decision cites, in order, without repeats or itself: the decision it renews,
 * those in its background papers ("PCD 849 was signed in October 2020 …"), and, for an imported
 * decision, those its document's text cites elsewhere ("follows MD2841"). References with the
 * decision's own prefix count as well as the well-known ones (PCD, MD, DD, …).
 */
export function citedRefs(decision: Decision): string[] {
  const own = refPrefix(decision.ref);
  const prefixes = own === null ? [] : [own];
  const found: string[] = decision.renews === null ? [] : [normalizeRef(decision.renews)];
  const add = (ref: string) => {
    if (!found.some((f) => refKey(f) === refKey(ref))) found.push(ref);
  };
  for (const text of decision.backgroundPapers) findRefs(text, prefixes).forEach(add);
  (decision.documentCites ?? []).map(normalizeRef).forEach(add);
  return found.filter((ref) => refKey(ref) !== refKey(decision.ref));
}

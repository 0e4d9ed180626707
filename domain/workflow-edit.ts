/**
 * Editing a decision before it is approved: its funding lines and its details, by its drafter,
 * a holder of a drafting role or an admin (authority.ts). Changes of substance, or of what gets
 * published, to a decision under review reset the sign-off they affect (workflow-substance.ts).
 */
import { DateTime } from 'luxon';
import { decisionTotal, LIMITS, lineId, lineTotal, makeFundingLine, tidy, validateTitle } from './decision';
import { err, ErrorCode, ok, type Result } from './errors';
import { formatFinancialYear } from './financial-year';
import { formatMoney } from './money';
import type { GovernanceProfile } from './profile';
import type { Change, Decision, FundingLine, Part1Deferral } from './types';
import { closedRefusal, isPending, joinAnd, noChange, notAllowed, trimText, type ActorInput } from './workflow-common';
import { applyEdit } from './workflow-substance';

/** More lines than this would not fit on one card. */
export const MAX_FUNDING_LINES = 40;

const describeLine = (line: FundingLine): string =>
  `${line.allocations.map((a) => `${formatMoney(a.amount)} in ${formatFinancialYear(a.year)}`).join(', ')} from ${line.source}`;

const sameLine = (a: FundingLine, b: FundingLine): boolean => JSON.stringify(a) === JSON.stringify(b);

export interface AddFundingLineInput extends ActorInput {
  readonly line: FundingLine;
}

/** Adds a funding line, or replaces the line with the same id (same service); the notice says which. */
export function addFundingLine(d: Decision, p: GovernanceProfile, input: AddFundingLineInput): Result<Change> {
  const refused = notAllowed(d, p, input, 'fund');
  if (refused) return refused;
  const closed = closedRefusal(d);
  if (closed) return closed;
  const made = makeFundingLine(input.line);
  if (!made.ok) return made;
  const line = made.value;
  const index = d.funding.findIndex((l) => l.id === line.id);
  const previous = d.funding[index];
  if (previous !== undefined && sameLine(previous, line))
    return ok(noChange(d, `${line.service} is already in ${d.ref} with those amounts; nothing changed.`));
  if (previous === undefined && d.funding.length >= MAX_FUNDING_LINES)
    return err(
      ErrorCode.InvalidInput,
      `${d.ref} already has ${MAX_FUNDING_LINES} funding lines, as many as its card can show; combine some lines or split the decision.`,
    );
  const funding = previous === undefined ? [...d.funding, line] : d.funding.map((l, i) => (i === index ? line : l));
  const total = formatMoney(decisionTotal({ ...d, funding }));
  const notice =
    previous === undefined
      ? `${line.service} was added to ${d.ref}: ${describeLine(line)}. ${d.ref} now totals ${total}.`
      : `${line.service} was replaced in ${d.ref}: it was ${describeLine(previous)}, now ${describeLine(line)}. ${d.ref} now totals ${total}.`;
  const events =
    previous === undefined
      ? [{ type: 'funding.line_added', details: { line, lineTotal: lineTotal(line) } }]
      : [{ type: 'funding.line_replaced', details: { line, previous, lineTotal: lineTotal(line) } }];
  return ok(applyEdit(d, p, { fields: ['funding'], patch: { funding }, events, notices: [notice], now: input.now }));
}

export interface RemoveFundingLineInput extends ActorInput {
  /** The line's id, or its service name. */
  readonly lineId: string;
}

/** Removes a funding line. A submitted decision keeps at least one. */
export function removeFundingLine(d: Decision, p: GovernanceProfile, input: RemoveFundingLineInput): Result<Change> {
  const refused = notAllowed(d, p, input, 'fund');
  if (refused) return refused;
  const closed = closedRefusal(d);
  if (closed) return closed;
  const id = lineId(input.lineId);
  const line = d.funding.find((l) => l.id === input.lineId || l.id === id);
  if (line === undefined) {
    const lines =
      d.funding.length === 0 ? 'it has none yet' : `its lines are ${joinAnd(d.funding.map((l) => l.service))}`;
    return err(ErrorCode.InvalidInput, `${d.ref} has no funding line "${input.lineId}"; ${lines}.`, {
      lineId: input.lineId,
    });
  }
  if (isPending(d) && d.funding.length === 1)
    return err(
      ErrorCode.Incomplete,
      `${line.service} is the only funding line of ${d.ref}, which is under review; add the line that replaces it first.`,
    );
  const funding = d.funding.filter((l) => l !== line);
  const notice = `${line.service} was removed from ${d.ref}, which now totals ${formatMoney(decisionTotal({ ...d, funding }))}.`;
  const events = [{ type: 'funding.line_removed', details: { line } }];
  return ok(applyEdit(d, p, { fields: ['funding'], patch: { funding }, events, notices: [notice], now: input.now }));
}

export interface UpdateDetailsInput extends ActorInput {
  readonly title?: string;
  readonly summary?: string;
  readonly recommendations?: readonly string[];
  readonly backgroundPapers?: readonly string[];
  readonly part1Deferral?: Part1Deferral | null;
  readonly hasPart2?: boolean;
}

const detailWords: Readonly<Record<string, string>> = {
  title: 'title',
  summary: 'summary',
  recommendations: 'recommendations',
  backgroundPapers: 'background papers',
  part1Deferral: 'Part 1 deferral',
  hasPart2: 'Part 2 flag',
};

/** A list of one-line entries: each tidied, blank ones dropped, within the count and length limits. */
function cleanList(items: readonly string[], what: string, maxItems: number, maxLength: number): Result<string[]> {
  const list = items.map(tidy).filter((s) => s.length > 0);
  if (list.length > maxItems)
    return err(ErrorCode.InvalidInput, `There are ${list.length} ${what}; a decision may have at most ${maxItems}.`);
  const long = list.findIndex((s) => s.length > maxLength);
  if (long >= 0)
    return err(
      ErrorCode.InvalidInput,
      `${what.charAt(0).toUpperCase()}${what.slice(1, -1)} ${long + 1} is ${list[long]?.length} characters long; keep each to ${maxLength}.`,
    );
  return ok(list);
}

/** A deferral needs a real date after today (a date already on the decision may stay) and a reason. */
function cleanDeferral(
  deferral: Part1Deferral | null,
  current: Part1Deferral | null,
  p: GovernanceProfile,
  now: string,
): Result<Part1Deferral | null> {
  if (deferral === null) return ok(null);
  const until = DateTime.fromISO(deferral.until, { zone: p.timeZone });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(deferral.until) || !until.isValid)
    return err(
      ErrorCode.InvalidInput,
      `"${deferral.until}" is not a date; give the date Part 1 may be published as YYYY-MM-DD, e.g. 2023-03-31.`,
    );
  const today = DateTime.fromISO(now, { zone: p.timeZone }).toISODate() ?? '';
  if (deferral.until <= today && deferral.until !== current?.until)
    return err(ErrorCode.InvalidInput, `Part 1 can only be deferred until a date after today (${today}).`);
  const reason = tidy(deferral.reason);
  if (reason.length === 0)
    return err(ErrorCode.InvalidInput, 'Say why publication of Part 1 is deferred: a deferral needs a reason.');
  if (reason.length > LIMITS.reason)
    return err(
      ErrorCode.InvalidInput,
      `The deferral reason is ${reason.length} characters long; keep it to ${LIMITS.reason}.`,
    );
  return ok({ until: deferral.until, reason });
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Updates the details given; only fields whose value changes count, and only substance resets sign-off. */
export function updateDetails(d: Decision, p: GovernanceProfile, input: UpdateDetailsInput): Result<Change> {
  const refused = notAllowed(d, p, input, 'edit');
  if (refused) return refused;
  const closed = closedRefusal(d);
  if (closed) return closed;
  const patch: { -readonly [K in keyof Decision]?: Decision[K] } = {};
  if (input.title !== undefined) {
    const title = validateTitle(input.title);
    if (!title.ok) return title;
    if (title.value !== d.title) patch.title = title.value;
  }
  if (input.summary !== undefined) {
    const summary = trimText(input.summary);
    if (summary.length > LIMITS.summary)
      return err(
        ErrorCode.InvalidInput,
        `The summary is ${summary.length} characters long; keep it to ${LIMITS.summary}.`,
      );
    if (summary !== d.summary) patch.summary = summary;
  }
  if (input.recommendations !== undefined) {
    const list = cleanList(input.recommendations, 'recommendations', LIMITS.recommendations, LIMITS.recommendation);
    if (!list.ok) return list;
    if (isPending(d) && list.value.length === 0)
      return err(ErrorCode.Incomplete, `${d.ref} is under review and needs at least one recommendation.`);
    if (!sameJson(list.value, d.recommendations)) patch.recommendations = list.value;
  }
  if (input.backgroundPapers !== undefined) {
    const list = cleanList(
      input.backgroundPapers,
      'background papers',
      LIMITS.backgroundPapers,
      LIMITS.backgroundPaper,
    );
    if (!list.ok) return list;
    if (!sameJson(list.value, d.backgroundPapers)) patch.backgroundPapers = list.value;
  }
  if (input.part1Deferral !== undefined) {
    const deferral = cleanDeferral(input.part1Deferral, d.part1Deferral, p, input.now);
    if (!deferral.ok) return deferral;
    if (!sameJson(deferral.value, d.part1Deferral)) patch.part1Deferral = deferral.value;
  }
  if (input.hasPart2 !== undefined && input.hasPart2 !== d.hasPart2) patch.hasPart2 = input.hasPart2;

  const fields = Object.keys(patch);
  if (fields.length === 0) return ok(noChange(d, `${d.ref} already says that; nothing changed.`));
  const notice = `Updated the ${joinAnd(fields.map((f) => detailWords[f] ?? f))} of ${d.ref}.`;
  const events = [{ type: 'decision.updated', details: { changed: fields, ...patch } }];
  return ok(applyEdit(d, p, { fields, patch, events, notices: [notice], now: input.now }));
}

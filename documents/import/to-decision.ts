/**
 * An imported document as a Decision: a draft with what was read, or, for a document signed by
 * its decision maker and imported as historic, an approved decision whose ticks and signatures
 * carry the document's dates and say they came from it. Pure: the actor and clock come in.
 */
import { DateTime } from 'luxon';
import { LIMITS, lineId, makeFundingLine, normalizeRef, validateTitle } from '../../domain/decision';
import { decisionMakerFor } from '../../domain/delegation';
import { DomainError, ErrorCode } from '../../domain/errors';
import { formatFinancialYear } from '../../domain/financial-year';
import { sumPence } from '../../domain/money';
import { roleName, type GovernanceProfile } from '../../domain/profile';
import type {
  Actor,
  Allocation,
  Decision,
  FundingLine,
  IsoDate,
  IsoInstant,
  Signature,
  Tick,
} from '../../domain/types';
import { mismatchMessages } from './check-totals';
import type { ParsedDecision, ParsedFundingLine } from './parse-decision';

/** Part 1 stays unpublished until someone sets the date when a document defers it without a readable one. */
export const UNKNOWN_DEFERRAL_DATE: IsoDate = '9999-12-31';

/** Stands in for the people who ticked and signed on paper: nobody in Teams holds this id. */
export const IMPORTED_ID = 'imported-document';

/** The source given to a line whose table had no Funding Source column. */
export const SOURCE_NOT_STATED = 'Not stated';

export interface ImportOptions {
  readonly actor: Actor;
  readonly now: IsoInstant;
  /** Record a signed document as approved (historic) rather than as a draft. */
  readonly asApproved: boolean;
}

/** The start of a document's calendar date in the profile's zone, as a UTC instant. */
export function dayStart(date: IsoDate, profile: GovernanceProfile): IsoInstant {
  const day = DateTime.fromISO(date, { zone: profile.timeZone }).startOf('day');
  if (!day.isValid) throw new DomainError(ErrorCode.InvalidInput, `"${date}" is not a date.`);
  return day.toUTC().toISO() as IsoInstant;
}

/** Lines with the same service (the same line id) become one; a year given twice is added up and flagged. */
function fundingLines(parsed: readonly ParsedFundingLine[], flags: string[]): FundingLine[] {
  const byId = new Map<string, { service: string; source: string; allocations: Map<number, number> }>();
  for (const line of parsed) {
    const id = lineId(line.service);
    const entry = byId.get(id) ?? {
      service: line.service,
      source: line.source,
      allocations: new Map<number, number>(),
    };
    byId.set(id, entry);
    if (entry.source === '') entry.source = line.source;
    for (const a of line.allocations) {
      const before = entry.allocations.get(a.year);
      if (before !== undefined)
        flags.push(
          `Funding: ${line.service} appears twice for ${formatFinancialYear(a.year)}; the amounts were added up.`,
        );
      entry.allocations.set(a.year, sumPence([before ?? 0, a.amount]));
    }
  }
  const lines: FundingLine[] = [];
  for (const entry of byId.values()) {
    if (entry.source === '')
      flags.push(
        `Funding: ${entry.service} has no funding source in the document; recorded as "${SOURCE_NOT_STATED}".`,
      );
    const allocations: Allocation[] = [...entry.allocations].map(([year, amount]) => ({ year, amount }));
    const made = makeFundingLine({ service: entry.service, source: entry.source || SOURCE_NOT_STATED, allocations });
    if (!made.ok)
      throw new DomainError(
        ErrorCode.InvalidInput,
        `Funding line "${entry.service}" cannot be imported: ${made.error.message}`,
      );
    lines.push(made.value);
  }
  return lines;
}

function historicRecord(parsed: ParsedDecision, profile: GovernanceProfile, total: number, flags: string[]) {
  const dated = (key: string) => parsed.signatures.find((s) => s.key === key)?.date ?? null;
  const makerDate = dated('decision-maker') as IsoDate;
  const chiefDate = dated('chief-executive');
  const makerRole = decisionMakerFor(total, profile);
  const signatures: Record<string, Signature> = {};
  for (const spec of profile.signatures) {
    const date = dated(spec.key);
    if (date === null) {
      flags.push(
        `Signatures: the document has no ${spec.title} signature date; the decision is recorded as approved without it.`,
      );
      continue;
    }
    const role = spec.key === 'decision-maker' ? makerRole : (spec.role ?? makerRole);
    const signature: Signature = {
      key: spec.key,
      role,
      by: { aadObjectId: IMPORTED_ID, name: `${roleName(profile, role)} (signed on the imported document)` },
      at: dayStart(date, profile),
      statement: spec.statement,
    };
    signatures[spec.key] = spec.key === 'decision-maker' ? { ...signature, interest: 'None' } : signature;
  }
  // The declaration was complete before the Chief Executive signed; the document dates only the signatures.
  const tickedAt = dayStart(chiefDate ?? makerDate, profile);
  const ticks: Record<string, Tick> = {};
  for (const item of profile.declarations) {
    ticks[item.key] = {
      item: item.key,
      by: { aadObjectId: IMPORTED_ID, name: `${item.title} (ticked on the imported document)` },
      at: tickedAt,
    };
  }
  return { signatures, ticks, makerRole, approvedAt: dayStart(makerDate, profile) };
}

/** Parts longer than the editor allows are kept whole (the document is the record) but flagged. */
function limitFlags(parsed: ParsedDecision): string[] {
  const flags: string[] = [];
  const over = (what: string, length: number, limit: number) =>
    flags.push(`${what} is ${length} characters long, more than the ${limit} the editor allows; it was kept whole.`);
  if (parsed.summary.length > LIMITS.summary) over('The executive summary', parsed.summary.length, LIMITS.summary);
  if (parsed.recommendations.length > LIMITS.recommendations)
    flags.push(
      `There are ${parsed.recommendations.length} recommendations, more than the ${LIMITS.recommendations} the editor allows; all were kept.`,
    );
  parsed.recommendations.forEach(
    (r, i) => r.length > LIMITS.recommendation && over(`Recommendation ${i + 1}`, r.length, LIMITS.recommendation),
  );
  if (parsed.backgroundPapers.length > LIMITS.backgroundPapers)
    flags.push(
      `There are ${parsed.backgroundPapers.length} background papers, more than the ${LIMITS.backgroundPapers} the editor allows; all were kept.`,
    );
  parsed.backgroundPapers.forEach(
    (p, i) => p.length > LIMITS.backgroundPaper && over(`Background paper ${i + 1}`, p.length, LIMITS.backgroundPaper),
  );
  return flags;
}

/**
 * The Decision an import creates, and the flags to show with it (what could not be read, totals
 * that do not add up, anything assumed). Throws INVALID_INPUT when there is no reference or title:
 * nothing is half-imported.
 */
export function importedDecision(
  parsed: ParsedDecision,
  profile: GovernanceProfile,
  options: ImportOptions,
): { decision: Decision; flags: string[] } {
  if (parsed.ref === null)
    throw new DomainError(
      ErrorCode.InvalidInput,
      'The document has no decision reference (such as "DMPC Decision – PCD 1065"), so it cannot be imported.',
    );
  if (parsed.title === null)
    throw new DomainError(ErrorCode.InvalidInput, `${parsed.ref} has no "Title:" line, so it cannot be imported.`);
  const title = validateTitle(parsed.title);
  if (!title.ok) throw title.error;
  const flags = [...parsed.unread, ...mismatchMessages(parsed.totalsCheck), ...limitFlags(parsed)];
  const funding = fundingLines(parsed.funding, flags);
  const total = sumPence(funding.flatMap((l) => l.allocations.map((a) => a.amount)));
  const deferral = parsed.part1Deferral && {
    until: parsed.part1Deferral.until ?? UNKNOWN_DEFERRAL_DATE,
    reason: parsed.part1Deferral.reason,
  };
  const historic = options.asApproved && parsed.approved;
  if (options.asApproved && !parsed.approved)
    flags.push(
      "Status: the document has no dated decision maker's signature, so it was imported as a draft, not as approved.",
    );
  const record = historic ? historicRecord(parsed, profile, total, flags) : null;
  const decision: Decision = {
    ref: normalizeRef(parsed.ref),
    profileId: profile.id,
    title: title.value,
    summary: parsed.summary,
    recommendations: [...parsed.recommendations],
    backgroundPapers: [...parsed.backgroundPapers],
    part1Deferral: deferral,
    hasPart2: parsed.hasPart2,
    funding,
    status: record ? 'approved' : 'draft',
    decisionMakerRole: record ? record.makerRole : null,
    ticks: record ? record.ticks : {},
    signatures: record ? record.signatures : {},
    rejection: null,
    withdrawal: null,
    fundingOutcomes: [],
    renews: null,
    imported: true,
    documentCites: [...parsed.citedRefs],
    createdBy: options.actor,
    createdAt: options.now,
    updatedAt: options.now,
    submittedAt: null,
    approvedAt: record ? record.approvedAt : null,
    version: 1,
    stageVersion: 1,
  };
  return { decision, flags };
}

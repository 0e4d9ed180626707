/**
 * "Import as approved" after the fact: an imported draft that nobody has changed since, whose
 * document was signed and dated by its decision maker, recorded as approved (historic) with the
 * document's signature dates, exactly as `import approved` would have recorded it. Pure.
 */
import { err, ErrorCode, ok, type Result } from '../../domain/errors';
import type { GovernanceProfile } from '../../domain/profile';
import type { Change, Decision, IsoInstant } from '../../domain/types';
import type { ParsedDecision, ParsedSignature } from './parse-decision';
import { importedDecision } from './to-decision';

export const RECORDED_AS_APPROVED_EVENT = 'decision.imported-as-approved';

/** The document's signatures as the import event recorded them; malformed entries are dropped. */
export function signaturesOf(details: Readonly<Record<string, unknown>>): ParsedSignature[] {
  const list = Array.isArray(details.signatures) ? (details.signatures as unknown[]) : [];
  return list.flatMap((s) => {
    const { key, date } = (s ?? {}) as { key?: unknown; date?: unknown };
    const known = key === 'chief-executive' || key === 'decision-maker';
    return known && typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) ? [{ key, date }] : [];
  });
}

export function recordImportedAsApproved(
  draft: Decision,
  signatures: readonly ParsedSignature[],
  profile: GovernanceProfile,
  now: IsoInstant,
): Result<Change> {
  if (!draft.imported)
    return err(ErrorCode.InvalidInput, `${draft.ref} was drafted here, not imported; it is approved by signing it.`);
  if (draft.status !== 'draft')
    return err(
      ErrorCode.WrongState,
      `${draft.ref} is no longer a draft, so it cannot be recorded as approved from its document.`,
    );
  if (draft.version !== 1)
    return err(
      ErrorCode.WrongState,
      `${draft.ref} has changed since it was imported, so it is no longer the document's record; it can only be approved by signing it.`,
    );
  if (!signatures.some((s) => s.key === 'decision-maker'))
    return err(
      ErrorCode.InvalidInput,
      `The document of ${draft.ref} has no dated decision maker's signature, so it cannot be recorded as approved.`,
    );
  const parsed: ParsedDecision = {
    ref: draft.ref,
    title: draft.title,
    summary: draft.summary,
    recommendations: [...draft.recommendations],
    backgroundPapers: [...draft.backgroundPapers],
    citedRefs: [...(draft.documentCites ?? [])],
    funding: draft.funding.map((l) => ({ service: l.service, source: l.source, allocations: l.allocations })),
    part1Deferral: draft.part1Deferral,
    hasPart2: draft.hasPart2,
    signatures: [...signatures],
    statedTotals: [],
    totalsCheck: [],
    approved: true,
    unread: [],
  };
  const { decision, flags } = importedDecision(parsed, profile, {
    actor: draft.createdBy,
    now: draft.createdAt,
    asApproved: true,
  });
  const version = draft.version + 1;
  const approved: Decision = { ...decision, version, stageVersion: version, updatedAt: now };
  const details = {
    imported: true,
    approvedAt: approved.approvedAt,
    decisionMakerRole: approved.decisionMakerRole,
    signatures: signatures.map((s) => ({ key: s.key, date: s.date })),
  };
  return ok({
    decision: approved,
    events: [{ type: RECORDED_AS_APPROVED_EVENT, details }],
    notices: [`${draft.ref} is recorded as approved (historic), as signed on its document.`, ...flags],
  });
}

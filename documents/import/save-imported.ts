/**
 * Importing one document into the register: read it, make the Decision, and create it in the
 * store with one `decision.imported` audit event that records where it came from, what the
 * document's signatures said and what could not be read. One store write: either the whole
 * decision is there, or nothing is (a document without a reference or title, or with a
 * reference already in the register, is refused before anything is written).
 */
import { DomainError, ErrorCode } from '../../domain/errors';
import { decisionTotal } from '../../domain/decision';
import type { GovernanceProfile } from '../../domain/profile';
import type { Actor, IsoInstant } from '../../domain/types';
import type { StoredDecision, Store } from '../../storage/store';
import { parseDecisionDocument, type ParsedDecision } from './parse-decision';
import { importedDecision } from './to-decision';

export const IMPORTED_EVENT = 'decision.imported';

export interface ImportRequest {
  /** The document's text, as readDocumentFile or readPastedText gave it. */
  readonly text: string;
  /** Where it came from, for the audit trail: `"PCD-1065.docx"` or "pasted text". */
  readonly source: string;
  /** Record a signed document as approved (historic) rather than as a draft. */
  readonly asApproved: boolean;
  readonly actor: Actor;
  readonly now: IsoInstant;
  readonly conversationId?: string;
}

export interface ImportOutcome {
  readonly stored: StoredDecision;
  readonly parsed: ParsedDecision;
  /** What could not be read, totals that do not add up, anything assumed. Empty when all was read. */
  readonly flags: readonly string[];
}

export async function saveImportedDocument(
  store: Store,
  profile: GovernanceProfile,
  request: ImportRequest,
): Promise<ImportOutcome> {
  const parsed = parseDecisionDocument(request.text, profile);
  const { decision, flags } = importedDecision(parsed, profile, {
    actor: request.actor,
    now: request.now,
    asApproved: request.asApproved,
  });
  const details = {
    ref: decision.ref,
    title: decision.title,
    profileId: decision.profileId,
    source: request.source,
    status: decision.status,
    total: decisionTotal(decision),
    documentSigned: parsed.approved,
    signatures: parsed.signatures.map((s) => ({ key: s.key, date: s.date })),
    totals: parsed.totalsCheck.map((t) => ({
      stated: t.stated,
      computed: t.computed,
      matches: t.matches,
      label: t.label,
    })),
    flags,
  };
  try {
    const stored = await store.createDecision(decision, [{ type: IMPORTED_EVENT, details }], {
      actor: request.actor,
      at: request.now,
      ...(request.conversationId === undefined ? {} : { conversationId: request.conversationId }),
    });
    return { stored, parsed, flags };
  } catch (e) {
    if (e instanceof DomainError && e.code === ErrorCode.DuplicateRef) {
      throw new DomainError(
        ErrorCode.DuplicateRef,
        `${decision.ref} is already in the register, so ${request.source} was not imported. Type \`show ${decision.ref}\` to see it; to import the document as a new record, give it another reference.`,
      );
    }
    throw e;
  }
}

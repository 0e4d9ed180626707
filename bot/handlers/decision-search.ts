/**
 * Decisions in the compose box (the message extension's search command): what a person typing a
 * reference or words finds, and the decision they pick to insert. What they find follows the
 * register's rules (visibleTo): drafts and unpublished decisions only for those who may see them.
 */
import { viewerScope, whoSeesUnpublished } from '../../domain/authority';
import { todayIn } from '../../domain/clock';
import { DomainError, ErrorCode } from '../../domain/errors';
import { refFromCommand } from '../../domain/reference';
import { bandsHighestFirst } from '../../domain/delegation';
import { summarize, type DecisionSummary } from '../../domain/decision-summary';
import type { Decision } from '../../domain/types';
import { visibleTo } from '../../documents/export/publication';
import { scopeOn } from '../../storage/summary-query';
import type { Turn } from '../bot-context';

/** At most this many results are listed at once; Teams asks for more with `skip`. */
export const MAX_RESULTS = 25;
/** Longest search text read; the compose box allows more, the register's search the same. */
const MAX_TEXT = 100;

export interface SearchPage {
  readonly decisions: readonly DecisionSummary[];
  /** What the person searched for, trimmed; empty for the first, unprompted list. */
  readonly text: string;
}

/**
 * Decisions matching `text` in their reference or title, most recently changed first; a
 * reference typed in any form ("pcd1065", "PCD-1065", "1065") gives that decision alone. Empty
 * text lists the most recently changed. `skip` and `count` page through them as Teams asks; the
 * store filters, sorts and pages (its summaries, never the full records).
 */
export async function searchDecisions(turn: Turn, text: string, skip: number, count: number): Promise<SearchPage> {
  const { profile, store, clock } = turn.deps;
  const wanted = text.trim().slice(0, MAX_TEXT);
  const scope = scopeOn(viewerScope(profile, turn.actor), todayIn(clock, profile.timeZone), profile.timeZone);
  const first = Math.max(0, Math.floor(skip) || 0);
  const size = Math.min(Math.max(1, Math.floor(count) || MAX_RESULTS), MAX_RESULTS);
  const exact = await exactMatch(turn, wanted);
  if (exact) return { text: wanted, decisions: first === 0 ? [exact] : [] };
  const page = await store.querySummaries({
    scope,
    bands: bandsHighestFirst(profile),
    ...(wanted === '' ? {} : { text: wanted }),
    sort: 'updated',
    descending: true,
    limit: size,
    offset: first,
  });
  return { text: wanted, decisions: page.rows };
}

/** The decision a reference names, when the text is one and the person may see it. */
async function exactMatch(turn: Turn, text: string): Promise<DecisionSummary | null> {
  const { profile } = turn.deps;
  const ref = text === '' || !/\d/.test(text) ? null : refFromCommand(text, profile.reference.prefix);
  const stored = ref ? await turn.deps.store.getDecision(ref) : null;
  return stored && seenBy(turn, stored.decision) ? summarize(stored.decision) : null;
}

/** Whether the person may see the decision today: the register's rule (visibleTo). */
function seenBy(turn: Turn, d: Decision): boolean {
  const { profile, clock } = turn.deps;
  return (
    visibleTo(viewerScope(profile, turn.actor), [d], todayIn(clock, profile.timeZone), profile.timeZone).length > 0
  );
}

/** The decision picked from the results, checked again: the pick names a reference anyone could forge. */
export async function pickedDecision(turn: Turn, item: unknown): Promise<Decision> {
  const ref = typeof (item as { ref?: unknown } | null)?.ref === 'string' ? (item as { ref: string }).ref : '';
  const { profile, store } = turn.deps;
  const stored = ref ? await store.getDecision(ref) : null;
  if (!stored)
    throw new DomainError(
      ErrorCode.NotFound,
      `There is no decision "${ref.slice(0, 40)}". Search again by its reference or words from its title.`,
    );
  if (!seenBy(turn, stored.decision))
    throw new DomainError(
      ErrorCode.NotAllowed,
      `${stored.decision.ref} is not published, so only ${whoSeesUnpublished(stored.decision, profile)} can share it.`,
    );
  return stored.decision;
}

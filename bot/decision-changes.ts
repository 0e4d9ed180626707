/**
 * Applying a domain operation to a stored decision, the one way every write goes:
 * load → check the card's version → run the pure operation → persist with the version the
 * operation saw. When another writer got in first (STALE_VERSION from the store) the operation is
 * run again on the fresh decision, so concurrent ticks on different items all land; a card older
 * than the decision's last change of content or stage is refused by the domain's version check.
 */
import { DomainError, ErrorCode, type Result } from '../domain/errors';
import { parseRefPrefix, refFromCommand } from '../domain/reference';
import { checkVersion } from '../domain/workflow';
import type { Change, Decision } from '../domain/types';
import type { StoredDecision } from '../storage/store';
import type { Turn } from './bot-context';
import { botNamesIn, plainText, splitCommand } from './command-text';

const MAX_ATTEMPTS = 20;

type RefTurn = Pick<Turn, 'deps'> & { readonly context?: Turn['context'] };

/** The command word the person typed ("submit"), for examples in replies; `show` for card clicks. */
function commandWord(turn: RefTurn): string {
  const activity = turn.context?.activity;
  return splitCommand(plainText(activity?.text ?? '', activity ? botNamesIn(activity) : []))?.verb ?? 'show';
}

/**
 * The stored decision a command or card names. The reference is read as people type it
 * ("pcd1065", "PCD-1065", "1065", "`PCD 1065`."); a refusal says what to type instead.
 */
export async function loadDecision(turn: RefTurn, refText: string): Promise<StoredDecision> {
  const { prefix, firstNumber } = turn.deps.profile.reference;
  const ref = refFromCommand(refText, prefix);
  if (!ref)
    throw new DomainError(
      ErrorCode.InvalidInput,
      `Which decision? Type its reference after the command, e.g. \`${commandWord(turn)} ${prefix} ${firstNumber}\`.`,
    );
  const stored = await turn.deps.store.getDecision(ref);
  if (stored) return stored;
  const leading = parseRefPrefix(ref, [prefix]);
  if (leading?.rest && (await turn.deps.store.getDecision(leading.ref)))
    throw new DomainError(
      ErrorCode.NotFound,
      `There is no decision "${ref}". Did you mean ${leading.ref}? Type the reference on its own: \`${commandWord(turn)} ${leading.ref}\`.`,
    );
  throw new DomainError(ErrorCode.NotFound, `There is no decision "${ref}". Type \`list\` to see the register.`);
}

export interface Applied {
  readonly stored: StoredDecision;
  readonly change: Change;
  /** False when the operation changed nothing (a repeated click). */
  readonly changed: boolean;
}

export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}

export async function applyChange(
  turn: Turn,
  ref: string,
  operation: (decision: Decision) => Result<Change>,
  cardVersion?: number,
): Promise<Applied> {
  const { store } = turn.deps;
  for (let attempt = 1; ; attempt++) {
    const stored = await loadDecision(turn, ref);
    if (cardVersion !== undefined) unwrap(checkVersion(stored.decision, cardVersion));
    const change = unwrap(operation(stored.decision));
    if (change.decision.version === stored.decision.version) return { stored, change, changed: false };
    try {
      const saved = await store.updateDecision(change.decision, stored.decision.version, change.events, {
        actor: { aadObjectId: turn.actor.aadObjectId, name: turn.actor.name },
        at: turn.now,
        conversationId: turn.conversation.conversationId,
      });
      return { stored: saved, change, changed: true };
    } catch (e) {
      if (e instanceof DomainError && e.code === ErrorCode.StaleVersion && attempt < MAX_ATTEMPTS) continue;
      throw e;
    }
  }
}

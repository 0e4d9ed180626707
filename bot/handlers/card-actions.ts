/**
 * Card verbs (Universal Actions `Action.Execute`, or `Action.Submit` with `data.verb`). Each is
 * checked on the server whatever the card showed: the role, the workflow state and order, the
 * card's version, and a repeated click does nothing twice. The clicker gets their own view of
 * the updated card; the shared card in the decision's home is updated in the background.
 */
import { z } from 'zod';
import { DomainError, ErrorCode } from '../../domain/errors';
import type { Change, Decision } from '../../domain/types';
import type { Result } from '../../domain/errors';
import { reject, sign, submit, tick, untick, withdraw } from '../../domain/workflow';
import type { Turn } from '../bot-context';
import { applyChange, loadDecision } from '../decision-changes';
import { renderDecisionCard } from '../render-cards';
import type { VerbAnswer, VerbHandler } from '../handler-types';

export const text = (max: number) => z.string().max(max);
export const base = z.object({ ref: text(100).min(1), version: z.coerce.number().int().positive() });

export function read<T extends z.ZodType>(schema: T, data: unknown): z.infer<T> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new DomainError(
    ErrorCode.InvalidInput,
    `This card sent something I cannot use (${issue?.path.join('.') || 'data'}: ${issue?.message}). Type \`show <ref>\` for a fresh card.`,
  );
}

/** The declaration item a card or a person named: its key, its title, or the title as a slug ("financial-advice"). */
function itemKey(turn: Turn, named: string): string {
  const slug = (text: string) =>
    text
      .toLowerCase()
      .replace(/['’]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  const wanted = slug(named);
  const item = turn.deps.profile.declarations.find(
    (d) => d.key === named || slug(d.key) === wanted || slug(d.title) === wanted,
  );
  return item?.key ?? named;
}

export const viewerOf = (turn: Turn) => ({
  aadObjectId: turn.actor.aadObjectId,
  roles: turn.actor.roles,
  isAdmin: turn.actor.isAdmin,
});
export const actorOf = (turn: Turn) => ({ aadObjectId: turn.actor.aadObjectId, name: turn.actor.name });

/**
 * Runs a workflow operation from a card and answers with the clicker's updated card. A repeated
 * click (Teams retries invokes) does nothing twice without an idempotency record: every workflow
 * operation is a no-op when its effect is already there (ticked, signed, submitted, rejected…),
 * and a card from before a change of stage is refused as stale.
 */
export async function change(
  turn: Turn,
  data: { ref: string; version: number },
  op: (d: Decision) => Result<Change>,
): Promise<VerbAnswer> {
  const applied = await applyChange(turn, data.ref, op, data.version);
  if (applied.changed) turn.publisher.refresh(applied.stored.decision.ref, applied.stored);
  const notice = applied.change.notices.join(' ') || null;
  return {
    card: await renderDecisionCard(turn.deps, applied.stored.decision, viewerOf(turn), notice, turn.assignments),
  };
}

export const tickVerb: VerbHandler = async (turn, data) => {
  const d = read(base.extend({ item: text(60).min(1) }), data);
  return change(turn, d, (decision) =>
    tick(decision, turn.deps.profile, {
      item: itemKey(turn, d.item),
      actor: actorOf(turn),
      actorRoles: turn.actor.roles,
      now: turn.now,
    }),
  );
};

export const untickVerb: VerbHandler = async (turn, data) => {
  const d = read(base.extend({ item: text(60).min(1) }), data);
  return change(turn, d, (decision) =>
    untick(decision, turn.deps.profile, {
      item: itemKey(turn, d.item),
      actor: actorOf(turn),
      actorRoles: turn.actor.roles,
      now: turn.now,
    }),
  );
};

const signatureKey = z.enum(['chief-executive', 'decision-maker']);

/**
 * The card names the signature in `data.signature`: the Agents Playground's renderer throws on an
 * Action.Execute whose data has a `key` field. Cards posted before that still send `key`.
 */
export const signVerb: VerbHandler = async (turn, data) => {
  const d = read(
    base.extend({ signature: signatureKey.optional(), key: signatureKey.optional(), interest: text(1000).optional() }),
    data,
  );
  const key = d.signature ?? d.key;
  if (key === undefined)
    throw new DomainError(
      ErrorCode.InvalidInput,
      'This card did not say which signature to add. Type `show <ref>` for a fresh card.',
    );
  return change(turn, d, (decision) =>
    sign(decision, turn.deps.profile, {
      key,
      interest: d.interest,
      actor: actorOf(turn),
      actorRoles: turn.actor.roles,
      now: turn.now,
    }),
  );
};

export const submitVerb: VerbHandler = async (turn, data) => {
  const d = read(base, data);
  return change(turn, d, (decision) =>
    submit(decision, turn.deps.profile, {
      actor: actorOf(turn),
      actorRoles: turn.actor.roles,
      isAdmin: turn.actor.isAdmin,
      now: turn.now,
    }),
  );
};

export const rejectVerb: VerbHandler = async (turn, data) => {
  const d = read(base.extend({ reason: text(1000).optional() }), data);
  const reason = (d.reason ?? '').trim();
  if (!reason)
    throw new DomainError(ErrorCode.InvalidInput, 'Give a reason for rejecting it in the box above the button.');
  return change(turn, d, (decision) =>
    reject(decision, turn.deps.profile, { reason, actor: actorOf(turn), actorRoles: turn.actor.roles, now: turn.now }),
  );
};

export const withdrawVerb: VerbHandler = async (turn, data) => {
  const d = read(base.extend({ reason: text(1000).optional() }), data);
  const reason = (d.reason ?? '').trim();
  if (!reason)
    throw new DomainError(ErrorCode.InvalidInput, 'Give a reason for withdrawing it in the box above the button.');
  return change(turn, d, (decision) =>
    withdraw(decision, turn.deps.profile, {
      reason,
      isAdmin: turn.actor.isAdmin,
      actor: actorOf(turn),
      actorRoles: turn.actor.roles,
      now: turn.now,
    }),
  );
};

export const showVerb: VerbHandler = async (turn, data) => {
  const d = read(base.partial({ version: true }), data);
  const stored = await loadDecision(turn, d.ref);
  return { card: await renderDecisionCard(turn.deps, stored.decision, viewerOf(turn), null, turn.assignments) };
};

/** Teams asks for this automatically for the users in refresh.userIds: their own view of the card. */
export const refreshVerb: VerbHandler = showVerb;

/**
 * Editing a decision's details: the `edit` command, the card's Edit button and the form's Save.
 * In a channel or group chat the form opens in a dialog (`task/fetch`, saved by `task/submit`),
 * where other people's clicks on the shared card cannot wipe it; in personal chat it is the chat's
 * own card (`decision.update`). Both saves run the same checks: the decision's state, the form's
 * version (a form older than a change of content or stage is refused), and a repeated save does
 * nothing twice.
 */
import { z } from 'zod';
import { editCard, editLauncherCard, type EditValues } from '../../cards/edit-card';
import { authorise } from '../../domain/authority';
import { DomainError, ErrorCode } from '../../domain/errors';
import type { Decision } from '../../domain/types';
import { updateDetails } from '../../domain/workflow';
import type { Turn } from '../bot-context';
import { cardActivity } from '../card-publisher';
import { applyChange, loadDecision, unwrap } from '../decision-changes';
import type { CommandHandler, DialogAnswer, DialogHandler, VerbHandler } from '../handler-types';
import { actorOf, base, change, read, text } from './card-actions';

const details = base.extend({
  title: text(400).optional(),
  summary: text(8000).optional(),
  recommendations: text(40000).optional(),
  backgroundPapers: text(20000).optional(),
  deferralDate: z
    .string()
    .regex(/^(\d{4}-\d{2}-\d{2})?$/, 'a date such as 2023-04-30')
    .optional(),
  deferralReason: text(1000).optional(),
  part2: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
});

const lines = (value: string | undefined): string[] | undefined =>
  value === undefined
    ? undefined
    : value
        .split(/\r?\n/)
        .map((l) => l.replace(/^\s*(\d+[.)]|[-•*])\s*/, '').trim())
        .filter(Boolean);

/** The form's values read and checked, as the update the domain makes of them. */
function readDetails(turn: Turn, data: unknown) {
  const d = read(details, data);
  if (d.title !== undefined && d.title.trim() === '')
    throw new DomainError(
      ErrorCode.InvalidInput,
      'The title box is empty: every decision needs a title. Fill it in and press Save again.',
    );
  const deferralDate = d.deferralDate?.trim();
  const deferralReason = d.deferralReason?.trim();
  if (deferralDate && !deferralReason)
    throw new DomainError(ErrorCode.InvalidInput, 'A Part 1 deferral needs a reason as well as a date.');
  if (deferralReason && !deferralDate)
    throw new DomainError(ErrorCode.InvalidInput, 'A Part 1 deferral needs the date it ends as well as a reason.');
  const part1Deferral =
    d.deferralDate === undefined && d.deferralReason === undefined
      ? undefined
      : deferralDate && deferralReason
        ? { until: deferralDate, reason: deferralReason }
        : null;
  const update = (decision: Decision) =>
    updateDetails(decision, turn.deps.profile, {
      title: d.title,
      summary: d.summary,
      recommendations: lines(d.recommendations),
      backgroundPapers: lines(d.backgroundPapers),
      part1Deferral,
      hasPart2: d.part2 === undefined ? undefined : d.part2 === true || d.part2 === 'true',
      actor: actorOf(turn),
      actorRoles: turn.actor.roles,
      isAdmin: turn.actor.isAdmin,
      now: turn.now,
    });
  return { d, update };
}

/** Save on the form in personal chat (or on a form posted before dialogs): the clicker's updated card. */
export const updateVerb: VerbHandler = async (turn, data) => {
  const { d, update } = readDetails(turn, data);
  return change(turn, d, update);
};

/** Only a decision that can still change, and only for those who may change it, has a form. */
async function editable(turn: Turn, refText: string) {
  const stored = await loadDecision(turn, refText);
  unwrap(authorise(stored.decision, turn.deps.profile, turn.actor, 'edit'));
  if (stored.decision.status === 'approved')
    throw new DomainError(
      ErrorCode.Immutable,
      `${stored.decision.ref} is approved and cannot change; a correction is a new decision that cites it.`,
    );
  return stored;
}

const isPersonal = (turn: Turn) => turn.conversation.conversationType === 'personal';

/** `edit PCD 1065`: in personal chat the form; elsewhere a card whose button opens it in a dialog. */
export const editCommand: CommandHandler = async (turn, args) => {
  const { decision } = await editable(turn, args);
  const card = isPersonal(turn) ? editCard(decision) : editLauncherCard(decision);
  await turn.context.sendActivity(cardActivity(card));
};

/** Edit as a card action (cards posted before the dialog): the same as the command, for the clicker. */
export const editVerb: VerbHandler = async (turn, data) => {
  const d = read(base.partial({ version: true }), data);
  const { decision } = await editable(turn, d.ref);
  return { card: isPersonal(turn) ? editCard(decision) : editLauncherCard(decision) };
};

const dialogOf = (decision: Decision, values?: Partial<EditValues>, notice?: string): DialogAnswer => ({
  dialog: { title: `Edit ${decision.ref}`, card: editCard(decision, { dialog: true, values, notice }) },
});

/** The Edit button (`task/fetch`): the form in a dialog, prefilled with the decision as it is now. */
export const openEditDialog: DialogHandler = async (turn, data) => {
  const d = read(base.partial({ version: true }), data);
  return dialogOf((await editable(turn, d.ref)).decision);
};

/** What the person typed, to give back to them in the form when it cannot be saved as it is. */
function typed(data: Readonly<Record<string, unknown>>): Partial<EditValues> {
  const keys = ['title', 'summary', 'recommendations', 'backgroundPapers', 'deferralDate', 'deferralReason', 'part2'];
  return Object.fromEntries(keys.filter((k) => typeof data[k] === 'string').map((k) => [k, data[k]]));
}

/**
 * Save in the dialog (`task/submit`): a sentence that closes the dialog, or the form again with
 * what was typed and why it was not saved. A form older than the decision's last change of
 * content or stage is not saved over it: the person gets their text back against the current
 * version, to check and save again. A save Teams repeats (same text) finds it already there.
 */
export const saveEditDialog: DialogHandler = async (turn, data) => {
  const ref = read(base, data).ref;
  let form: ReturnType<typeof readDetails>;
  try {
    form = readDetails(turn, data);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return dialogOf((await editable(turn, ref)).decision, typed(data), e.message);
  }
  try {
    const applied = await applyChange(turn, form.d.ref, form.update, form.d.version);
    if (applied.changed) turn.publisher.refresh(applied.stored.decision.ref, applied.stored);
    return { message: `Saved. ${applied.change.notices.join(' ')}` };
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    const current = (await loadDecision(turn, ref)).decision;
    if (e.code !== ErrorCode.StaleVersion) return dialogOf(current, typed(data), e.message);
    const again = form.update(current);
    if (again.ok && again.value.decision.version === current.version)
      return { message: `Saved. ${current.ref} already says this.` };
    return dialogOf(
      current,
      typed(data),
      `${current.ref} changed while you were editing (it is now at version ${current.version}), so this was not saved. ` +
        'Your text is below: check it against the card, then press Save again.',
    );
  }
};

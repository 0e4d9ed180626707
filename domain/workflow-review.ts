/**
 * Submitting a draft for review, and the originating officer declaration: each item ticked (or
 * unticked) by a holder of its role. When every item is ticked the decision waits for signatures.
 */
import { decisionTotal, validateTitle } from './decision';
import { decisionMakerFor } from './delegation';
import { err, ErrorCode, ok, type Result } from './errors';
import { formatMoney } from './money';
import { roleName, type DeclarationItem, type GovernanceProfile } from './profile';
import type { Change, Decision, EventDraft, Tick } from './types';
import {
  changed,
  change,
  closedRefusal,
  declarationItem,
  holds,
  isPending,
  joinAnd,
  noChange,
  notAllowed,
  signatureSpec,
  statusAfterTicks,
  type ActorInput,
} from './workflow-common';

/** Sends a draft for review, by whom the profile allows; names its decision maker from the scheme of delegation. */
export function submit(d: Decision, p: GovernanceProfile, input: ActorInput): Result<Change> {
  const refused = notAllowed(d, p, input, 'submit');
  if (refused) return refused;
  const closed = closedRefusal(d);
  if (closed) return closed;
  if (isPending(d)) return ok(noChange(d, `${d.ref} was already submitted and is under review; nothing changed.`));
  const missing: string[] = [];
  const hints: string[] = [];
  if (!validateTitle(d.title).ok) {
    missing.push('title');
    hints.push(`a title (edit ${d.ref})`);
  }
  if (d.recommendations.length === 0) {
    missing.push('recommendations');
    hints.push(`at least one recommendation (edit ${d.ref})`);
  }
  if (d.funding.length === 0) {
    missing.push('funding');
    hints.push(`at least one funding line (fund ${d.ref} | <service> | <year> <amount> | <source>)`);
  }
  if (missing.length > 0)
    return err(ErrorCode.Incomplete, `${d.ref} cannot be submitted yet: it needs ${joinAnd(hints)}.`, { missing });

  const total = decisionTotal(d);
  const decisionMakerRole = decisionMakerFor(total, p);
  const next = changed(
    d,
    { status: 'in_review', decisionMakerRole, submittedAt: input.now, waitingSince: input.now },
    input.now,
  );
  return ok(
    change(
      next,
      [{ type: 'decision.submitted', details: { decisionMakerRole, total } }],
      [
        `${d.ref} was submitted for review.`,
        `Its total commitment of ${formatMoney(total)} makes the ${roleName(p, decisionMakerRole)} its decision maker.`,
      ],
    ),
  );
}

export interface TickInput extends ActorInput {
  /** The declaration item's key, e.g. "finance". */
  readonly item: string;
}

/** The item, or the refusal for an unknown item or an actor without its role. */
function itemFor(p: GovernanceProfile, input: TickInput, verb: 'tick' | 'untick'): Result<DeclarationItem> {
  const item = declarationItem(p, input.item);
  if (item === undefined)
    return err(
      ErrorCode.InvalidInput,
      `"${input.item}" is not a declaration item; the items are ${joinAnd(p.declarations.map((i) => i.title))}.`,
      {
        item: input.item,
      },
    );
  if (!holds(input, item.role))
    return err(ErrorCode.NotRoleHolder, `Only the ${roleName(p, item.role)} role can ${verb} ${item.title}.`, {
      item: item.key,
      role: item.role,
    });
  return ok(item);
}

/** Ticks a declaration item; the last tick sends the decision on to be signed. */
export function tick(d: Decision, p: GovernanceProfile, input: TickInput): Result<Change> {
  const found = itemFor(p, input, 'tick');
  if (!found.ok) return found;
  const item = found.value;
  const closed = closedRefusal(d);
  if (closed) return closed;
  if (d.status === 'draft')
    return err(ErrorCode.WrongState, `${d.ref} is still a draft; submit it first, then ${item.title} can be ticked.`);
  const existing = d.ticks[item.key];
  if (existing !== undefined)
    return ok(noChange(d, `${item.title} is already ticked by ${existing.by.name}; nothing changed.`));
  if (d.status !== 'in_review')
    return err(ErrorCode.WrongState, `${d.ref} is not in review, so ${item.title} cannot be ticked now.`);

  const ticks: Record<string, Tick> = { ...d.ticks, [item.key]: { item: item.key, by: input.actor, at: input.now } };
  const status = statusAfterTicks({ ...d, ticks }, p);
  const events: EventDraft[] = [{ type: 'declaration.ticked', details: { item: item.key, title: item.title } }];
  const notices = [`${item.title} was ticked by ${input.actor.name}.`];
  if (status === 'awaiting_chief_executive') {
    events.push({ type: 'decision.ready_for_chief_executive', details: {} });
    notices.push(
      `Every declaration item is ticked: ${d.ref} now waits for the ${signatureSpec(p, 'chief-executive')?.title ?? 'Chief Executive'} to sign.`,
    );
  } else if (status === 'awaiting_decision_maker') {
    events.push({ type: 'decision.ready_for_decision_maker', details: { decisionMakerRole: d.decisionMakerRole } });
    notices.push(
      `Every declaration item is ticked: ${d.ref} now waits for the ${roleName(p, d.decisionMakerRole ?? '')} to sign.`,
    );
  }
  // The last tick starts the wait for a signature.
  const waiting = status === 'in_review' ? {} : { waitingSince: input.now };
  return ok(change(changed(d, { ticks, status, ...waiting }, input.now), events, notices));
}

/** Withdraws a tick, while no one has signed yet; a decision waiting for signatures goes back to review. */
export function untick(d: Decision, p: GovernanceProfile, input: TickInput): Result<Change> {
  const found = itemFor(p, input, 'untick');
  if (!found.ok) return found;
  const item = found.value;
  const closed = closedRefusal(d);
  if (closed) return closed;
  if (d.status === 'draft')
    return err(
      ErrorCode.WrongState,
      `${d.ref} is still a draft; nothing can be ticked or unticked until it is submitted.`,
    );
  const existing = d.ticks[item.key];
  if (existing === undefined) return ok(noChange(d, `${item.title} is not ticked; nothing changed.`));
  const signed = Object.keys(d.signatures).map((key) => signatureSpec(p, key)?.title ?? key);
  if (signed.length > 0)
    return err(
      ErrorCode.WrongState,
      `The ${joinAnd(signed)} has already signed ${d.ref}, so ticks can no longer be withdrawn; ask a signatory to reject it, or change it (which resets the sign-off).`,
    );

  const ticks: Record<string, Tick> = { ...d.ticks };
  delete ticks[item.key];
  const status = statusAfterTicks({ ...d, ticks }, p);
  const notices = [`${item.title} was unticked by ${input.actor.name}.`];
  if (status !== d.status) notices.push(`${d.ref} is back in review until ${item.title} is ticked again.`);
  const events: EventDraft[] = [
    { type: 'declaration.unticked', details: { item: item.key, title: item.title, tickedBy: existing.by } },
  ];
  // The item is waited for again: a new wait begins.
  return ok(change(changed(d, { ticks, status, waitingSince: input.now }, input.now), events, notices));
}

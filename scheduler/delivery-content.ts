/**
 * What an outbox delivery says, rendered when it is sent (so the card shows the decision as it is
 * then): a renewal reminder card for the lines still unresolved, or a nudge with the decision's
 * card as the recipient sees it. A reminder whose lines were all resolved, or a nudge for a
 * sign-off nobody waits for any more, is skipped rather than sent.
 */
import { DateTime } from 'luxon';
import { reminderCard, type ReminderLine } from '../cards/reminder-card';
import { formatDate } from '../cards/format';
import { roleName, type GovernanceProfile } from '../domain/profile';
import { fundingEndDate, lastFundedYear, monthsLeft } from '../domain/reminder-schedule';
import { nextStep } from '../domain/workflow';
import { workingDaysBetween } from '../domain/working-days';
import { sumPence } from '../domain/money';
import type { IsoDate, IsoInstant } from '../domain/types';
import { decisionCard, pendingHolders } from '../cards/decision-card';
import type { Delivery, RoleAssignment, Store, StoredDecision } from '../storage/store';
import type { NudgePayload } from './nudge-scan';
import type { ReminderPayload } from './reminder-scan';
import type { OutgoingMessage } from './message-sender';
import { joinAnd } from '../domain/prose';

export type DeliveryContent = { readonly message: OutgoingMessage } | { readonly skip: string };

/** Personal messages raise a notification in the person's Teams activity feed. */
const message = (card: object, text: string, delivery: Delivery): OutgoingMessage => ({
  card,
  text,
  alert: 'userAadObjectId' in delivery.target,
});

export async function deliveryContent(
  deps: { readonly store: Store; readonly profile: GovernanceProfile },
  stored: StoredDecision,
  delivery: Delivery,
  now: IsoInstant,
): Promise<DeliveryContent> {
  return delivery.kind === 'reminder'
    ? reminderContent(deps.profile, stored, delivery, now)
    : nudgeContent(deps, stored, delivery, now);
}

function reminderContent(
  profile: GovernanceProfile,
  stored: StoredDecision,
  delivery: Delivery,
  now: IsoInstant,
): DeliveryContent {
  const payload = delivery.payload as unknown as ReminderPayload;
  const d = stored.decision;
  const resolved = new Set(d.fundingOutcomes.map((o) => o.lineId));
  const today = DateTime.fromISO(now, { zone: profile.timeZone }).toISODate() as IsoDate;
  const lines: ReminderLine[] = [];
  for (const id of payload.lineIds) {
    const line = d.funding.find((l) => l.id === id);
    if (!line || resolved.has(id)) continue;
    const lastYear = lastFundedYear(line);
    const endDate = fundingEndDate(line, profile);
    lines.push({
      lineId: line.id,
      service: line.service,
      source: line.source,
      lastYear,
      amount: sumPence(line.allocations.filter((a) => a.year === lastYear).map((a) => a.amount)),
      endDate,
      monthsLeft: monthsLeft(today, endDate),
    });
  }
  if (lines.length === 0) return { skip: 'not sent: every line in it was renewed or ended before it went out' };
  const card = reminderCard({ decision: d, profile, lines, stage: payload.stage, escalation: payload.escalation });
  const ends = [...new Set(lines.map((l) => formatDate(l.endDate)))].join(', ');
  const text = `${payload.escalation ? 'Escalation: ' : ''}${d.ref} funding for ${joinAnd(lines.map((l) => l.service))} ends on ${ends}. Renew it or record that it ends.`;
  return { message: message(card, text, delivery) };
}

async function nudgeContent(
  deps: { readonly store: Store; readonly profile: GovernanceProfile },
  stored: StoredDecision,
  delivery: Delivery,
  now: IsoInstant,
): Promise<DeliveryContent> {
  const payload = delivery.payload as unknown as NudgePayload;
  const d = stored.decision;
  const waitingFor = nextStep(d, deps.profile).roles.filter((r) => payload.roles.includes(r));
  if (waitingFor.length === 0) return { skip: `not sent: ${d.ref} no longer waits for them` };
  const aad = 'userAadObjectId' in delivery.target ? delivery.target.userAadObjectId : '';
  const assignments: RoleAssignment[] = await deps.store.listRoleAssignments();
  const roles = [...new Set(assignments.filter((a) => a.holder.aadObjectId === aad).map((a) => a.role))];
  // The card refreshes for the pending holders whose MRIs the bot has learnt (never by AAD id).
  const people = await deps.store.listPeople(pendingHolders(d, deps.profile, assignments));
  const card = decisionCard({
    decision: d,
    profile: deps.profile,
    holders: assignments,
    viewer: { aadObjectId: aad, roles },
    notice: null,
    mris: new Map(people.map((p) => [p.aadObjectId.toLowerCase(), p.mri])),
  });
  const days = workingDaysBetween(payload.waitingSince, now, deps.profile);
  const names = joinAnd(waitingFor.map((r) => roleName(deps.profile, r)));
  const text = `Reminder: ${d.ref} (${d.title}) has waited ${days} working days for you as ${names}. ${nextStep(d, deps.profile).text}`;
  return { message: message(card, text, delivery) };
}

/**
 * The renewal reminder scan: what the domain says is due now (dueReminders, grouped by decision
 * and day) becomes outbox deliveries, one per group and recipient. Recipients are the decision's
 * home conversation (a reply in its channel thread) and, in personal chat, the holders of the
 * profile's manager roles, the escalation role from the second stage on, and the watchers.
 *
 * Exactly once per line, stage and recipient: a line already covered by an earlier delivery to
 * the same recipient at the same stage is left out of the group (so a group that shrinks because
 * one of its lines was resolved does not repeat the others), and the outbox ignores a key it has.
 */
import { DateTime } from 'luxon';
import { DomainError, ErrorCode } from '../domain/errors';
import { financialYearEndDate, financialYearOf, parseIsoDate } from '../domain/financial-year';
import { refKey } from '../domain/reference';
import { dueReminders, groupByDecisionAndDay, type ReminderGroup } from '../domain/reminder-schedule';
import type { GovernanceProfile } from '../domain/profile';
import type { IsoDate, IsoInstant } from '../domain/types';
import type { Delivery, RoleAssignment, Store, StoredDecision } from '../storage/store';
import { pendingDelivery } from './pending-delivery';

export type DeliveryTarget = Delivery['target'];

/** What a reminder delivery carries: enough to render its card when it is sent. */
export interface ReminderPayload {
  readonly ref: string;
  readonly lineIds: readonly string[];
  readonly stage: number;
  readonly escalation: boolean;
  readonly dueDate: string;
}

export const recipientKey = (target: DeliveryTarget): string =>
  'conversationId' in target ? `conversation:${target.conversationId}` : `user:${target.userAadObjectId}`;

export function reminderKey(ref: string, lineIds: readonly string[], stage: number, target: DeliveryTarget): string {
  return `reminder:${ref}:${lineIds.join(',')}:${stage}m:${recipientKey(target)}`;
}

/** AAD object ids of everyone holding one of the roles (deputies included), in assignment order. */
export function holdersOf(assignments: readonly RoleAssignment[], roles: readonly string[]): string[] {
  return [...new Set(assignments.filter((a) => roles.includes(a.role)).map((a) => a.holder.aadObjectId))];
}

/** Who a reminder group goes to: the home conversation first, then people in personal chat. */
export function reminderRecipients(
  stored: StoredDecision,
  profile: Pick<GovernanceProfile, 'reminders'>,
  assignments: readonly RoleAssignment[],
  escalation: boolean,
): DeliveryTarget[] {
  const { managerRoles, escalationRole } = profile.reminders;
  const roles = escalation ? [...managerRoles, escalationRole] : managerRoles;
  const people = [...new Set([...holdersOf(assignments, roles), ...stored.watchers])];
  return [
    ...(stored.home ? [{ conversationId: stored.home.conversation.conversationId }] : []),
    ...people.map((userAadObjectId) => ({ userAadObjectId })),
  ];
}

/**
 * The latest last funded year a line can have and still owe a reminder at `now`: the scan reads
 * only approved decisions with a line ending in this year or before.
 *
 * Derivation. A line whose last funded year is Y ends on E(Y) = financialYearEndDate(Y), and its
 * stages fall due at the profile's hour on E(Y) − s months (reminderDueDates), for each stage s.
 * The earliest of them is the largest stage S, so the line owes a reminder at `now` only if
 * E(Y) − S months <= today (today: `now`'s date in the profile's zone; a stage due later today is
 * kept too, which only widens the read). E(Y) − S months grows with Y, so the lines that can be
 * due are exactly those with Y <= the largest Y meeting that test. The search starts from a year
 * that cannot meet it: Y1 = financialYearOf(today + S + 1 months) + 1 starts after today + S + 1
 * months, so E(Y1) − S months is after today + 1 month − 3 days (the most clamping a month end
 * loses: 31 August − 6 months = 28 February), hence after today. It steps down until the test
 * holds; every line with a larger Y has its first stage after today.
 */
export function reminderYearBound(
  profile: Pick<GovernanceProfile, 'financialYearStart' | 'timeZone' | 'reminders'>,
  now: IsoInstant,
): number {
  const local = DateTime.fromISO(now, { zone: profile.timeZone });
  if (!local.isValid)
    throw new DomainError(ErrorCode.InvalidInput, `"${now}" is not a moment in time (ISO 8601).`, { now });
  const today = local.toISODate() as IsoDate;
  const largest = Math.max(...profile.reminders.stagesMonths);
  const firstDue = (year: number): IsoDate =>
    parseIsoDate(financialYearEndDate(year, profile), profile.timeZone)
      .minus({ months: largest })
      .toISODate() as IsoDate;
  let year = financialYearOf(local.plus({ months: largest + 1 }).toISODate() as IsoDate, profile) + 1;
  while (firstDue(year) > today) year--;
  return year;
}

/**
 * The earliest last funded year a line can have and still owe a reminder at `now`: funding ends with
 * its last financial year, and a line that has ended owes nothing (dueReminders skips it), so lines
 * ending before the financial year `now` falls in are left unread.
 */
export function runningYearBound(profile: Pick<GovernanceProfile, 'financialYearStart' | 'timeZone'>, now: IsoInstant) {
  const local = DateTime.fromISO(now, { zone: profile.timeZone });
  if (!local.isValid)
    throw new DomainError(ErrorCode.InvalidInput, `"${now}" is not a moment in time (ISO 8601).`, { now });
  return financialYearOf(local.toISODate() as IsoDate, profile);
}

/** The deliveries the reminders due at `now` call for and the outbox does not have yet. */
export async function scanReminders(store: Store, profile: GovernanceProfile, now: IsoInstant): Promise<Delivery[]> {
  // Summaries of the approved decisions whose lines can be due; whole records only for those that are.
  const decisions = await store.listSummaries({
    statuses: ['approved'],
    lastFundedYearAtMost: reminderYearBound(profile, now),
    lastFundedYearAtLeast: runningYearBound(profile, now),
  });
  const due = dueReminders(decisions, profile, now);
  if (due.length === 0) return [];
  const assignments = await store.listRoleAssignments();
  const out: Delivery[] = [];
  const covered = new Map<string, Set<string>>();
  const stored = new Map<string, StoredDecision | null>();
  for (const group of groupByDecisionAndDay(due)) {
    const key = refKey(group.ref);
    if (!stored.has(key)) stored.set(key, await store.getDecision(group.ref));
    const record = stored.get(key);
    if (!record) continue;
    const done = covered.get(refKey(group.ref)) ?? (await coveredLines(store, group.ref));
    covered.set(refKey(group.ref), done);
    for (const target of reminderRecipients(record, profile, assignments, group.escalation)) {
      // Lines due the same day share their stage; split by stage all the same, so a key never lies.
      for (const stage of new Set(group.reminders.map((r) => r.stage))) {
        const delivery = reminderDelivery(
          { ...group, reminders: group.reminders.filter((r) => r.stage === stage) },
          target,
          done,
          now,
        );
        if (delivery) out.push(delivery);
      }
    }
  }
  return out;
}

function reminderDelivery(
  group: ReminderGroup,
  target: DeliveryTarget,
  done: ReadonlySet<string>,
  now: IsoInstant,
): Delivery | null {
  const recipient = recipientKey(target);
  const reminders = group.reminders.filter((r) => !done.has(coverKey(r.lineId, r.stage, recipient)));
  if (reminders.length === 0) return null;
  const lineIds = reminders.map((r) => r.lineId);
  const stage = reminders[0]!.stage;
  const payload: ReminderPayload = {
    ref: group.ref,
    lineIds,
    stage,
    escalation: group.escalation,
    dueDate: group.dueDate,
  };
  return pendingDelivery(
    {
      key: reminderKey(group.ref, lineIds, stage, target),
      kind: 'reminder',
      ref: group.ref,
      target,
      payload,
      dueAt: reminders[0]!.dueAt,
    },
    now,
  );
}

const coverKey = (lineId: string, stage: number, recipient: string) => `${lineId}|${stage}|${recipient}`;

/** (line, stage, recipient) triples the outbox already holds a reminder for. */
async function coveredLines(store: Store, ref: string): Promise<Set<string>> {
  const done = new Set<string>();
  for (const d of await store.listDeliveries({ ref })) {
    if (d.kind !== 'reminder') continue;
    const p = d.payload as Partial<ReminderPayload>;
    for (const lineId of p.lineIds ?? []) done.add(coverKey(lineId, p.stage ?? -1, recipientKey(d.target)));
  }
  return done;
}

/**
 * The reminder card's verbs. `funding.renew {ref, lineIds}` starts a renewal: a new draft with
 * the next reference, "Renewal: <title>", the lines for the years after their last funded year at
 * the same amounts, background papers citing the old decision and `renews` set; the old decision
 * records the outcome 'renewed' (both in their audit trails), the draft's card is posted in the
 * old decision's home conversation, and the clicker gets the draft's card. `funding.end {ref,
 * lineIds, reason}` records 'ended' with the reason. Either stops further reminders for those
 * lines. Only managers (the profile's manager and escalation roles) and admins may act; a repeated
 * click (same decision version and lines) does nothing twice.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { DomainError, ErrorCode } from '../../domain/errors';
import { LIMITS, makeFundingLine, newDecision } from '../../domain/decision';
import { formatDate } from '../../cards/format';
import { reminderCard, type ReminderLine } from '../../cards/reminder-card';
import { fundingEndDate, lastFundedYear, monthsLeft } from '../../domain/reminder-schedule';
import { roleName } from '../../domain/profile';
import { addFundingLine, recordFundingOutcome, updateDetails } from '../../domain/workflow';
import type { Change, Decision, EventDraft, FundingLine, FundingOutcome, IsoDate } from '../../domain/types';
import type { StoredDecision } from '../../storage/store';
import type { Turn } from '../bot-context';
import { applyChange, loadDecision, unwrap } from '../decision-changes';
import { renderDecisionCard } from '../render-cards';
import type { VerbAnswer, VerbHandler } from '../handler-types';

const lineIdsField = z
  .union([z.array(z.string().min(1).max(200)).min(1).max(40), z.string().min(1).max(8000)])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean));
const renewData = z.object({ ref: z.string().min(1).max(100), lineIds: lineIdsField });
const endData = renewData.extend({ reason: z.string().max(LIMITS.reason).optional() });

function read<T extends z.ZodType>(schema: T, data: unknown): z.infer<T> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  throw new DomainError(
    ErrorCode.InvalidInput,
    'This reminder card sent something I cannot use. Type `expiring` to see the lines that end soon.',
  );
}

const actorOf = (turn: Turn) => ({ aadObjectId: turn.actor.aadObjectId, name: turn.actor.name });
const viewerOf = (turn: Turn) => ({
  aadObjectId: turn.actor.aadObjectId,
  roles: turn.actor.roles,
  isAdmin: turn.actor.isAdmin,
});

/** Managers (the profile's manager roles and escalation role) and admins decide about expiring funding. */
export function assertMayDecideFunding(turn: Turn): void {
  const { managerRoles, escalationRole } = turn.deps.profile.reminders;
  const allowed = [...managerRoles, escalationRole];
  if (turn.actor.isAdmin || turn.actor.roles.some((r) => allowed.includes(r))) return;
  const names = [...new Set(allowed.map((r) => roleName(turn.deps.profile, r)))].join(' or ');
  throw new DomainError(
    ErrorCode.NotRoleHolder,
    `Only the ${names} (or an admin) can renew funding or record that it ends; nothing was changed.`,
  );
}

/** The decision's lines named by the card, checked to exist. */
function linesOf(decision: Decision, lineIds: readonly string[]): FundingLine[] {
  const lines = lineIds.map((id) => decision.funding.find((l) => l.id === id));
  const missing = lineIds.filter((_, i) => lines[i] === undefined);
  if (missing.length > 0)
    throw new DomainError(ErrorCode.InvalidInput, `${decision.ref} has no funding line "${missing.join('", "')}".`);
  return [...new Set(lines as FundingLine[])];
}

const outcomeOf = (decision: Decision, lineId: string): FundingOutcome | undefined =>
  decision.fundingOutcomes.find((o) => o.lineId === lineId);

/** The same amounts for as many years as the line had, starting the year after its last funded one. */
export function renewedLine(line: FundingLine): FundingLine {
  const funded = line.allocations.filter((a) => a.amount > 0);
  const shift = lastFundedYear(line) - Math.min(...funded.map((a) => a.year)) + 1;
  return unwrap(
    makeFundingLine({
      service: line.service,
      source: line.source,
      allocations: funded.map((a) => ({ year: a.year + shift, amount: a.amount })),
    }),
  );
}

/** The renewal draft as domain changes: created, details, one funding line each; events in order. */
export function renewalDraft(turn: Turn, old: Decision, lines: readonly FundingLine[], ref: string): Change {
  const profile = turn.deps.profile;
  const by = { actor: actorOf(turn), actorRoles: turn.actor.roles, now: turn.now };
  const prefix = 'Renewal: ';
  const title =
    `${prefix}${old.title}`.length <= LIMITS.title
      ? `${prefix}${old.title}`
      : `${prefix}${old.title.slice(0, LIMITS.title - prefix.length - 1)}…`;
  const names = lines.map((l) => l.service).join(', ');
  const ends = [...new Set(lines.map((l) => formatDate(fundingEndDate(l, profile))))].join(', ');
  let change = unwrap(newDecision({ ref, title, profile, actor: actorOf(turn), now: turn.now, renews: old.ref }));
  const events: EventDraft[] = [...change.events];
  const step = (next: Change) => {
    change = next;
    events.push(...next.events);
  };
  step(
    unwrap(
      updateDetails(change.decision, profile, {
        ...by,
        summary: `This decision renews funding approved by ${old.ref} (${old.title}) for ${names}, which ends on ${ends}. The amounts are those of ${old.ref}; adjust them before submitting.`,
        backgroundPapers: [
          `${old.ref} (${old.title}) approved the funding for ${names} this decision renews; it ends on ${ends}.`,
        ],
      }),
    ),
  );
  for (const line of lines) step(unwrap(addFundingLine(change.decision, profile, { ...by, line: renewedLine(line) })));
  return { decision: change.decision, events, notices: change.notices };
}

async function nextReference(turn: Turn): Promise<string> {
  const { prefix, firstNumber } = turn.deps.profile.reference;
  const highest = await turn.deps.store.highestReferenceNumber(prefix);
  return `${prefix} ${Math.max(highest ?? 0, firstNumber - 1) + 1}`;
}

/** Creates the renewal draft with the next free reference; its home is the old decision's. */
async function createRenewal(turn: Turn, old: StoredDecision, lines: readonly FundingLine[]): Promise<StoredDecision> {
  const home = { conversation: old.home?.conversation ?? turn.conversation, cardActivityId: null };
  for (let attempt = 0; attempt < 5; attempt++) {
    const draft = renewalDraft(turn, old.decision, lines, await nextReference(turn));
    try {
      return await turn.deps.store.createDecision(
        draft.decision,
        draft.events,
        { actor: actorOf(turn), at: turn.now, conversationId: turn.conversation.conversationId },
        home,
      );
    } catch (e) {
      // someone took that number: the next one
      if (e instanceof DomainError && e.code === ErrorCode.DuplicateRef) continue;
      throw e;
    }
  }
  throw new DomainError(
    ErrorCode.DuplicateRef,
    'Could not find a free reference number for the renewal; please try again.',
  );
}

export const renewVerb: VerbHandler = async (turn, data) => {
  const d = read(renewData, data);
  assertMayDecideFunding(turn);
  const old = await loadDecision(turn, d.ref);
  const lines = linesOf(old.decision, d.lineIds);
  const open = lines.filter((l) => outcomeOf(old.decision, l.id) === undefined);
  if (open.length === 0) return alreadyDecided(turn, old.decision, lines);
  if (old.decision.status !== 'approved')
    throw new DomainError(ErrorCode.WrongState, `${old.decision.ref} is not approved, so it has no funding to renew.`);
  const key = `funding.renew:${old.decision.ref}:v${old.decision.version}:${open
    .map((l) => l.id)
    .sort()
    .join(',')}`;
  if (await turn.deps.store.rememberOnce(key, { by: turn.actor.aadObjectId }, turn.now))
    return {
      message: `A renewal of ${open.map((l) => l.service).join(', ')} is already being started; type \`show ${old.decision.ref}\` in a moment to see it.`,
    };

  const renewal = await createRenewal(turn, old, open);
  const ref = renewal.decision.ref;
  const recorded = await applyChange(turn, old.decision.ref, (decision) =>
    recordFundingOutcome(decision, turn.deps.profile, {
      lineIds: open.map((l) => l.id),
      outcome: 'renewed',
      renewalRef: ref,
      actor: actorOf(turn),
      actorRoles: turn.actor.roles,
      now: turn.now,
    }),
  );
  // The draft's card goes to the old decision's home in the background; the old card shows the outcome.
  turn.publisher.refresh(ref);
  if (recorded.changed) turn.publisher.refresh(old.decision.ref);
  const notice = `${ref} was started to renew ${open.map((l) => l.service).join(', ')} from ${old.decision.ref}. Check the amounts, then submit it.`;
  return { card: await renderDecisionCard(turn.deps, renewal.decision, viewerOf(turn), notice) };
};

export const endVerb: VerbHandler = async (turn, data) => {
  const d = read(endData, data);
  assertMayDecideFunding(turn);
  const reason = (d.reason ?? '').trim();
  if (!reason)
    throw new DomainError(ErrorCode.InvalidInput, 'Give the reason the funding ends in the box above the button.');
  const old = await loadDecision(turn, d.ref);
  const lines = linesOf(old.decision, d.lineIds);
  const open = lines.filter((l) => outcomeOf(old.decision, l.id) === undefined);
  if (open.length === 0) return alreadyDecided(turn, old.decision, lines);
  const key = `funding.end:${old.decision.ref}:v${old.decision.version}:${open
    .map((l) => l.id)
    .sort()
    .join(',')}`;
  if (await turn.deps.store.rememberOnce(key, { by: turn.actor.aadObjectId }, turn.now)) {
    const current = await loadDecision(turn, d.ref);
    return alreadyDecided(turn, current.decision, lines);
  }
  const recorded = await applyChange(turn, old.decision.ref, (decision) =>
    recordFundingOutcome(decision, turn.deps.profile, {
      lineIds: open.map((l) => l.id),
      outcome: 'ended',
      reason,
      actor: actorOf(turn),
      actorRoles: turn.actor.roles,
      now: turn.now,
    }),
  );
  if (recorded.changed) turn.publisher.refresh(old.decision.ref);
  return { card: resolvedReminderCard(turn, recorded.stored.decision, lines) };
};

/** Every line already has an outcome: the renewal's card if they were renewed, else the settled reminder. */
async function alreadyDecided(turn: Turn, decision: Decision, lines: readonly FundingLine[]): Promise<VerbAnswer> {
  const renewalRef = lines.map((l) => outcomeOf(decision, l.id)?.renewalRef).find((r) => r !== undefined);
  const renewal = renewalRef ? await turn.deps.store.getDecision(renewalRef) : null;
  if (renewal) {
    const notice = `${lines.map((l) => l.service).join(', ')} already renewed by ${renewal.decision.ref}; nothing else was changed.`;
    return { card: await renderDecisionCard(turn.deps, renewal.decision, viewerOf(turn), notice) };
  }
  return { card: resolvedReminderCard(turn, decision, lines) };
}

/** The reminder card for these lines showing what was decided, without buttons. */
function resolvedReminderCard(turn: Turn, decision: Decision, lines: readonly FundingLine[]): object {
  const profile = turn.deps.profile;
  const today = DateTime.fromISO(turn.now, { zone: profile.timeZone }).toISODate() as IsoDate;
  const view: ReminderLine[] = lines.map((l) => {
    const lastYear = lastFundedYear(l);
    const endDate = fundingEndDate(l, profile);
    const amount = l.allocations.filter((a) => a.year === lastYear).reduce((sum, a) => sum + a.amount, 0);
    return {
      lineId: l.id,
      service: l.service,
      source: l.source,
      lastYear,
      amount,
      endDate,
      monthsLeft: monthsLeft(today, endDate),
    };
  });
  const outcome = lines.map((l) => outcomeOf(decision, l.id)).find((o) => o !== undefined);
  const stage = Math.max(...view.map((l) => l.monthsLeft), 0);
  return reminderCard({
    decision,
    profile,
    lines: view,
    stage,
    escalation: false,
    resolved: outcome
      ? {
          outcome: outcome.outcome,
          by: outcome.by.name,
          at: outcome.at,
          reason: outcome.reason,
          renewalRef: outcome.renewalRef,
        }
      : null,
  });
}

/**
 * Sign-off nudges: a declaration or signature left waiting more than the profile's working days
 * (3 for MOPAC) since the decision entered its state sends each holder of a waited-for role one
 * nudge in personal chat, then one every nudgeRepeatDays calendar days. The key names the wait
 * (when it began) and the round, so each nudge is queued once; after downtime only the latest
 * round is queued. A new wait (a reset, the next stage) starts again from round 0. The decision
 * says when its wait began (waitingSince); only records from before that field need their audit
 * trail read, since the scan runs every minute over every pending decision.
 */
import { DateTime } from 'luxon';
import { nextStep } from '../domain/workflow';
import { calendarDaysBetween, instantIn, plusWorkingDays, toIso } from '../domain/working-days';
import type { GovernanceProfile } from '../domain/profile';
import type { AuditEvent, Decision, DecisionStatus, IsoInstant } from '../domain/types';
import { refKey } from '../domain/reference';
import type { Delivery, Store, StoredDecision } from '../storage/store';
import { holdersOf } from './reminder-scan';

export interface NudgePayload {
  readonly ref: string;
  /** Role keys the decision waits for that this person holds. */
  readonly roles: readonly string[];
  readonly waitingSince: IsoInstant;
  /** 0 for the first nudge, then 1, 2, … one per repeat period. */
  readonly round: number;
}

/** The states in which a decision waits for someone's declaration or signature. */
const PENDING: readonly DecisionStatus[] = ['in_review', 'awaiting_chief_executive', 'awaiting_decision_maker'];

/** Events after which a decision waits on someone new, for records without waitingSince: it entered (or re-entered) a pending state. */
const ENTERS_WAIT = new Set([
  'decision.submitted',
  'decision.review_reset',
  'decision.ready_for_chief_executive',
  'decision.ready_for_decision_maker',
  'declaration.unticked',
  'signature.signed',
]);

/**
 * When the decision's current wait began: its waitingSince, else (records from before that field)
 * its latest state-entering event in the audit trail, else submittedAt.
 */
export function waitingSince(decision: Decision, audit: readonly AuditEvent[]): IsoInstant {
  if (decision.waitingSince !== undefined) return decision.waitingSince;
  const entered = audit.filter((e) => ENTERS_WAIT.has(e.type)).at(-1);
  return entered?.at ?? decision.submittedAt ?? decision.updatedAt;
}

type NudgeProfile = Pick<GovernanceProfile, 'timeZone' | 'reminders'>;

const DAY_MS = 86_400_000;

/**
 * The latest nudge round due at `now` for a wait that began at `since`, or null when none is due
 * yet: round 0 once nudgeAfterWorkingDays working days have passed, round n nudgeRepeatDays × n
 * calendar days (same local time, in the profile's zone) after that.
 */
export function nudgeRound(since: IsoInstant, now: IsoInstant, profile: NudgeProfile): { round: number; dueAt: IsoInstant } | null {
  return roundAt(since, DateTime.fromISO(now, { zone: profile.timeZone }), profile);
}

/** nudgeRound with `now` parsed once for a whole scan. */
function roundAt(since: IsoInstant, at: DateTime, profile: NudgeProfile): { round: number; dueAt: IsoInstant } | null {
  const { nudgeAfterWorkingDays, nudgeRepeatDays } = profile.reminders;
  // First a check without luxon, for young waits: n working days span at least n calendar days,
  // which no clock change shortens by more than a day (instants are UTC strings, see IsoInstant,
  // which Date.parse reads as luxon does).
  if (at.toMillis() < Date.parse(since) + (nudgeAfterWorkingDays - 1) * DAY_MS) return null;
  const first = plusWorkingDays(instantIn(since, profile), nudgeAfterWorkingDays);
  if (at < first) return null;
  // Counted in calendar days (23 or 25 hours across a clock change), so a round falls due at the local time of the first.
  const round = Math.floor(calendarDaysBetween(first, at) / nudgeRepeatDays);
  return { round, dueAt: toIso(round === 0 ? first : first.plus({ days: round * nudgeRepeatDays })) };
}

export const nudgeKey = (ref: string, since: IsoInstant, round: number, aadObjectId: string): string =>
  `nudge:${ref}:${since}:${round}:user:${aadObjectId}`;

/**
 * Wait starts worked out from the audit trail of records without waitingSince, by reference key:
 * valid while the decision's version is unchanged, so a scheduler reads each such trail once per
 * change rather than every minute.
 */
export type LegacyWaits = Map<string, { readonly version: number; readonly since: IsoInstant }>;

/** The nudges due at `now` that the outbox does not have yet (it ignores keys it has). */
export async function scanNudges(store: Store, profile: GovernanceProfile, now: IsoInstant, legacyWaits: LegacyWaits = new Map()): Promise<Delivery[]> {
  const pending = await store.listDecisions({ statuses: PENDING });
  const seen = new Set<string>();
  const sinceOf = async (decision: Decision): Promise<IsoInstant> => {
    if (decision.waitingSince !== undefined) return decision.waitingSince;
    const key = refKey(decision.ref);
    seen.add(key);
    const known = legacyWaits.get(key);
    if (known?.version === decision.version) return known.since;
    const since = waitingSince(decision, await store.getAudit(decision.ref));
    legacyWaits.set(key, { version: decision.version, since });
    return since;
  };
  try {
    return await nudgesFor(pending, store, profile, now, sinceOf);
  } finally {
    for (const key of legacyWaits.keys()) if (!seen.has(key)) legacyWaits.delete(key);
  }
}

async function nudgesFor(
  pending: readonly StoredDecision[],
  store: Store,
  profile: GovernanceProfile,
  now: IsoInstant,
  sinceOf: (decision: Decision) => Promise<IsoInstant>,
): Promise<Delivery[]> {
  if (pending.length === 0) return [];
  const assignments = await store.listRoleAssignments();
  const at = DateTime.fromISO(now, { zone: profile.timeZone });
  const out: Delivery[] = [];
  for (const { decision } of pending) {
    const roles = nextStep(decision, profile).roles;
    if (roles.length === 0) continue;
    // Only records from before waitingSince need their audit trail read.
    const since = await sinceOf(decision);
    const due = roundAt(since, at, profile);
    if (due === null) continue;
    const { round } = due;
    for (const aad of holdersOf(assignments, roles)) {
      const theirs = roles.filter((role) => assignments.some((a) => a.role === role && a.holder.aadObjectId === aad));
      const payload: NudgePayload = { ref: decision.ref, roles: theirs, waitingSince: since, round };
      out.push({
        key: nudgeKey(decision.ref, since, round, aad),
        kind: 'nudge',
        ref: decision.ref,
        target: { userAadObjectId: aad },
        payload: { ...payload },
        state: 'pending',
        attempts: 0,
        dueAt: due.dueAt,
        nextAttemptAt: now,
        claimedBy: null,
        claimedUntil: null,
        activityId: null,
        lastError: null,
        updatedAt: now,
      });
    }
  }
  return out;
}

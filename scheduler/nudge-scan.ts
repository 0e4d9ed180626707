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
import type { DecisionSummary, Delivery, Store } from '../storage/store';
import { pendingDelivery } from './pending-delivery';
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

/**
 * Events after which a decision waits on someone new, for records without waitingSince: it entered (or re-entered) a
 * pending state.
 */
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
export function waitingSince(
  decision: Pick<Decision, 'waitingSince' | 'submittedAt' | 'updatedAt'>,
  audit: readonly AuditEvent[]): IsoInstant {
  if (decision.waitingSince !== undefined) return decision.waitingSince;
  const entered = audit.filter((e) => ENTERS_WAIT.has(e.type)).at(-1);
  return entered?.at ?? decision.submittedAt ?? decision.updatedAt;
}

type NudgeProfile = Pick<GovernanceProfile, 'timeZone' | 'reminders'>;

const DAY_MS = 86_400_000;

/** Pending decisions scanned between two yields to the event loop. */
const YIELD_EVERY = 200;

/**
 * The latest nudge round due at `now` for a wait that began at `since`, or null when none is due
 * yet: round 0 once nudgeAfterWorkingDays working days have passed, round n nudgeRepeatDays × n
 * calendar days (same local time, in the profile's zone) after that.
 */
export function nudgeRound(
  since: IsoInstant,
  now: IsoInstant,
  profile: NudgeProfile,
): { round: number; dueAt: IsoInstant } | null {
  const worked = roundAt(since, DateTime.fromISO(now, { zone: profile.timeZone }), profile);
  return 'notBeforeMs' in worked ? null : { round: worked.round, dueAt: worked.dueAt };
}

interface Round {
  readonly round: number;
  readonly dueAt: IsoInstant;
  /** When round + 1 falls due (ms since the epoch); until then the answer stays the same. */
  readonly nextDueMs: number;
}

/** nudgeRound with `now` parsed once for a whole scan, and when the next round falls due. */
function roundAt(
  since: IsoInstant,
  at: DateTime,
  profile: NudgeProfile,
): (Round & { firstMs: number }) | { notBeforeMs: number } {
  const { nudgeAfterWorkingDays, nudgeRepeatDays } = profile.reminders;
  // First a check without luxon, for young waits: n working days span at least n calendar days,
  // which no clock change shortens by more than a day (instants are UTC strings, see IsoInstant,
  // which Date.parse reads as luxon does).
  const earliest = Date.parse(since) + (nudgeAfterWorkingDays - 1) * DAY_MS;
  if (at.toMillis() < earliest) return { notBeforeMs: earliest };
  const first = plusWorkingDays(instantIn(since, profile), nudgeAfterWorkingDays);
  if (at < first) return { notBeforeMs: first.toMillis() };
  // Counted in calendar days (23 or 25 hours across a clock change), so a round falls due at the local time of the
  // first.
  const round = Math.floor(calendarDaysBetween(first, at) / nudgeRepeatDays);
  return {
    round,
    dueAt: toIso(round === 0 ? first : first.plus({ days: round * nudgeRepeatDays })),
    nextDueMs: first.plus({ days: (round + 1) * nudgeRepeatDays }).toMillis(),
    firstMs: first.toMillis(),
  };
}

/**
 * What a scheduler remembers from one nudge scan to the next (the scan runs every minute over
 * every pending decision), by reference key: the wait start of records without waitingSince
 * (read from the audit trail, valid while the version is unchanged), each wait's round (valid
 * until the next round falls due), and to whom that round's nudges are already queued, so a scan
 * works out and builds only what changed.
 */
export class NudgeMemo {
  readonly legacyWaits = new Map<string, { readonly version: number; readonly since: IsoInstant }>();
  readonly rounds = new Map<
    string,
    { readonly since: IsoInstant; readonly notBeforeMs: number; readonly round: Round | null }
  >();
  /** The round whose nudges are in the outbox, and for whom: a later scan need not build them again. */
  readonly queued = new Map<string, { readonly since: IsoInstant; readonly round: number; readonly to: Set<string> }>();

  /** Called once the outbox has these deliveries (the scan cannot know whether the enqueue worked). */
  markQueued(deliveries: readonly Delivery[]): void {
    for (const d of deliveries) {
      if (d.kind !== 'nudge' || !('userAadObjectId' in d.target)) continue;
      const { ref, waitingSince, round } = d.payload as unknown as NudgePayload;
      const key = refKey(ref);
      let entry = this.queued.get(key);
      if (entry?.since !== waitingSince || entry.round !== round) {
        entry = { since: waitingSince, round, to: new Set() };
        this.queued.set(key, entry);
      }
      entry.to.add(d.target.userAadObjectId);
    }
  }

  /** Forgets decisions the last scan did not see (no longer pending). */
  keepOnly(keys: ReadonlySet<string>): void {
    for (const map of [this.legacyWaits, this.rounds, this.queued])
      for (const key of map.keys()) if (!keys.has(key)) map.delete(key);
  }
}

/** The round due for this wait at `at`, worked out again only when the memo cannot answer. */
function roundFor(key: string, since: IsoInstant, at: DateTime, profile: NudgeProfile, memo: NudgeMemo): Round | null {
  const known = memo.rounds.get(key);
  const nowMs = at.toMillis();
  if (known?.since === since) {
    if (nowMs < known.notBeforeMs) return null;
    if (known.round !== null && nowMs < known.round.nextDueMs) return known.round;
  }
  const worked = roundAt(since, at, profile);
  if ('notBeforeMs' in worked) {
    memo.rounds.set(key, { since, notBeforeMs: worked.notBeforeMs, round: null });
    return null;
  }
  const round = { round: worked.round, dueAt: worked.dueAt, nextDueMs: worked.nextDueMs };
  memo.rounds.set(key, { since, notBeforeMs: worked.firstMs, round });
  return round;
}

export const nudgeKey = (ref: string, since: IsoInstant, round: number, aadObjectId: string): string =>
  `nudge:${ref}:${since}:${round}:user:${aadObjectId}`;

/** The nudges due at `now` that the outbox does not have yet (it ignores keys it has). */
export async function scanNudges(
  store: Store,
  profile: GovernanceProfile,
  now: IsoInstant,
  memo: NudgeMemo = new NudgeMemo(),
): Promise<Delivery[]> {
  // Summaries: status, ticks, signer, version and waitingSince are all a nudge needs.
  const pending = await store.listSummaries({ statuses: PENDING });
  const seen = new Set<string>();
  const sinceOf = async (decision: DecisionSummary, key: string): Promise<IsoInstant> => {
    if (decision.waitingSince !== undefined) return decision.waitingSince;
    const known = memo.legacyWaits.get(key);
    if (known?.version === decision.version) return known.since;
    const since = waitingSince(decision, await store.getAudit(decision.ref));
    memo.legacyWaits.set(key, { version: decision.version, since });
    return since;
  };
  try {
    return await nudgesFor(pending, store, profile, now, async (decision, at) => {
      const key = refKey(decision.ref);
      seen.add(key);
      const since = await sinceOf(decision, key);
      const round = roundFor(key, since, at, profile, memo);
      if (round === null) return null;
      const queued = memo.queued.get(key);
      return {
        since,
        round: round.round,
        dueAt: round.dueAt,
        queuedTo: queued?.since === since && queued.round === round.round ? queued.to : null,
      };
    });
  } finally {
    memo.keepOnly(seen);
  }
}

async function nudgesFor(
  pending: readonly DecisionSummary[],
  store: Store,
  profile: GovernanceProfile,
  now: IsoInstant,
  dueOf: (
    decision: DecisionSummary,
    at: DateTime,
  ) => Promise<{ since: IsoInstant; round: number; dueAt: IsoInstant; queuedTo: ReadonlySet<string> | null } | null>,
): Promise<Delivery[]> {
  if (pending.length === 0) return [];
  const assignments = await store.listRoleAssignments();
  const rolesOf = new Map<string, Set<string>>();
  for (const a of assignments)
    rolesOf.set(a.holder.aadObjectId, (rolesOf.get(a.holder.aadObjectId) ?? new Set()).add(a.role));
  const at = DateTime.fromISO(now, { zone: profile.timeZone });
  const out: Delivery[] = [];
  let done = 0;
  for (const decision of pending) {
    // A large register's first scan takes seconds: let turns in between, so clicks are not held up.
    if (++done % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    const roles = nextStep(decision, profile).roles;
    if (roles.length === 0) continue;
    const due = await dueOf(decision, at);
    if (due === null) continue;
    const { since, round } = due;
    const holders = holdersOf(assignments, roles);
    // Already in the outbox for everyone who holds a waited-for role now (a new holder gets theirs).
    if (due.queuedTo !== null && holders.every((aad) => due.queuedTo!.has(aad))) continue;
    for (const aad of holders) {
      const payload: NudgePayload = {
        ref: decision.ref,
        roles: roles.filter((role) => rolesOf.get(aad)?.has(role)),
        waitingSince: since,
        round,
      };
      out.push(
        pendingDelivery(
          {
            key: nudgeKey(decision.ref, since, round, aad),
            kind: 'nudge',
            ref: decision.ref,
            target: { userAadObjectId: aad },
            payload,
            dueAt: due.dueAt,
          },
          now,
        ),
      );
    }
  }
  return out;
}

/**
 * A decision's audit trail: append-only events in a SHA-256 hash chain. Each event's hash covers
 * every other field of it, including the previous event's hash, so an edit, insertion, deletion
 * or reordering anywhere breaks a link that verifyChain finds. Dropping events from the end
 * leaves a shorter chain that is still valid; pass the recorded head (count and last hash) as
 * the anchor to catch that too.
 */
import { createHash } from 'crypto';
import { DomainError, ErrorCode } from './errors';
import type { AuditEvent, EventDraft, Provenance } from './types';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so equal values always hash alike. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new DomainError(ErrorCode.InvalidInput, `${value} cannot be recorded in the audit trail.`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value))
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new DomainError(ErrorCode.InvalidInput, `A ${typeof value} cannot be recorded in the audit trail.`);
}

/** The SHA-256 (hex) of everything in the event except its own hash. */
export function hashEvent(event: Omit<AuditEvent, 'hash'>): string {
  const { ref, seq, type, details, actor, at, conversationId, prevHash } = event;
  const body = { ref, seq, type, details, actor, at, conversationId, prevHash };
  return createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex');
}

/** The next link of the decision's chain after `prev` (null for the first event). */
export function linkEvent(prev: AuditEvent | null, ref: string, draft: EventDraft, provenance: Provenance): AuditEvent {
  if (prev !== null && prev.ref !== ref) {
    throw new DomainError(
      ErrorCode.InvalidInput,
      `An event of ${ref} cannot follow an event of ${prev.ref}: each decision has its own trail.`,
    );
  }
  const unhashed: Omit<AuditEvent, 'hash'> = {
    ref,
    seq: prev === null ? 1 : prev.seq + 1,
    type: draft.type,
    // A copy through JSON, so the stored details are exactly what was hashed.
    details: JSON.parse(canonicalJson(draft.details)) as Record<string, unknown>,
    actor: { aadObjectId: provenance.actor.aadObjectId, name: provenance.actor.name },
    at: provenance.at,
    conversationId: provenance.conversationId ?? null,
    prevHash: prev === null ? GENESIS_HASH : prev.hash,
  };
  return { ...unhashed, hash: hashEvent(unhashed) };
}

/** Links several drafts in order after `prev`, all with the same provenance. */
export function linkEvents(
  prev: AuditEvent | null,
  ref: string,
  drafts: readonly EventDraft[],
  provenance: Provenance,
): AuditEvent[] {
  const linked: AuditEvent[] = [];
  for (const draft of drafts) linked.push(linkEvent(linked.at(-1) ?? prev, ref, draft, provenance));
  return linked;
}

export type ChainVerdict = { ok: true; count: number } | { ok: false; brokenAt: number; reason: string };

/** What the store recorded as the end of the chain; lets verifyChain notice events dropped from the end. */
export interface ChainAnchor {
  readonly count: number;
  readonly lastHash: string;
}

/**
 * Checks a decision's whole trail, first event first. brokenAt is the 1-based position of the
 * first link that does not hold.
 */
export function verifyChain(events: readonly AuditEvent[], anchor?: ChainAnchor): ChainVerdict {
  const ref = events[0]?.ref;
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as AuditEvent;
    const position = i + 1;
    const broken = (reason: string): ChainVerdict => ({ ok: false, brokenAt: position, reason });
    if (event.seq !== position) return broken(`event ${position} is missing or out of order`);
    if (!hashMatches(event)) return broken(`event ${position} was changed after it was recorded`);
    const expectedPrev = i === 0 ? GENESIS_HASH : (events[i - 1] as AuditEvent).hash;
    if (event.prevHash !== expectedPrev) {
      return broken(
        position === 1
          ? 'event 1 does not start the trail: events before it are missing'
          : `event ${position} does not follow event ${position - 1}: an event was inserted, removed or replaced before it`,
      );
    }
    if (event.ref !== ref) return broken(`event ${position} belongs to ${event.ref}, not ${ref}`);
  }
  if (anchor !== undefined) {
    if (events.length < anchor.count) {
      return {
        ok: false,
        brokenAt: events.length + 1,
        reason: `event ${events.length + 1} is missing: the trail recorded ${anchor.count} events`,
      };
    }
    if (events.length > anchor.count) {
      return {
        ok: false,
        brokenAt: anchor.count + 1,
        reason: `event ${anchor.count + 1} was not recorded through the trail, which ended at ${anchor.count}`,
      };
    }
    const last = events.at(-1);
    if ((last?.hash ?? GENESIS_HASH) !== anchor.lastHash) {
      return {
        ok: false,
        brokenAt: Math.max(anchor.count, 1),
        reason: `event ${anchor.count} is not the one last recorded`,
      };
    }
  }
  return { ok: true, count: events.length };
}

function hashMatches(event: AuditEvent): boolean {
  try {
    return typeof event.hash === 'string' && hashEvent(event) === event.hash;
  } catch {
    return false;
  }
}

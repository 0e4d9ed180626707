/** The small whole-file documents under DATA_DIR: meta, roles, people, idempotency keys. */
import type { KnownPerson, RoleAssignment } from '../store';

/**
 * Bumped when the layout changes in a way older code cannot read. 2: the outbox's changes go to a
 * journal per month (older code would read only the snapshots, and could send again what was sent).
 */
export const FORMAT = 2;

/** Older formats this version opens as they are, and then marks as FORMAT (1: outbox months were only snapshots). */
export const UPGRADES_FROM: ReadonlySet<number> = new Set([1]);

export interface MetaFile {
  readonly format: number;
  readonly createdAt: string;
}

export interface RolesFile {
  readonly assignments: readonly RoleAssignment[];
}

/** Keyed by the lower-cased AAD object id. A store made before people were kept has no file: none known. */
export interface PeopleFile {
  readonly people: Readonly<Record<string, KnownPerson>>;
}

export interface IdempotencyEntry {
  readonly outcome: Readonly<Record<string, unknown>>;
  readonly at: string;
}

export interface IdempotencyFile {
  readonly entries: Readonly<Record<string, IdempotencyEntry>>;
}

/** How long an invoke's outcome is remembered: Teams retries within seconds, so a week is ample. */
export const IDEMPOTENCY_DAYS = 7;

/** The entries recorded at or after the cut-off (now minus IDEMPOTENCY_DAYS). */
export function pruneIdempotency(
  entries: Readonly<Record<string, IdempotencyEntry>>,
  now: Date,
): Record<string, IdempotencyEntry> {
  const cutoff = now.getTime() - IDEMPOTENCY_DAYS * 24 * 60 * 60 * 1000;
  const kept: Record<string, IdempotencyEntry> = {};
  for (const [key, entry] of Object.entries(entries)) {
    const t = Date.parse(entry.at);
    if (Number.isNaN(t) || t >= cutoff) kept[key] = entry;
  }
  return kept;
}

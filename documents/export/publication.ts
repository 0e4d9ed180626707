/**
 * When Part 1 of a decision is published: at approval, or, when its publication is deferred, on
 * the deferral date. Nothing unapproved is ever published, and a deferral whose date could not
 * be read from an imported document holds it back until a date is set.
 */
import { DateTime } from 'luxon';
import type { Decision, IsoDate, IsoInstant } from '../../domain/types';
import { UNKNOWN_DEFERRAL_DATE } from '../import/to-decision';
import { documentDate } from './part1-view';
import { inScope, type ViewerScope } from '../../domain/authority';

export interface PublicationState {
  readonly published: boolean;
  /** The day Part 1 was or will be published; null while that is not known (not approved, no deferral date). */
  readonly on: IsoDate | null;
  /** Why it is not published (yet). */
  readonly reason?: string;
}

/** The calendar day of an instant in a time zone ("2021-11-26"). */
export function dayOf(at: IsoInstant, timeZone: string): IsoDate {
  return DateTime.fromISO(at, { zone: 'utc' }).setZone(timeZone).toISODate() as IsoDate;
}

/**
 * Whether Part 1 is published on `today` (a day in the profile's zone, given by the caller's
 * clock). `timeZone` places the approval instant on a calendar day.
 */
export type PublicationSubject = Pick<Decision, 'ref' | 'status' | 'approvedAt' | 'part1Deferral'>;

export function publicationState(decision: PublicationSubject, today: IsoDate, timeZone = 'Europe/London'): PublicationState {
  if (decision.status !== 'approved' || decision.approvedAt === null) {
    return { published: false, on: null, reason: `${decision.ref} is not approved, so Part 1 is not published.` };
  }
  const approvedOn = dayOf(decision.approvedAt, timeZone);
  const deferral = decision.part1Deferral;
  if (deferral === null) return { published: true, on: approvedOn };
  if (deferral.until === UNKNOWN_DEFERRAL_DATE) {
    return {
      published: false,
      on: null,
      reason: `Publication of Part 1 is deferred (${deferral.reason}) until a date that is not yet set.`,
    };
  }
  const on = deferral.until > approvedOn ? deferral.until : approvedOn;
  if (today < on) {
    const until = documentDate(on, { timeZone });
    return { published: false, on, reason: `Publication of Part 1 is deferred until ${until}: ${deferral.reason}` };
  }
  return { published: true, on };
}

/**
 * The decisions a viewer may see in a register, a list or an export on `today`: with the "all"
 * scope every one; otherwise those whose Part 1 is published, and the viewer's own drafts.
 */
export function visibleTo<T extends PublicationSubject & Pick<Decision, 'createdBy'>>(
  scope: ViewerScope,
  decisions: readonly T[],
  today: IsoDate,
  timeZone: string,
): T[] {
  return decisions.filter((d) =>
    inScope(scope, d, scope.kind === 'all' || publicationState(d, today, timeZone).published),
  );
}

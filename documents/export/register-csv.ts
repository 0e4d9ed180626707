/**
 * The register of decisions as CSV that opens cleanly in Excel: a UTF-8 byte-order mark (so "£"
 * and "–" survive), RFC 4180 quoting with CRLF line ends, amounts as plain numbers with two
 * decimals (so a column of them sums), and no cell that Excel would run as a formula.
 */
import { totalOf, type DecisionOrSummary } from '../../domain/decision-summary';
import { decisionMakerFor } from '../../domain/delegation';
import { roleName, type GovernanceProfile } from '../../domain/profile';
import type { DecisionStatus, IsoDate, Pence } from '../../domain/types';
import { dayOf, publicationState } from './publication';

export const REGISTER_HEADER = [
  'ref',
  'title',
  'status',
  'decision maker',
  'total (£)',
  'approved on',
  'published on',
] as const;

const STATUS: Readonly<Record<DecisionStatus, string>> = {
  draft: 'Draft',
  in_review: 'In review',
  awaiting_chief_executive: 'Awaiting Chief Executive',
  awaiting_decision_maker: 'Awaiting decision maker',
  approved: 'Approved',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
};

/** A text cell Excel would read as a formula (=, +, -, @, or a leading tab/CR) gets a leading apostrophe. */
export function guardFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** RFC 4180: quoted when it holds a comma, quote or line break, with quotes doubled. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Pence as pounds with two decimals, digits only ("3740000.00"), exactly. */
export function poundsNumber(pence: Pence): string {
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * One row per decision, in the order given. `today` (a day in the profile's zone) decides whether
 * a deferred Part 1 is published yet; the decision maker of an unsubmitted draft is the one the
 * scheme of delegation names for its total.
 */
export function registerCsv(
  decisions: readonly DecisionOrSummary[],
  profile: GovernanceProfile,
  today: IsoDate,
): string {
  const rows = decisions.map((d) => {
    const total = totalOf(d);
    const publication = publicationState(d, today, profile.timeZone);
    const text = [
      d.ref,
      d.title,
      STATUS[d.status],
      roleName(profile, d.decisionMakerRole ?? decisionMakerFor(total, profile)),
    ].map((cell) => csvField(guardFormula(cell)));
    const approvedOn = d.approvedAt === null ? '' : dayOf(d.approvedAt, profile.timeZone);
    return [...text, poundsNumber(total), approvedOn, publication.published ? (publication.on ?? '') : ''].join(',');
  });
  return `\uFEFF${[REGISTER_HEADER.map(csvField).join(','), ...rows].join('\r\n')}\r\n`;
}

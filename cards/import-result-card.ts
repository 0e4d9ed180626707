/**
 * What an import did: the decision it made (or recorded as approved), the totals the document
 * states checked against its lines (a mismatch in red), and everything that could not be read,
 * never silently dropped. Built from the decision and its `decision.imported` audit event, so
 * the same card can be drawn again later. Template: cards/import-result.json.
 */
import template from './import-result.json';
import { citedRefs, decisionTotal } from '../domain/decision';
import { formatMoney } from '../domain/money';
import type { GovernanceProfile } from '../domain/profile';
import type { Decision, Pence } from '../domain/types';
import { statusLabel } from './decision-card';
import { expandTemplate, type CardJson } from './expand-template';

/** Flags shown on the card; the rest are counted (all are in the audit trail). */
export const MAX_SHOWN_FLAGS = 25;
const MAX_FLAG_LENGTH = 400;

export interface TotalCheckView {
  readonly stated: Pence;
  readonly computed: Pence | null;
  readonly matches: boolean;
  readonly label: string;
}

export interface ImportResultInput {
  readonly decision: Decision;
  readonly profile: GovernanceProfile;
  /** `"PCD-1065.docx"` or "pasted text". */
  readonly source: string;
  readonly flags: readonly string[];
  readonly totals: readonly TotalCheckView[];
  /** True when the document's decision maker signed and dated it. */
  readonly documentSigned: boolean;
}

const shorten = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

function totalLine(t: TotalCheckView): { text: string; color: string } {
  if (t.matches) return { text: `✓ ${formatMoney(t.stated)}: ${shorten(t.label, 300)}`, color: 'good' };
  const computed = t.computed === null ? '' : `, but the lines add up to ${formatMoney(t.computed)}`;
  return { text: `✗ ${formatMoney(t.stated)} stated for ${shorten(t.label, 300)}${computed}`, color: 'attention' };
}

export function importResultCard(input: ImportResultInput): CardJson {
  const { decision: d, profile, flags } = input;
  const approved = d.status === 'approved';
  const canApprove = d.status === 'draft' && d.imported && d.version === 1 && input.documentSigned;
  const mismatches = input.totals.filter((t) => !t.matches).length;
  const cited = citedRefs(d);
  const shown = flags.slice(0, MAX_SHOWN_FLAGS);
  const next = approved
    ? `${d.ref} is in the register as approved (historic), with the document's signature dates; its audit trail says it was imported. It cannot be changed; a correction is a new decision that cites it.`
    : `${d.ref} is a draft: check it against the document, fix what is flagged with \`edit ${d.ref}\` and \`fund ${d.ref} | …\`, then \`submit ${d.ref}\`.${canApprove ? ' The document is signed by its decision maker: an admin can record it as approved instead.' : ''}`;
  const viewModel = {
    ref: d.ref,
    version: d.version,
    headline: `${d.ref} imported ${approved ? 'as approved (historic)' : 'as a draft'}${flags.length > 0 ? `, with ${flags.length} ${flags.length === 1 ? 'thing' : 'things'} to check` : ''}`,
    style: flags.length > 0 || mismatches > 0 ? 'warning' : 'good',
    source: `From ${input.source}`,
    facts: [
      { title: 'Reference', value: d.ref },
      { title: 'Title', value: shorten(d.title, 300) },
      { title: 'Status', value: statusLabel(d, profile) },
      { title: 'Funding lines', value: String(d.funding.length) },
      { title: 'Total', value: formatMoney(decisionTotal(d)) },
      { title: 'Recommendations', value: String(d.recommendations.length) },
      { title: 'Cites', value: cited.length === 0 ? 'No earlier decisions' : cited.join(', ') },
      {
        title: 'Part 1',
        value: d.part1Deferral === null ? 'Published on approval' : `Deferred: ${shorten(d.part1Deferral.reason, 200)}`,
      },
      {
        title: 'Part 2',
        value: d.hasPart2 ? 'Yes: a separate Part 2 form exists (never imported or published)' : 'No',
      },
    ],
    totals: input.totals.slice(0, 20).map(totalLine),
    unreadHeading:
      flags.length === 0 ? 'Everything in the document was read.' : `Could not be read, or to check (${flags.length})`,
    flags: shown.map((text) => ({ text: shorten(text, MAX_FLAG_LENGTH) })),
    more: flags.length - shown.length,
    moreText: `…and ${flags.length - shown.length} more, not shown here; all are kept with the import in ${d.ref}'s audit trail.`,
    next,
    canApprove,
  };
  return expandTemplate(template, viewModel);
}

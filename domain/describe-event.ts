/** One audit event as a sentence for `history`. Unknown types fall back to their name. */
import { formatMoney } from './money';
import { roleName, type GovernanceProfile } from './profile';
import { joinAnd } from './prose';

type Details = Readonly<Record<string, unknown>>;

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const money = (v: unknown): string =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? formatMoney(v) : '';
/** Changed fields named as people say them; substance fields are already words. */
const FIELD_WORDS: Readonly<Record<string, string>> = {
  part1Deferral: 'Part 1 deferral',
  hasPart2: 'Part 2 flag',
  backgroundPapers: 'background papers',
};
const list = (v: unknown): string => (Array.isArray(v) ? v.map(String).join(', ') : '');
const service = (line: unknown): string => text((line as { service?: unknown } | null)?.service);

/**
 * `lines` are the decision's funding lines, so that an outcome names its services rather than
 * their ids ("the funding for MAPPA and GPS Tagging", not "mappa, gps-tagging").
 */
export function describeEvent(
  profile: GovernanceProfile,
  type: string,
  d: Details,
  lines: readonly { id: string; service: string }[] = [],
): string {
  const role = (v: unknown) => (typeof v === 'string' ? roleName(profile, v) : '');
  const item = (v: unknown) =>
    typeof v === 'string' ? (profile.declarations.find((i) => i.key === v)?.title ?? v) : '';
  switch (type) {
    case 'decision.created':
      return `created the draft${text(d.title) ? `: ${text(d.title)}` : ''}`;
    case 'decision.imported':
      return `imported it from ${text(d.source) || 'a document'}${d.status === 'approved' ? ' as an approved (historic) decision' : ' as a draft'}: ${money(d.total)}`;
    case 'decision.imported-as-approved':
      return `recorded the imported decision as approved (historic), decision maker ${role(d.decisionMakerRole)}`;
    case 'funding.line_added':
      return `added funding line ${service(d.line)} (${money(d.lineTotal)})`;
    case 'funding.line_replaced':
      return `replaced funding line ${service(d.line)}: now ${money(d.lineTotal)}`;
    case 'funding.line_removed':
      return `removed funding line ${service(d.line)}`;
    case 'decision.updated':
      return `edited ${list(d.changed) || 'the details'}`;
    case 'decision.review_reset':
      return `reset sign-off because ${list(Array.isArray(d.because) ? d.because.map((f) => FIELD_WORDS[String(f)] ?? f) : [])} changed${list(d.resetTicks) ? ` (ticks: ${(d.resetTicks as unknown[]).map(item).join(', ')})` : ''}`;
    case 'decision.submitted':
      return `submitted it for sign-off: ${money(d.total)}, decision maker ${role(d.decisionMakerRole)}`;
    case 'declaration.ticked':
      return `ticked ${item(d.item)}`;
    case 'declaration.unticked':
      return `unticked ${item(d.item)}`;
    case 'decision.ready_for_chief_executive':
      return 'every declaration item ticked: waiting for the Chief Executive';
    case 'decision.ready_for_decision_maker':
      return `waiting for the ${role(d.decisionMakerRole)}`;
    case 'signature.signed':
      return `signed as ${role(d.role)}${d.key === 'decision-maker' ? ` (interest declared: ${text(d.interest) || 'None'})` : ''}`;
    case 'decision.approved':
      return `approved: ${money(d.total)}`;
    case 'decision.rejected':
      return `rejected it: ${text(d.reason)}`;
    case 'decision.withdrawn':
      return `withdrew it: ${text(d.reason)}`;
    case 'funding.outcome_recorded': {
      const ids = Array.isArray(d.lineIds) ? d.lineIds.map(String) : [];
      const funding = `the funding for ${joinAnd(ids.map((id) => lines.find((l) => l.id === id)?.service ?? id))}`;
      return d.outcome === 'renewed'
        ? `recorded that ${funding} ${text(d.renewalRef) ? `is renewed by ${text(d.renewalRef)}` : 'is renewed'}`
        : `recorded that ${funding} ends: ${text(d.reason)}`;
    }
    default:
      return type;
  }
}

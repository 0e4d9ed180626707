/**
 * The renewal reminder: funding lines of an approved decision that end soon, with the two ways
 * to resolve them (start a renewal, or record that the funding ends). Once resolved the card
 * shows the outcome and no buttons. Template: cards/reminder.json.
 */
import template from './reminder.json';
import { formatFinancialYear } from '../domain/financial-year';
import { formatMoney } from '../domain/money';
import type { GovernanceProfile } from '../domain/profile';
import type { Decision, IsoDate, Pence } from '../domain/types';
import { expandTemplate, type CardJson } from './expand-template';
import { formatDate, formatDateTime } from './format';
import { joinAnd } from '../domain/prose';

export interface ReminderLine {
  readonly lineId: string;
  readonly service: string;
  readonly source: string;
  /** Start year of the line's last funded financial year (2022 for 2022/23). */
  readonly lastYear: number;
  /** The line's allocation in that last year. */
  readonly amount: Pence;
  /** The last day funded, e.g. "2023-03-31". */
  readonly endDate: IsoDate;
  readonly monthsLeft: number;
}

export interface ReminderResolution {
  readonly outcome: 'renewed' | 'ended';
  /** Who decided (display name). */
  readonly by: string;
  /** When, as an ISO instant. */
  readonly at: string;
  readonly reason?: string;
  /** For a renewal: the new draft's reference. */
  readonly renewalRef?: string;
}

export interface ReminderCardInput {
  readonly decision: Decision;
  readonly profile: GovernanceProfile;
  readonly lines: readonly ReminderLine[];
  /** Months before the end of the last funded year: 6, 3 or 1 for MOPAC. */
  readonly stage: number;
  readonly escalation: boolean;
  readonly resolved?: ReminderResolution | null;
}

const months = (n: number): string => `${n} ${n === 1 ? 'month' : 'months'}`;

function resolutionText(r: ReminderResolution, timeZone: string): string {
  const when = formatDateTime(r.at, timeZone);
  if (r.outcome === 'renewed')
    return `Renewal started${r.renewalRef ? ` as ${r.renewalRef}` : ''} by ${r.by} on ${when}.`;
  return `Recorded that the funding ends, by ${r.by} on ${when}${r.reason ? `: ${r.reason}` : '.'}`;
}

/** The reminder card as Adaptive Card 1.5 JSON. */
export function reminderCard(input: ReminderCardInput): CardJson {
  const { decision: d, profile } = input;
  const headline = `${input.escalation ? 'Escalation: f' : 'F'}unding ends in ${months(input.stage)}`;
  const names = joinAnd(input.lines.map((l) => l.service));
  const viewModel = {
    ref: d.ref,
    title: d.title,
    header: `${profile.body} · ${d.ref}`,
    headline,
    style: input.escalation ? 'attention' : 'warning',
    explanation: `${d.ref} funds ${names} until the end of the financial year shown below. Providers are promised notice, so decide now whether to renew or to let the funding end.`,
    lines: input.lines.map((l) => ({
      service: l.service,
      source: l.source,
      lastYear: formatFinancialYear(l.lastYear),
      amount: formatMoney(l.amount),
      endDate: formatDate(l.endDate),
      monthsLeft: `${months(l.monthsLeft)} left`,
    })),
    lineIds: input.lines.map((l) => l.lineId),
    lineNames: names,
    resolved: input.resolved ? { text: resolutionText(input.resolved, profile.timeZone) } : null,
    ask: `Start a renewal to draft a new decision for the following year that cites ${d.ref}, or record why the funding ends.`,
  };
  return expandTemplate(template, viewModel);
}

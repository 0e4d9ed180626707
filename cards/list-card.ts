/**
 * A compact table of decisions for `list` and `mine`: reference and title, status, total,
 * decision maker, and a Show button per row; at most 25 rows. Template: cards/decision-list.json.
 */
import template from './decision-list.json';
import { decisionTotal } from '../domain/decision';
import { formatMoney } from '../domain/money';
import { roleName, type GovernanceProfile } from '../domain/profile';
import type { Decision } from '../domain/types';
import { statusLabel } from './decision-card';
import { expandTemplate, type CardJson } from './expand-template';

export const MAX_LIST_ROWS = 25;

export interface ListCardInput {
  /** E.g. "Decisions", "Decisions: approved", "Waiting on you". */
  readonly title: string;
  /** In the order to show them: decisions or their summaries (domain/decision-summary.ts). */
  readonly decisions: readonly Pick<Decision, 'ref' | 'title' | 'status' | 'decisionMakerRole' | 'funding'>[];
  readonly profile: GovernanceProfile;
}

/** The list card as Adaptive Card 1.5 JSON. */
export function listCard(input: ListCardInput): CardJson {
  const { decisions, profile } = input;
  const shown = decisions.slice(0, MAX_LIST_ROWS);
  const viewModel = {
    title: input.title,
    count: decisions.length,
    summary: `${decisions.length} ${decisions.length === 1 ? 'decision' : 'decisions'}${decisions.length > shown.length ? `; the first ${shown.length} are shown` : ''}.`,
    rows: shown.map((d) => ({
      ref: d.ref,
      title: d.title,
      status: statusLabel(d, profile),
      total: d.funding.length === 0 ? '–' : formatMoney(decisionTotal(d)),
      decisionMaker: d.decisionMakerRole === null ? 'Named on submission' : roleName(profile, d.decisionMakerRole),
    })),
    more: decisions.length - shown.length,
  };
  return expandTemplate(template, viewModel);
}

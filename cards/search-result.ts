/**
 * One decision as the compose box lists it (the message extension's search results): a
 * thumbnail card with the reference and title, the status and the total. Tapping it asks the bot
 * for the decision's card to insert (a `composeExtension/selectItem` invoke with `{ ref }`). The
 * result's own content is a hero card of the same text: what a client without the invoke inserts.
 */
import { formatMoney } from '../domain/money';
import type { GovernanceProfile } from '../domain/profile';
import type { DecisionSummary } from '../domain/decision-summary';
import { statusLabel } from './decision-card';

const THUMBNAIL = 'application/vnd.microsoft.card.thumbnail';
const HERO = 'application/vnd.microsoft.card.hero';

/** What a result shows of a decision (a summary has it; the store lists summaries). */
export type ListedDecision = Pick<
  DecisionSummary,
  'ref' | 'title' | 'status' | 'decisionMakerRole' | 'funding' | 'total'
>;

export interface SearchResultAttachment {
  readonly contentType: string;
  readonly content: Readonly<Record<string, unknown>>;
  readonly preview: { readonly contentType: string; readonly content: Readonly<Record<string, unknown>> };
}

/** What the result says of the decision: "Approved · £1,234,000.00". */
export function searchResultLine(d: ListedDecision, profile: GovernanceProfile): string {
  const total = d.funding.length === 0 ? 'no funding yet' : formatMoney(d.total);
  return `${statusLabel(d, profile)} · ${total}`;
}

export function searchResult(d: ListedDecision, profile: GovernanceProfile): SearchResultAttachment {
  const title = `${d.ref}: ${d.title}`;
  const text = searchResultLine(d, profile);
  return {
    contentType: HERO,
    content: { title, text },
    preview: {
      contentType: THUMBNAIL,
      content: { title, text, tap: { type: 'invoke', value: { ref: d.ref } } },
    },
  };
}

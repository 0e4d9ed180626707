/**
 * How a card is kept small enough for Teams. Teams refuses a message over about 100 KB counted in
 * UTF-16 (413 MessageSizeTooBig) and the reactions and mentions it adds later count too, so each
 * card stays under CARD_BUDGET_BYTES of UTF-8 and CARD_BUDGET_UTF16_BYTES of UTF-16. A card that
 * would be larger is squeezed, level by level, rather than refused.
 */
import type { Decision } from '../domain/types';

/** Each card's budget in UTF-8 bytes, as sent (compact JSON). */
export const CARD_BUDGET_BYTES = 28 * 1024;
/** Each card's budget in UTF-16 bytes, as Teams counts it (two bytes per code unit). */
export const CARD_BUDGET_UTF16_BYTES = 56 * 1024;

/** Size of a card as sent: compact JSON in UTF-8. */
export const cardBytes = (card: unknown): number => Buffer.byteLength(JSON.stringify(card), 'utf8');
/** Size of a card as Teams measures it: compact JSON in UTF-16. */
export const cardUtf16Bytes = (card: unknown): number => JSON.stringify(card).length * 2;
/** Whether a card is within both budgets (its JSON made once for both: every render asks). */
export const fitsBudget = (card: unknown): boolean => {
  const json = JSON.stringify(card);
  return Buffer.byteLength(json, 'utf8') < CARD_BUDGET_BYTES && json.length * 2 < CARD_BUDGET_UTF16_BYTES;
};

/** The longest free texts a squeeze level shows whole; longer ones are shortened and marked "…". */
export interface TextLimits {
  readonly summary: number;
  readonly recommendation: number;
  readonly backgroundPaper: number;
  /** A funding line's service and source. */
  readonly service: number;
  readonly source: number;
  /** Reasons and declared interests (rejection, withdrawal, Part 1 deferral, a signatory's interest). */
  readonly reason: number;
}

export interface Squeeze {
  /**
   * What the list layout shows of each funding line: its amount in each year, its total only, or
   * nothing (the lines are in the export); the totals by year and overall always stay.
   */
  readonly lines: 'years' | 'totals' | 'none';
  /** The longest free texts shown whole, or null to show them all whole. */
  readonly texts: TextLimits | null;
}

const WHOLE_NAMES = { service: 120, source: 80, reason: 1000 } as const;
const SHORT_NAMES = { service: 50, source: 25, reason: 200 } as const;

/**
 * The levels, gentlest first: everything; each line's years left to the totals by year (the lines
 * as one compact list of totals); long texts shortened; shortened further; everything to a line or
 * so; and, for 40 funding lines with every text as long as allowed, the lines left to the export.
 * The title, the statements and the figures are never shortened.
 */
export const SQUEEZES: readonly Squeeze[] = [
  { lines: 'years', texts: null },
  { lines: 'totals', texts: null },
  { lines: 'totals', texts: { summary: 1500, recommendation: 400, backgroundPaper: 250, ...WHOLE_NAMES } },
  { lines: 'totals', texts: { summary: 800, recommendation: 150, backgroundPaper: 100, ...WHOLE_NAMES } },
  { lines: 'totals', texts: { summary: 400, recommendation: 70, backgroundPaper: 40, ...SHORT_NAMES } },
  { lines: 'none', texts: { summary: 400, recommendation: 70, backgroundPaper: 40, ...SHORT_NAMES } },
];

/** The last level: what is sent when nothing smaller can be made. */
export const MOST_SQUEEZED = SQUEEZES.length - 1;

/**
 * The decision as a card at this level shows it: its long free texts shortened. `shortened` says
 * whether anything was, so the card can say so.
 */
export function squeezeDecision(d: Decision, squeeze: Squeeze): { decision: Decision; shortened: boolean } {
  const limits = squeeze.texts;
  if (limits === null) return { decision: d, shortened: false };
  let shortened = false;
  const cut = (text: string, max: number): string => {
    const out = shorten(text, max);
    if (out !== text) shortened = true;
    return out;
  };
  const closure = (c: Decision['rejection']) => c && { ...c, reason: cut(c.reason, limits.reason) };
  const signatures = Object.fromEntries(
    Object.entries(d.signatures).map(([key, s]) => [
      key,
      s.interest === undefined ? s : { ...s, interest: cut(s.interest, limits.reason) },
    ]),
  );
  const decision: Decision = {
    ...d,
    summary: cut(d.summary, limits.summary),
    recommendations: d.recommendations.map((r) => cut(r, limits.recommendation)),
    backgroundPapers: d.backgroundPapers.map((p) => cut(p, limits.backgroundPaper)),
    funding: d.funding.map((l) => ({
      ...l,
      service: cut(l.service, limits.service),
      source: cut(l.source, limits.source),
    })),
    part1Deferral: d.part1Deferral && { ...d.part1Deferral, reason: cut(d.part1Deferral.reason, limits.reason) },
    rejection: closure(d.rejection),
    withdrawal: closure(d.withdrawal),
    signatures,
  };
  return { decision, shortened };
}

/** Text cut to `max` characters at a word boundary, marked with an ellipsis. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

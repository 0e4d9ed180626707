/**
 * Reads a decision document (the seed's layout: MOPAC "DMPC Decision – PCD 1065", GLA "Mayoral
 * Decision MD2008", "Director Decision DD2301", "Decision 44/2020") into what it holds. Pure: text
 * in, record out. Whatever could not be read is listed in `unread`, naming the part and quoting it.
 */
import { findRefs, findRefsInProse, normalizeRef, parseRefPrefix, refKey } from '../../domain/reference';
import type { GovernanceProfile } from '../../domain/profile';
import type { IsoDate, Pence } from '../../domain/types';
import { regroupCellPerLineTables } from './cell-per-line-tables';
import { checkTotals, proseTotals, type TotalsCheck } from './check-totals';
import { findSection, LABELS, labelText } from './document-sections';
import { type DocumentLine, documentLines, isListItem, quote, stripListMarker, withoutMarker } from './document-text';
import { parseDocumentDate } from './parse-dates';
import { type ParsedFundingLine, parseFundingTables, yearOfHeader } from './parse-funding-tables';
import { type ParsedSignature, parseSignatures } from './parse-signatures';

export type { ParsedFundingLine } from './parse-funding-tables';
export type { ParsedSignature } from './parse-signatures';
export type { TotalsCheck } from './check-totals';

export interface ParsedDecision {
  readonly ref: string | null;
  readonly title: string | null;
  readonly summary: string;
  readonly recommendations: string[];
  readonly backgroundPapers: string[];
  /**
   * Other decisions the document cites, normalised, without repeats or itself: those in the
   * background papers, then those in the rest of its text ("follows MD2841 and … MD2950").
   */
  readonly citedRefs: string[];
  readonly funding: ParsedFundingLine[];
  /** `until` is null when the document defers Part 1 but its date could not be read. */
  readonly part1Deferral: { until: IsoDate | null; reason: string } | null;
  readonly hasPart2: boolean;
  readonly signatures: ParsedSignature[];
  /** Each amount the document states as a total, once, in order of first appearance. */
  readonly statedTotals: Pence[];
  readonly totalsCheck: TotalsCheck[];
  /** True when the decision maker's block is signed and dated. */
  readonly approved: boolean;
  /** What could not be read, each naming the part of the document and quoting it. */
  readonly unread: string[];
}

const REF_LABEL = /^(?:reference|ref\.?|decision\s+(?:number|no\.?|reference))\s*(?:number|no\.?)?\s*[:\-–]?\s*(.+)$/i;
const DECISION_WORD = /\bdecision\b\s*[–—:-]?\s*/i;
const NUMBER_ONLY = /^(\d{1,9}\/\d{2,4})\b/;

/**
 * The decision's reference from its heading ("DMPC Decision – PCD 1065", "Decision 44/2020") or a "Reference:" line.
 */
export function findReference(lines: readonly DocumentLine[], prefixes: readonly string[]): string | null {
  for (const line of lines) {
    const text = line.text.replace(/\t+/g, ' ').trim();
    const labelled = REF_LABEL.exec(text);
    if (labelled) {
      const ref = parseRefPrefix(labelled[1] ?? '', prefixes);
      if (ref) return ref.ref;
    }
    const word = DECISION_WORD.exec(text);
    if (word && word.index <= 40) {
      const rest = text.slice(word.index + word[0].length);
      const number = NUMBER_ONLY.exec(rest);
      if (number) return normalizeRef(`Decision ${number[1] ?? ''}`);
      const ref = parseRefPrefix(rest, prefixes);
      if (ref && /^\p{Lu}/u.test(rest)) return ref.ref;
    }
    if (line.marked) {
      const ref = parseRefPrefix(text, prefixes);
      if (ref && ref.rest === '') return ref.ref;
    }
  }
  return null;
}

function findTitle(lines: readonly DocumentLine[]): string | null {
  const at = lines.findIndex((l) => LABELS.title.test(labelText(l.text)));
  if (at === -1) return null;
  const inline = labelText(lines[at]?.text ?? '')
    .replace(LABELS.title, '')
    .trim();
  const title = inline !== '' ? inline : (lines[at + 1]?.text.trim() ?? '');
  return title === '' ? null : title.replace(/\s+/g, ' ');
}

/** Paragraphs separated by a blank line; consecutive list items by a new line, written "- item". */
function joinText(texts: readonly string[]): string {
  let out = '';
  let previousWasItem = false;
  for (const raw of texts) {
    const item = /^\s*[-*•–]\s+/.test(raw);
    const text = item ? `- ${stripListMarker(raw)}` : raw.trim();
    if (out !== '') out += item && previousWasItem ? '\n' : '\n\n';
    out += text;
    previousWasItem = item;
  }
  return out;
}

const PREAMBLE = /(?:recommended\s+to|is\s+asked\s+to|:\s*$)/i;

/** Numbered or bulleted items; lines before the first item that introduce the list are left out. */
function listItems(texts: readonly string[]): string[] {
  const hasItems = texts.some((t) => isListItem(t));
  const items: string[] = [];
  for (const text of texts) {
    if (hasItems && !isListItem(text)) {
      if (items.length === 0) continue; // the introduction ("The Deputy Mayor … is recommended to:")
      items[items.length - 1] = `${items[items.length - 1]} ${text.trim()}`;
      continue;
    }
    if (!hasItems && items.length === 0 && PREAMBLE.test(text)) continue;
    const item = withoutMarker(text).replace(/\s+/g, ' ');
    if (item !== '') items.push(item);
  }
  return items;
}

const YES_NO = /\b(yes|no)\b/i;

/** The YES/NO answer on the question's line or the next. */
function answerTo(
  lines: readonly DocumentLine[],
  question: RegExp,
): { answer: 'yes' | 'no' | null; at: number } | null {
  const at = lines.findIndex((l) => question.test(l.text));
  if (at === -1) return null;
  const line = lines[at] as DocumentLine;
  const asked = question.exec(line.text);
  const after = asked ? line.text.slice(asked.index + asked[0].length) : '';
  const here = YES_NO.exec(after) ?? (/^\s*$/.test(after) ? YES_NO.exec(lines[at + 1]?.text.slice(0, 12) ?? '') : null);
  return { answer: here ? ((here[1] ?? '').toLowerCase() as 'yes' | 'no') : null, at };
}

function labelledValue(lines: readonly DocumentLine[], from: number, label: RegExp, stop: RegExp): string {
  const at = lines.findIndex((l, i) => i >= from && label.test(l.text.trim()));
  if (at === -1) return '';
  const inline = (lines[at]?.text ?? '').trim().replace(label, '').trim();
  if (inline !== '') return inline;
  const next = lines[at + 1]?.text.trim() ?? '';
  return next === '' || stop.test(next) || label.test(next) ? '' : next;
}

const DEFERRAL_QUESTION = /publication\s+of\s+part\s+(?:1|i|one)\b.*?deferred\s*\??/i;
const PART2_QUESTION = /is\s+there\s+a\s+part\s+(?:2|ii|two)\s+form\s*[-–—:?]*/i;
const REASON_LABEL = /^if\s+yes,?\s+for\s+what\s+reason\s*:?\s*/i;
const UNTIL_LABEL = /^until\s+what\s+date\s*:?\s*/i;

function readPublication(
  lines: readonly DocumentLine[],
  unread: string[],
): Pick<ParsedDecision, 'part1Deferral' | 'hasPart2'> {
  let part1Deferral: ParsedDecision['part1Deferral'] = null;
  const deferral = answerTo(lines, DEFERRAL_QUESTION);
  if (deferral === null)
    unread.push(
      'Part 1 deferral: the question "Is the publication of Part 1 of this approval to be deferred?" was not found; read as not deferred.',
    );
  else if (deferral.answer === null)
    unread.push(
      `Part 1 deferral: no YES or NO answer after ${quote(lines[deferral.at]?.text ?? '')}; read as not deferred.`,
    );
  else if (deferral.answer === 'yes') {
    const reason = labelledValue(lines, deferral.at, REASON_LABEL, UNTIL_LABEL);
    const dateText = labelledValue(lines, deferral.at, UNTIL_LABEL, /^(?:part\s+2|is\s+there)/i);
    const until = parseDocumentDate(dateText);
    if (until === null)
      unread.push(
        `Part 1 deferral: publication is deferred but the date ${quote(dateText)} could not be read; it stays unpublished until a date is set.`,
      );
    if (reason === '')
      unread.push('Part 1 deferral: publication is deferred but no reason was found after "If yes, for what reason:".');
    part1Deferral = { until, reason };
  }
  const part2 = answerTo(lines, PART2_QUESTION);
  if (part2 === null) unread.push('Part 2: the question "Is there a Part 2 form" was not found; read as no Part 2.');
  else if (part2.answer === null)
    unread.push(`Part 2: no YES or NO answer after ${quote(lines[part2.at]?.text ?? '')}; read as no Part 2.`);
  return { part1Deferral, hasPart2: part2?.answer === 'yes' };
}

const NO_COST =
  /\bno\s+(?:direct\s+)?(?:financial|budgetary|funding|cost)\s+(?:implications?|consequences)\b|\bno\s+(?:direct\s+)?(?:cost|expenditure)\s+(?:to|for)\s+(?:the\s+)?(?:GLA|MOPAC|Mayor|Authority)\b/i;
const LONE_AMOUNT = /^£\s?\d[\d,]*(?:\.\d+)?\s*(?:m|k|bn|million)?$/i;

/** Reads the document. Never throws on content: what it cannot read goes to `unread`. */
export function parseDecisionDocument(text: string, profile: GovernanceProfile): ParsedDecision {
  const lines = regroupCellPerLineTables(documentLines(text));
  const unread: string[] = [];
  const prefixes = [profile.reference.prefix];

  const ref = findReference(lines, prefixes);
  if (ref === null)
    unread.push('Reference: no heading such as "DMPC Decision – PCD 1065" or "Reference: MD2008" was found.');
  const title = findTitle(lines);
  if (title === null) unread.push('Title: no line starting "Title:" was found.');

  const summarySection = findSection(lines, LABELS.summary, profile);
  const summary = summarySection
    ? joinText([summarySection.inline, ...summarySection.lines.map((l) => l.text)].filter((t) => t !== ''))
    : '';
  if (summary === '') unread.push('Executive summary: no "Executive Summary" part with text was found.');

  const recSection = findSection(lines, LABELS.recommendations, profile, true);
  const recommendations = recSection
    ? listItems([recSection.inline, ...recSection.lines.map((l) => l.text)].filter((t) => t !== ''))
    : [];
  if (recommendations.length === 0)
    unread.push('Recommendations: no "Recommendation" or "Decision required" part with items was found.');

  const paperSection = findSection(lines, LABELS.backgroundPapers, profile, true);
  const paperTexts = paperSection
    ? [paperSection.inline, ...paperSection.lines.map((l) => l.text)].filter((t) => t !== '')
    : [];
  const backgroundPapers = paperTexts
    .map((t) =>
      withoutMarker(t)
        .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
        .replace(/\s+/g, ' '),
    )
    .filter((t) => t !== '' && !/^(?:none|n\/a|not applicable)\.?$/i.test(t));
  // The background papers' references first, then those cited anywhere else in the text ("follows MD2841").
  const citedRefs: string[] = [];
  const cite = (r: string) => {
    if (!citedRefs.some((c) => refKey(c) === refKey(r)) && (ref === null || refKey(r) !== refKey(ref)))
      citedRefs.push(r);
  };
  for (const paper of backgroundPapers) findRefs(paper, prefixes).forEach(cite);
  for (const line of lines) findRefsInProse(line.text, prefixes).forEach(cite);

  const titleYear = title === null ? null : yearOfHeader(title);
  const tables = parseFundingTables(lines, titleYear);
  unread.push(...tables.unread);
  const funding = tables.tables.flatMap((t) => t.lines);
  const prose = proseTotals(lines, tables.tableLineIndices);
  // A decision without funding ("There are no direct financial implications") has nothing unread.
  const saysNoCost = prose.length === 0 && lines.some((l) => NO_COST.test(l.text));
  if (funding.length === 0 && !saysNoCost)
    unread.push('Funding: no funding table with a financial-year column (such as "22/23" or "2023/24") was found.');
  for (const line of lines) {
    if (!tables.tableLineIndices.has(line.index) && LONE_AMOUNT.test(line.text.trim()))
      unread.push(
        `Funding: the amount ${quote(line.text)} stands alone outside any table (a table pasted one cell per line?); give tables as tab-separated or Markdown rows.`,
      );
  }

  const publication = readPublication(lines, unread);
  const signed = parseSignatures(lines, profile);
  unread.push(...signed.unread);

  const totalsCheck = checkTotals(tables.tables, tables.totals, prose);
  const statedTotals: Pence[] = [];
  // A line's own Total column restates that line; the decision's stated totals are the prose and the Total rows.
  const totalRows = tables.totals.filter((t) => t.service === null);
  const stated = [...prose.map((p) => ({ amount: p.amount, index: p.index })), ...totalRows].sort(
    (a, b) => a.index - b.index,
  );
  for (const s of stated) if (!statedTotals.includes(s.amount)) statedTotals.push(s.amount);

  return {
    ref,
    title,
    summary,
    recommendations,
    backgroundPapers,
    citedRefs,
    funding,
    ...publication,
    signatures: signed.signatures,
    statedTotals,
    totalsCheck,
    approved: signed.signatures.some((s) => s.key === 'decision-maker'),
    unread,
  };
}

/**
 * Whether text reads as a decision at all: a reference heading, or at least two of the form's
 * parts (title, executive summary, recommendations, a funding table, the Part 1/Part 2 questions).
 */
export function looksLikeDecision(text: string, prefixes: readonly string[] = []): boolean {
  const lines = documentLines(text);
  if (findReference(lines, prefixes) !== null) return true;
  const parts = [
    LABELS.title,
    LABELS.summary,
    /^(?:recommendations?|decisions?\s+required)\b/i,
    DEFERRAL_QUESTION,
    PART2_QUESTION,
    /(?:service|project).*\t.*(?:\d{2}\/\d{2}|allocation)/i,
  ];
  return parts.filter((re) => lines.some((l) => re.test(labelText(l.text)))).length >= 2;
}

/**
 * Finding the parts of a decision document by their headings. Headings arrive marked (Markdown
 * "#", bold) or plain (Word text, paste), so a part ends at the next marked heading or the next
 * line that reads as one of the form's known labels.
 */
import type { GovernanceProfile } from '../../domain/profile';
import { type DocumentLine, isListItem } from './document-text';
import { isTableRow } from './parse-funding-tables';

export const LABELS = {
  summary: /^(?:executive\s+summary\b\s*:?\s*|summary\s*(?::\s*|$))/i,
  recommendations:
    /^(?:recommendations?\b(?:\(s\))?(?:\s+to\s+the\s+[\p{L} ]{2,40})?|decisions?\s+required\b|decisions?\b)\s*(?::\s*|$)/iu,
  backgroundPapers:
    /^(?:\d{1,2}\.?\s+)?(?:(?:background|supporting)\s*(?:\/|and|or|&)?\s*(?:supporting\s+)?(?:papers|documents|documentation)(?:\s*(?:\/|and|or|&)\s*(?:supporting\s+)?(?:papers|documents|appendices))?|appendices(?:\s+and\s+supporting\s+papers)?)\b\s*:?\s*/i,
  title: /^title\s*(?::|\t|$)\s*/i,
};

// "1. Executive Summary", "2) Recommendations", "A. Background papers": a label's own section number.
const SECTION_NUMBER = /^(?:\d{1,2}(?:\.\d{1,2})*\.?|\d{1,2}\)|[A-Z][.)])\s+/;

/** The line as a label is matched against: without a section number before a short heading. */
export function labelText(text: string): string {
  const trimmed = text.trim();
  return trimmed.length <= 70 ? trimmed.replace(SECTION_NUMBER, '') : trimmed;
}

const LABEL_LIST = [LABELS.summary, LABELS.recommendations, LABELS.backgroundPapers, LABELS.title];

const BOUNDARIES: readonly RegExp[] = [
  LABELS.summary,
  LABELS.recommendations,
  LABELS.backgroundPapers,
  LABELS.title,
  /^part\s+(?:1|i|one|2|ii|two)\b/i,
  /^public\s+access\s+to\s+information/i,
  /^originating\s+officer/i,
  /^(?:signature|signed|date)\b/i,
  /^declaration\s+of\s+interests?/i,
  /^.{0,50}\bapproval:?$/i,
  /^(?:the\s+above\s+request|it)\s+has\s+my\s+approval/i,
  /^[\p{L} ]{0,30}\bdecision\b\s*[–—:-]?\s*\p{L}{0,10}\s?\d+/iu,
];

/** "3. Financial Comments": a numbered part of the form, unless it is an item of the list being read. */
const NUMBERED_HEADING = /^\d{1,2}\.?\s+[A-Z][^.:]{2,60}$/;

const sameWords = (a: string, b: string): boolean =>
  a
    .replace(/[^a-z0-9]+/gi, ' ')
    .trim()
    .toLowerCase() ===
  b
    .replace(/[^a-z0-9]+/gi, ' ')
    .trim()
    .toLowerCase();

/** "AUTHORISING DIRECTOR", "CHIEF OFFICER STATEMENT": a heading typed in capitals in Word text. */
const CAPITALS_HEADING = /^(?=(?:.*\p{Lu}){6})[\p{Lu}\d][\p{Lu}\d\s/&,'’()–—-]{4,60}:?$/u;

/** True when the line starts a new part of the form. */
export function isBoundary(line: DocumentLine, profile: GovernanceProfile, inList = false): boolean {
  if (line.marked || isTableRow(line.text)) return true;
  const text = line.text.replace(/\t+/g, ' ').trim();
  if (!inList && NUMBERED_HEADING.test(text)) return true;
  if (CAPITALS_HEADING.test(text)) return true;
  if (BOUNDARIES.some((re) => re.test(text)) && !(isListItem(text) && text.length > 70)) return true;
  if (!inList && LABEL_LIST.some((re) => re.test(labelText(text)))) return true;
  return profile.roles.some((r) => sameWords(text, r.name)) || profile.signatures.some((s) => sameWords(text, s.title));
}

export interface Section {
  /** The text after the label on the heading line itself ("Executive Summary: This decision…"). */
  readonly inline: string;
  readonly lines: readonly DocumentLine[];
  readonly headingIndex: number;
}

/**
 * The first part headed by a line matching `label`, up to the next boundary; null if none. In a
 * numbered list (`inList`) a short numbered line is an item, not the next part.
 */
export function findSection(
  lines: readonly DocumentLine[],
  label: RegExp,
  profile: GovernanceProfile,
  inList = false,
): Section | null {
  const start = lines.findIndex((l) => label.test(labelText(l.text)));
  if (start === -1) return null;
  const heading = lines[start] as DocumentLine;
  const inline = labelText(heading.text).replace(label, '').trim();
  const body: DocumentLine[] = [];
  for (const line of lines.slice(start + 1)) {
    if (isBoundary(line, profile, inList)) break;
    body.push(line);
  }
  return { inline, lines: body, headingIndex: heading.index };
}

/**
 * Signature dates. A decision document closes each sign-off block with "Signature" and "Date …":
 * the decision maker's ("The above request has my approval", "Executive Director approval") and
 * the Chief Executive's ("I have been consulted about the proposal…"). A date belongs to the
 * block whose cue comes last before it.
 */
import type { GovernanceProfile } from '../../domain/profile';
import type { IsoDate } from '../../domain/types';
import { type DocumentLine, quote } from './document-text';
import { findDocumentDate, parseDocumentDate } from './parse-dates';

export type SignatureKey = 'chief-executive' | 'decision-maker';

export interface ParsedSignature {
  readonly key: SignatureKey;
  readonly date: IsoDate;
}

const DATE_LINE = /^(?:date(?:d|\s+signed|\s+of\s+(?:decision|signature|approval))?)\b\s*[:\-–]?\s*(.*)$/i;
const SIGNATURE_WITH_DATE = /^(?:signature|signed)\b.*?\bdate(?:d)?\s*[:\-–]?\s*(.*)$/i;

const DECISION_MAKER_STATEMENTS = [
  /has my approval/i,
  /\bI approve\b/i,
  /^.{0,50}\bapproval:?$/i,
  /^decision maker\b/i,
];
const CHIEF_EXECUTIVE_CUES = [/\bchief (?:executive|officer)\b/i, /\bI have been consulted\b/i];

const opening = (statement: string): string => statement.slice(0, 40).toLowerCase();
const sameWords = (a: string, b: string): boolean =>
  a
    .replace(/[^a-z0-9]+/gi, ' ')
    .trim()
    .toLowerCase() ===
  b
    .replace(/[^a-z0-9]+/gi, ' ')
    .trim()
    .toLowerCase();

/** Which block a line opens or belongs to, if it says. */
function cueOf(text: string, profile: GovernanceProfile): SignatureKey | null {
  const lower = text.toLowerCase();
  const spec = (key: SignatureKey) => profile.signatures.find((s) => s.key === key);
  const dm = spec('decision-maker');
  const ce = spec('chief-executive');
  if (DECISION_MAKER_STATEMENTS.some((re) => re.test(text)) || (dm && lower.includes(opening(dm.statement))))
    return 'decision-maker';
  if (
    CHIEF_EXECUTIVE_CUES.some((re) => re.test(text)) ||
    (ce && (lower.includes(opening(ce.statement)) || sameWords(text, ce.title)))
  )
    return 'chief-executive';
  // A short line naming a decision-making role or the decision maker's title is that block's heading.
  const short = text.length <= 70 && !/[.,]$/.test(text);
  const decisionRoles = new Set(profile.delegation.map((b) => b.role));
  const roleNames = profile.roles.filter((r) => decisionRoles.has(r.key)).map((r) => r.name);
  if (short && (roleNames.some((n) => sameWords(text, n)) || (dm && sameWords(text, dm.title))))
    return 'decision-maker';
  return null;
}

const DATE_HEADER = /^date(?:d|\s+signed)?\s*:?$/i;
const SEPARATOR_ROW = /^[\s|:\-–]+$/;

/** A table row's cells, tab- or pipe-separated; null for a line that is not one. */
function cellsOf(text: string): string[] | null {
  if (text.trim().startsWith('|'))
    return text
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((c) => c.trim());
  return text.includes('\t') ? text.split('\t').map((c) => c.trim()) : null;
}

/**
 * Each line as the signature reader sees it: table cells joined by spaces, and a signature table's
 * row under a "Date" header cell read as "Date <that cell>" ("| Signature | Date |" over
 * "| (signed) | 31/03/2023 |"). A "Date" line with the date alone on the next line is joined to it.
 */
function signatureTexts(lines: readonly DocumentLine[]): string[] {
  const texts: string[] = [];
  let dateColumn: number | null = null;
  lines.forEach((line, i) => {
    const cells = cellsOf(line.text);
    const joined = (cells ?? [line.text])
      .filter((c) => c !== '')
      .join(' ')
      .trim();
    if (cells !== null && SEPARATOR_ROW.test(line.text)) return;
    if (cells !== null && dateColumn !== null) {
      const column = dateColumn;
      const cell = cells[column] ?? '';
      dateColumn = null;
      if (cell === '') texts.push(joined);
      else texts.push(cells.filter((c, k) => c !== '' && k !== column).join(' '), `Date ${cell}`);
      return;
    }
    dateColumn = null;
    const header = cells?.findIndex((c) => DATE_HEADER.test(c)) ?? -1;
    if (cells !== null && header !== -1 && findDocumentDate(joined) === null) {
      dateColumn = header;
      texts.push(cells.filter((c, k) => c !== '' && k !== header).join(' '));
      return;
    }
    const next = lines[i + 1]?.text.trim() ?? '';
    texts.push(DATE_HEADER.test(joined) && parseDocumentDate(next) !== null ? `${joined} ${next}` : joined);
  });
  return texts;
}

/** The dated signatures in the document, each signatory once (the first date found), and what could not be read. */
export function parseSignatures(
  lines: readonly DocumentLine[],
  profile: GovernanceProfile,
): { signatures: ParsedSignature[]; unread: string[] } {
  const signatures: ParsedSignature[] = [];
  const unread: string[] = [];
  let cue: SignatureKey | null = null;
  for (const text of signatureTexts(lines)) {
    const dateMatch = DATE_LINE.exec(text) ?? SIGNATURE_WITH_DATE.exec(text);
    if (!dateMatch) {
      cue = cueOf(text, profile) ?? cue;
      continue;
    }
    const written = (dateMatch[1] ?? '').trim();
    if (written === '') continue;
    const date =
      parseDocumentDate(written) ??
      parseDocumentDate(written.split(/\s{2,}|\s\(|\s-\s/)[0] ?? '') ??
      findDocumentDate(written);
    const block =
      cue === 'chief-executive' ? 'Chief Executive' : cue === 'decision-maker' ? "decision maker's" : 'unattributed';
    if (date === null) {
      unread.push(
        `Signatures: the ${block} signature date ${quote(written)} could not be read as a date (write it like 26-11-21, 31/03/2023 or 4 April 2023).`,
      );
      continue;
    }
    if (cue === null) {
      unread.push(
        `Signatures: the date ${quote(text)} does not follow a Chief Executive or decision maker's block, so it was not recorded.`,
      );
      continue;
    }
    if (!signatures.some((s) => s.key === cue)) signatures.push({ key: cue, date });
    cue = null;
  }
  return { signatures, unread };
}

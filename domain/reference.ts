/**
 * Decision references as bodies write them: "PCD 1065" (MOPAC), "MD2008", "DD 2301", "ADD 123"
 * (GLA), "Decision 44/2020". We normalise only what varies by hand (letter case and the separator
 * between a letter prefix and its number) so that each body's own spelling stays legible.
 */

/** Prefixes read as references even when typed in lower case ("pcd1065"). */
export const KNOWN_REF_PREFIXES: readonly string[] = ['PCD', 'DMPCD', 'MD', 'DD', 'ADD'];

/** Prefixes this long or shorter are acronyms and written in capitals; longer ones are words ("Decision"). */
const ACRONYM_MAX = 5;

// A letter prefix, an optional separator, a number with an optional "/year" part ("44/2020").
const REF_BODY = String.raw`(\p{L}{1,10})[ \t_-]*(\d{1,9}(?:\/\d{2,4})?)`;
const LEADING_REF = new RegExp(String.raw`^\s*${REF_BODY}(?![\p{L}\p{N}/])`, 'u');
const WHOLE_REF = new RegExp(String.raw`^\s*${REF_BODY}\s*$`, 'u');
const REFS_IN_TEXT = new RegExp(String.raw`(?<![\p{L}\p{N}])${REF_BODY}(?![\p{L}\p{N}/])`, 'gu');

function normalizePrefix(prefix: string): string {
  if (prefix.length <= ACRONYM_MAX) return prefix.toUpperCase();
  return prefix.charAt(0).toUpperCase() + prefix.slice(1).toLowerCase();
}

/**
 * Whether a prefix and number read as a reference rather than ordinary words ("COVID-19",
 * "in 2021/22", "Budget 2023"): a known or given prefix in any case ("pcd1065", "MD2008"), or the
 * word "Decision" with a number/year ("Decision 44/2020").
 */
function looksLikeRef(prefix: string, number: string, known: readonly string[]): boolean {
  const upper = prefix.toUpperCase();
  if (known.some((k) => k.toUpperCase() === upper)) return true;
  return upper === 'DECISION' && number.includes('/');
}

const knownWith = (extra: readonly string[]): readonly string[] => [...KNOWN_REF_PREFIXES, ...extra];

/**
 * The canonical form of a reference: "pcd1065", "PCD-1065" and "PCD 1065" all become "PCD 1065";
 * "MD2008" becomes "MD 2008"; "Decision 44/2020" stays. Text that is not a reference comes back
 * trimmed with its white space collapsed.
 */
export function normalizeRef(text: string): string {
  const m = WHOLE_REF.exec(text);
  if (m === null) return text.trim().replace(/\s+/g, ' ');
  return `${normalizePrefix(m[1] ?? '')} ${m[2] ?? ''}`;
}

/**
 * A reference as someone typed it after a command: surrounding quotes and trailing punctuation
 * dropped ("PCD 1065.", "`pcd1065`"), and a bare number given the body's own prefix ("1065" is
 * "PCD 1065" under MOPAC), then normalised as normalizeRef does.
 */
export function refFromCommand(text: string, defaultPrefix: string): string {
  const bare = text.replace(/^[\s"'“‘`]+/u, '').replace(/[\s"'”’`.,;:!?]+$/u, '');
  return /^\d{1,9}$/.test(bare) ? normalizeRef(`${defaultPrefix} ${bare}`) : normalizeRef(bare);
}

/** True when the whole text has the shape of one reference, whatever its prefix ("XYZ 12" too). */
export const isRef = (text: string): boolean => WHOLE_REF.test(text);

/** The key references are compared by: lower case, without spaces, dashes or underscores ("pcd1065"). */
export function refKey(ref: string): string {
  return ref
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
}

/**
 * The reference at the start of free text, and the text after it: "PCD 1065 | Women's …" gives
 * { ref: "PCD 1065", rest: "| Women's …" }. Null when the text does not start with a reference.
 * `prefixes` adds prefixes to accept in any case (e.g. the profile's), beyond KNOWN_REF_PREFIXES.
 */
export function parseRefPrefix(text: string, prefixes: readonly string[] = []): { ref: string; rest: string } | null {
  const m = LEADING_REF.exec(text);
  if (m === null) return null;
  const prefix = m[1] ?? '';
  const number = m[2] ?? '';
  if (!looksLikeRef(prefix, number, knownWith(prefixes))) return null;
  return { ref: `${normalizePrefix(prefix)} ${number}`, rest: text.slice(m[0].length).trim() };
}

/**
 * Every reference cited in free text, normalised, in order of first appearance, without repeats:
 * "PCD 849 was signed in October 2020" cites PCD 849 (and not "October 2020").
 */
export function findRefs(text: string, prefixes: readonly string[] = []): string[] {
  return refsIn(text, prefixes, false);
}

/**
 * The references prose cites, as findRefs, but only as bodies write them: the prefix in capitals
 * ("MD2841", "PCD 849") or "Decision 44/2020". In running text "add 20 posts" or "md 5" are words,
 * not Assistant Director Decision 20 or Mayoral Decision 5.
 */
export function findRefsInProse(text: string, prefixes: readonly string[] = []): string[] {
  return refsIn(text, prefixes, true);
}

const writtenAsRef = (prefix: string): boolean =>
  prefix.length <= ACRONYM_MAX ? prefix === prefix.toUpperCase() : prefix === normalizePrefix(prefix);

function refsIn(text: string, prefixes: readonly string[], asWritten: boolean): string[] {
  const known = knownWith(prefixes);
  const found: string[] = [];
  for (const m of text.matchAll(REFS_IN_TEXT)) {
    const prefix = m[1] ?? '';
    const number = m[2] ?? '';
    if (!looksLikeRef(prefix, number, known) || (asWritten && !writtenAsRef(prefix))) continue;
    const ref = `${normalizePrefix(prefix)} ${number}`;
    if (!found.includes(ref)) found.push(ref);
  }
  return found;
}

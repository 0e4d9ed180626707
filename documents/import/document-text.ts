/**
 * The text of a decision document cleaned into lines the parsers can read. Documents reach us
 * through PDF-to-Markdown conversion, Word (mammoth) and copy-paste, each leaving its own debris:
 * "£" read as "$\pm$", Cyrillic look-alike letters ("МАРРА"), <u> tags, bold markers,
 * non-breaking spaces. Cleaning keeps tabs and pipes, which carry the tables.
 */

export interface DocumentLine {
  /** Position in the document, for ordering and for quoting in messages. */
  readonly index: number;
  /** The cleaned text, without heading marks or emphasis; tabs and pipes kept. */
  readonly text: string;
  /** True when the source marked it as a heading (Markdown "#" or a wholly bold line). */
  readonly marked: boolean;
}

// Cyrillic and Greek letters that look like Latin ones; OCR and copy-paste swap them in.
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  У: 'Y',
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  х: 'x',
  у: 'y',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Χ: 'X',
  Υ: 'Y',
};
const LOOK_ALIKE_CHARS = new RegExp(`[${Object.keys(LOOK_ALIKES).join('')}]`, 'gu');

/** Replaces look-alike letters in words that are otherwise Latin or wholly look-alikes. */
function latinLookAlikes(text: string): string {
  return text.replace(/[\p{L}]+/gu, (word) => {
    if (!LOOK_ALIKE_CHARS.test(word)) return word;
    LOOK_ALIKE_CHARS.lastIndex = 0;
    const other = word.replace(LOOK_ALIKE_CHARS, '');
    LOOK_ALIKE_CHARS.lastIndex = 0;
    if (/[^\p{Script=Latin}]/u.test(other)) return word;
    return word.replace(LOOK_ALIKE_CHARS, (c) => LOOK_ALIKES[c] ?? c);
  });
}

/** Fixes one line's conversion debris without touching its meaning. */
export function cleanInline(text: string): string {
  return latinLookAlikes(
    text
      .replace(/\$\s*\\(?:pm|pounds|mathsterling|textsterling)\s*([\d.,]+\s*(?:m|k|bn)?)\s*\$/gi, '£$1')
      .replace(/\\(?:pounds|textsterling)\s*/g, '£')
      .replace(/<\/?(?:u|i|b|em|strong|span|sup|sub)[^>]*>/gi, '')
      .replace(/\*\*|__/g, '')
      .replace(/\\([#*>+\-.()[\]_\\])/g, '$1')
      .replace(/[\u00a0\u2007\u202f]/g, ' ')
      .replace(/\u200b|\u200c|\u200d|\u2060|\ufeff|\u00ad/g, '')
      .replace(/[\u2010\u2011\u2012\u2212]/g, '-')
      .replace(/[\u2018\u2019]/g, "'")
      .replace(/[\u201c\u201d]/g, '"')
      .replace(/ {2,}/g, ' ')
      .replace(/(\d) ([.,;:])(?=\s|$)/g, '$1$2'),
  );
}

// Word's list markers, numbering and bullets (including the Symbol-font and "o" sub-bullets), when a tab follows.
const WORD_MARKER = /^(\d{1,2}(?:\.\d{1,2})*\.?|\d{1,2}\)|\(?[a-z]\)|\(?[ivx]{1,4}\)|[-*•–o▪◦·\uf0b7])\t+/i;
const BULLET = /^[o▪◦·\uf0b7]$/;

/**
 * Word text keeps tabs that are layout, not table cells: "1.\tApprove…" after a list number,
 * "\tThe Deputy Mayor…" as an indent. A line with one filled cell is that cell; a list marker
 * and a tab before a single cell become the marker and a space.
 */
function withoutLayoutTabs(text: string): string {
  if (!text.includes('\t')) return text;
  const filled = text.split('\t').filter((c) => c.trim() !== '');
  if (filled.length === 1) return (filled[0] ?? '').trim();
  const marker = WORD_MARKER.exec(text);
  if (marker === null || filled.length !== 2) return text;
  const sign = marker[1] ?? '';
  return `${BULLET.test(sign) ? '-' : sign} ${text.slice(marker[0].length).trim()}`;
}

/** Splits and cleans a document into lines, dropping blank ones. */
export function documentLines(text: string): DocumentLine[] {
  const lines: DocumentLine[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .forEach((raw, index) => {
      const hashes = /^\s{0,3}#{1,6}\s+/.exec(raw);
      const withoutHashes = hashes ? raw.slice(hashes[0].length) : raw;
      const bold = /^\s*(\*\*|__)[^*_].*\1:?\s*$/.test(withoutHashes);
      const cleaned = withoutLayoutTabs(
        cleanInline(withoutHashes)
          .replace(/^[ ]+|[ ]+$/g, '')
          .replace(/^\s*$/, ''),
      );
      if (cleaned.replace(/[\t|]/g, '').trim() === '') return;
      lines.push({ index, text: cleaned, marked: hashes !== null || bold });
    });
  return lines;
}

/** The line without list markers or numbering: "- 1. Approve" and "9.1. PCD 849" give "Approve", "PCD 849". */
export function withoutMarker(text: string): string {
  return stripListMarker(text)
    .replace(/^\s*(?:\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}[.)]|\(?[a-z]\)|\(?[ivx]{1,4}\))\s+/i, '')
    .trim();
}

/** The line without a bullet ("- ", "* ", "• "), numbering kept. */
export const stripListMarker = (text: string): string => text.replace(/^\s*[-*•–]\s+/, '').trim();

/** True when the line begins with a bullet or a number/letter marker. */
export const isListItem = (text: string): boolean =>
  /^\s*[-*•–]\s+/.test(text) ||
  /^\s*(?:\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}[.)]|\(?[a-z]\)|\(?[ivx]{1,4}\))\s+/i.test(text);

/** A short quotation of a line for a message: at most 80 characters, tabs shown as " | ". */
export function quote(text: string): string {
  const flat = text.replace(/\t+/g, ' | ').replace(/\s+/g, ' ').trim();
  return `"${flat.length > 80 ? `${flat.slice(0, 77)}...` : flat}"`;
}

/**
 * Just enough of a PDF reader for quick in-process checks (pdfjs-read.mjs runs the real one):
 * checks the file's structure (every cross-reference offset points at its object) and pulls the
 * text out of pdfkit's content streams (Flate-compressed, WinAnsi strings in TJ arrays), one
 * entry per TJ.
 */
import { inflateSync } from 'node:zlib';

// Windows-1252's 0x80-0x9F, which Node's decoders may read as Latin-1 control characters.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const decodeWinAnsi = (bytes: Buffer): string =>
  [...bytes].map((b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b))).join('');

export function pdfStructureProblems(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  const problems: string[] = [];
  if (!text.startsWith('%PDF-')) problems.push('no %PDF- header');
  if (!/%%EOF\s*$/.test(text)) problems.push('no %%EOF at the end');
  const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text);
  if (!startxref) return [...problems, 'no startxref'];
  const xrefAt = Number(startxref[1]);
  if (!text.startsWith('xref', xrefAt)) return [...problems, `startxref ${xrefAt} does not point at the xref table`];
  const table = /^xref\s+(\d+)\s+(\d+)\s+/.exec(text.slice(xrefAt));
  if (!table) return [...problems, 'unreadable xref table'];
  const first = Number(table[1]);
  const count = Number(table[2]);
  const entries = text
    .slice(xrefAt + table[0].length)
    .split(/\r?\n/)
    .slice(0, count);
  entries.forEach((entry, i) => {
    const m = /^(\d{10}) (\d{5}) ([nf])/.exec(entry);
    if (!m) problems.push(`xref entry ${first + i} unreadable`);
    else if (m[3] === 'n' && !text.startsWith(`${first + i} 0 obj`, Number(m[1])))
      problems.push(`object ${first + i} is not at offset ${Number(m[1])}`);
  });
  return problems;
}

export function pdfTextRuns(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const runs: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = (m.index ?? 0) + m[0].length;
    const end = raw.indexOf('endstream', start);
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    for (const tj of content.matchAll(/\[((?:<[0-9a-f]*>\s*-?[\d.]*\s*)+)\]\s*TJ/gi)) {
      const hex = [...(tj[1] ?? '').matchAll(/<([0-9a-f]*)>/gi)].map((h) => h[1]).join('');
      runs.push(decodeWinAnsi(Buffer.from(hex, 'hex')));
    }
  }
  return runs;
}

export const pdfPageCount = (pdf: Buffer): number => (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;

/**
 * Tables that arrive one cell per line: Word text through mammoth's raw-text mode, or a table
 * copied out of Word into chat. A header cell such as "Service Name" followed by column headers
 * ("22/23 Allocation", "Funding Source") gives the column count; the cells after it are regrouped
 * into tab-separated rows while every row fits the columns (amounts under years, no amount as a
 * service or source). Where a row does not fit, regrouping stops and the rest is left as it was,
 * so the parser names the loose amounts instead of guessing.
 */
import { type DocumentLine, isListItem } from './document-text';
import { isTableRow, yearOfHeader } from './parse-funding-tables';
import { readAmount } from './read-amount';

const SERVICE_HEADER =
  /^(?:service|project|programme|program|scheme|activity)s?(?:\s+names?)?(?:\s*\/\s*allocations?)?$/i;
const SOURCE_HEADER = /^(?:funding\s+)?sources?(?:\s+of\s+funding)?$/i;
const TOTAL_HEADER = /^totals?$/i;
const AMOUNT_HEADER = /^(?:allocation|amount|cost|value|budget)s?(?:\s*\(£\))?$/i;
const TOTAL_ROW = /^(?:grand\s+|sub-?\s?)?totals?\s*:?$/i;

type Kind = 'amount' | 'source' | 'other';

function columnKind(text: string): Kind | null {
  if (yearOfHeader(text) !== null || TOTAL_HEADER.test(text) || AMOUNT_HEADER.test(text)) return 'amount';
  if (SOURCE_HEADER.test(text)) return 'source';
  return null;
}

const isAmount = (text: string): boolean => {
  const read = readAmount(text);
  return typeof read === 'number' || read === null;
};
const hasMoney = (text: string): boolean => typeof readAmount(text) === 'number';

/** Regroups one-cell-per-line tables into tab-separated rows; other lines pass through unchanged. */
export function regroupCellPerLineTables(lines: readonly DocumentLine[]): DocumentLine[] {
  const out: DocumentLine[] = [];
  let i = 0;
  while (i < lines.length) {
    const head = lines[i] as DocumentLine;
    const kinds: Kind[] = [];
    if (!isTableRow(head.text) && SERVICE_HEADER.test(head.text.trim())) {
      for (let k = i + 1; k < lines.length && kinds.length < 8; k += 1) {
        const kind = columnKind((lines[k] as DocumentLine).text.trim());
        if (kind === null) break;
        kinds.push(kind);
      }
    }
    if (!kinds.includes('amount')) {
      out.push(head);
      i += 1;
      continue;
    }
    const width = kinds.length + 1;
    const rows: DocumentLine[] = [
      {
        ...head,
        text: lines
          .slice(i, i + width)
          .map((l) => l.text.trim())
          .join('\t'),
      },
    ];
    let j = i + width;
    while (j < lines.length) {
      const first = (lines[j] as DocumentLine).text.trim();
      if (TOTAL_ROW.test(first)) {
        const values: string[] = [];
        for (
          let k = j + 1;
          k < lines.length && values.length < kinds.length && hasMoney((lines[k] as DocumentLine).text);
          k += 1
        )
          values.push((lines[k] as DocumentLine).text.trim());
        rows.push({ ...(lines[j] as DocumentLine), text: [first, ...values].join('\t') });
        j += 1 + values.length;
        break;
      }
      const cells = lines.slice(j, j + width).map((l) => l.text.trim());
      const fits =
        cells.length === width &&
        !hasMoney(cells[0] ?? '') &&
        !isListItem(cells[0] ?? '') &&
        kinds.every((kind, c) => (kind === 'amount' ? isAmount(cells[c + 1] ?? '') : !hasMoney(cells[c + 1] ?? '')));
      if (!fits) break;
      rows.push({ ...(lines[j] as DocumentLine), text: cells.join('\t') });
      j += width;
    }
    if (rows.length === 1) {
      out.push(head);
      i += 1;
      continue;
    }
    out.push(...rows);
    i = j;
  }
  return out;
}

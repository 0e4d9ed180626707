/**
 * Funding tables as decision documents lay them out: tab-separated (Word, PDF conversion) or
 * Markdown pipe tables, one row per service, a column per financial year ("22/23 Allocation",
 * "2023/24"), a "Funding Source" column and perhaps a "Total" column or row. Total rows and
 * columns are not lines: they are totals the document states, checked against the lines later.
 * Whatever cannot be read is named, never dropped.
 */
import { parseFinancialYear } from '../../domain/financial-year';
import type { Allocation, Pence } from '../../domain/types';
import { type DocumentLine, quote } from './document-text';
import { MONEY_IN_CELL, readAmount, unitScaleOf } from './read-amount';

export { readAmount } from './read-amount';

export interface ParsedFundingLine {
  readonly service: string;
  readonly source: string;
  readonly allocations: readonly Allocation[];
}

export interface FundingTable {
  /** 1 for the first funding table in the document. */
  readonly number: number;
  readonly lines: readonly ParsedFundingLine[];
}

/** A total written in a table: a Total row (per year column, or its Total column) or a line's Total column. */
export interface TableTotal {
  readonly amount: Pence;
  readonly table: number;
  /** The year column it totals, null for a Total column. */
  readonly year: number | null;
  /** The service whose Total column it is; null for a Total row. */
  readonly service: string | null;
  readonly index: number;
}

export interface FundingTablesResult {
  readonly tables: readonly FundingTable[];
  readonly totals: readonly TableTotal[];
  readonly unread: readonly string[];
  /** Document line indices that belong to tables, so prose scanners can skip them. */
  readonly tableLineIndices: ReadonlySet<number>;
}

const YEAR_IN_CELL = /(?:FY\s?)?(?<!\d)(\d{4}|\d{2})\s?[/\-–]\s?(\d{4}|\d{2})(?!\d)/i;
// "Total", "Grand total", "Sub-total", "Total allocation": the whole cell, so "Total Place pilot" is a service.
const TOTAL_LABEL =
  /^(?:grand\s+|sub-?\s?)?totals?(?:\s+(?:funding|allocations?|costs?|spend|commitment|budget|amount))?\s*:?$/i;

export const isTableRow = (text: string): boolean => text.includes('\t') || /^\|.*\|?\s*$/.test(text.trim());

function cellsOf(text: string): string[] {
  const trimmed = text.trim();
  const cells = trimmed.startsWith('|')
    ? trimmed
        .replace(/^\|/, '')
        .replace(/(?<!\\)\|\s*$/, '')
        .split(/(?<!\\)\|/)
    : text.split('\t');
  const out = cells.map((c) => c.replace(/\\\|/g, '|').trim());
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

const isSeparatorRow = (text: string): boolean => /^[\s|:\-–]+$/.test(text) && text.includes('-');

/** The financial year a header cell names ("22/23 Allocation", "2023/24", "FY2022-23"), or null. */
export function yearOfHeader(cell: string): number | null {
  const m = YEAR_IN_CELL.exec(cell);
  if (!m) return null;
  try {
    return parseFinancialYear(`${m[1] ?? ''}/${m[2] ?? ''}`);
  } catch {
    return null;
  }
}

interface Columns {
  service: number;
  years: { column: number; year: number }[];
  source: number | null;
  total: number | null;
}

function columnsOf(header: string[], defaultYear: number | null): Columns | null {
  const years: Columns['years'] = [];
  let source: number | null = null;
  let total: number | null = null;
  let amountColumn: number | null = null;
  header.forEach((cell, column) => {
    if (column === 0) return;
    const year = yearOfHeader(cell);
    if (year !== null) years.push({ column, year });
    else if (/source/i.test(cell)) source = column;
    else if (TOTAL_LABEL.test(cell)) total = column;
    else if (/allocation|amount|value|cost|funding|budget|£/i.test(cell)) amountColumn = column;
  });
  if (years.length === 0 && amountColumn !== null && defaultYear !== null)
    years.push({ column: amountColumn, year: defaultYear });
  if (years.length === 0) return null;
  return { service: 0, years, source, total };
}

const looksLikeHeader = (cells: readonly string[]): boolean =>
  cells.slice(1).some((c) => yearOfHeader(c) !== null) &&
  !cells.some((c) => MONEY_IN_CELL.test(c)) &&
  !TOTAL_LABEL.test(cells[0] ?? '');

interface Block {
  rows: { cells: string[]; index: number; text: string }[];
  /** The line just before the table ("The 2023/24 allocations are (£000):"), which may give its year or unit. */
  caption: string;
}

function tableBlocks(lines: readonly DocumentLine[]): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  let before = '';
  for (const line of lines) {
    if (!isTableRow(line.text)) {
      current = null;
      before = line.text;
      continue;
    }
    if (current === null) {
      current = { rows: [], caption: before };
      blocks.push(current);
    }
    if (isSeparatorRow(line.text)) continue;
    const cells = cellsOf(line.text);
    // A second header row (years named, no money) starts the next table even without a gap.
    if (current.rows.length > 0 && looksLikeHeader(cells)) {
      current = { rows: [], caption: '' };
      blocks.push(current);
    }
    current.rows.push({ cells, index: line.index, text: line.text });
  }
  return blocks.filter((b) => b.rows.length > 0);
}

/** The one financial year a caption names ("The 2023/24 allocations are:"), or null for none or several. */
function onlyYearIn(text: string): number | null {
  const years = new Set([...text.matchAll(new RegExp(YEAR_IN_CELL.source, 'gi'))].map((m) => yearOfHeader(m[0])));
  const [year] = [...years];
  return years.size === 1 && year !== undefined ? year : null;
}

// "Net cost to MOPAC", "Less: income from the Home Office": derived from the lines, not lines themselves.
const NET_LABEL = /^(?:net\b|less\b)/i;

/**
 * Reads every funding table. `defaultYear` is the year for a table whose only amount column names
 * no year ("Allocation"), taken from its caption or else the document's title; null when neither names one.
 */
export function parseFundingTables(lines: readonly DocumentLine[], defaultYear: number | null): FundingTablesResult {
  const tables: FundingTable[] = [];
  const totals: TableTotal[] = [];
  const unread: string[] = [];
  const tableLineIndices = new Set<number>();
  for (const block of tableBlocks(lines)) {
    const [header, ...body] = block.rows;
    // A lone tab-separated line ("Title:\tSkills 2024-25") is a label and its value, not a table.
    if (header === undefined || body.length === 0) continue;
    const columns = columnsOf(header.cells, onlyYearIn(block.caption) ?? defaultYear);
    const scale = unitScaleOf([block.caption, ...header.cells]);
    const hasMoney = body.some((r) => r.cells.some((c) => MONEY_IN_CELL.test(c)));
    if (columns === null) {
      if (hasMoney) {
        block.rows.forEach((r) => tableLineIndices.add(r.index));
        unread.push(
          `Funding: the table headed ${quote(header.text)} has amounts but no column naming a financial year (such as "2022/23"), so its lines were not read.`,
        );
      }
      continue;
    }
    block.rows.forEach((r) => tableLineIndices.add(r.index));
    const number = tables.length + 1;
    const parsed: ParsedFundingLine[] = [];
    for (const row of body) {
      const service = (row.cells[columns.service] ?? '')
        .replace(/^\*+|\*+$/g, '')
        .replace(/\s+/g, ' ')
        .trim();
      if (NET_LABEL.test(service)) {
        unread.push(
          `Funding table ${number}, row ${quote(service)}: it reads as income or a net figure, not a funding line, so it was not read as one.`,
        );
        continue;
      }
      const problems: string[] = [];
      const notMoney = (what: string, read: { unreadable: string; why?: string }) =>
        problems.push(
          `Funding table ${number}, row ${quote(service || row.text)}: the ${what} ${quote(read.unreadable)} could not be read as money${read.why ? `: ${read.why}` : ''}.`,
        );
      const amounts = columns.years.map(({ column, year }) => {
        const read = readAmount(row.cells[column] ?? '', scale);
        if (read !== null && typeof read === 'object') {
          notMoney('amount', read);
          return null;
        }
        return read === null ? null : { year, amount: read };
      });
      const stated = columns.total === null ? null : readAmount(row.cells[columns.total] ?? '', scale);
      if (stated !== null && typeof stated === 'object') notMoney('total', stated);
      unread.push(...problems);
      const statedTotal = typeof stated === 'number' ? stated : null;
      if (TOTAL_LABEL.test(service)) {
        amounts.forEach(
          (a) => a && totals.push({ amount: a.amount, table: number, year: a.year, service: null, index: row.index }),
        );
        if (statedTotal !== null)
          totals.push({ amount: statedTotal, table: number, year: null, service: null, index: row.index });
        continue;
      }
      const allocations = amounts.filter((a): a is Allocation => a !== null);
      if (service === '') {
        if (allocations.length > 0)
          unread.push(
            `Funding table ${number}, row ${quote(row.text)}: amounts without a service name, so it was not read as a line.`,
          );
        continue;
      }
      if (allocations.length === 0) {
        if (problems.length === 0)
          unread.push(
            `Funding table ${number}, row ${quote(row.text)}: no amount in any year column, so it was not read as a line.`,
          );
        continue;
      }
      const source = columns.source === null ? '' : (row.cells[columns.source] ?? '').trim();
      parsed.push({ service, source, allocations });
      if (statedTotal !== null)
        totals.push({ amount: statedTotal, table: number, year: null, service, index: row.index });
    }
    if (columns.source === null && parsed.length > 0)
      unread.push(`Funding table ${number}: there is no "Funding Source" column, so its lines have no source.`);
    tables.push({ number, lines: parsed });
  }
  return { tables, totals, unread, tableLineIndices };
}

/**
 * Funding tables as decision documents lay them out: tab-separated (Word, PDF conversion) or
 * Markdown pipe tables, one row per service, a column per financial year ("22/23 Allocation",
 * "2023/24"), a "Funding Source" column and perhaps a "Total" column or row. Total rows and
 * columns are not lines: they are totals the document states, checked against the lines later.
 * Whatever cannot be read is named, never dropped.
 */
import { parseFinancialYear } from '../domain/financial-year';
import { parseMoney } from '../domain/money';
import type { Allocation, Pence } from '../domain/types';
import { type DocumentLine, quote } from './document-text';

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

const MONEY_IN_CELL = /£\s?\d[\d,]*(?:\.\d+)?\s*(?:bn|billion|m|million|k|thousand)?\b/i;
const YEAR_IN_CELL = /(?:FY\s?)?(?<!\d)(\d{4}|\d{2})\s?[/\-–]\s?(\d{4}|\d{2})(?!\d)/i;
const NOTHING = /^(?:-+|–|—|n\/?a|nil|none|£?\s?0(?:\.00)?)$/i;
// "Total", "Grand total", "Sub-total", "Total allocation": the whole cell, so "Total Place pilot" is a service.
const TOTAL_LABEL = /^(?:grand\s+|sub-?\s?)?totals?(?:\s+(?:funding|allocations?|costs?|spend|commitment|budget|amount))?\s*:?$/i;

export const isTableRow = (text: string): boolean => text.includes('\t') || /^\|.*\|?\s*$/.test(text.trim());

function cellsOf(text: string): string[] {
  const trimmed = text.trim();
  const cells = trimmed.startsWith('|') ? trimmed.replace(/^\|/, '').replace(/(?<!\\)\|\s*$/, '').split(/(?<!\\)\|/) : text.split('\t');
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

/** An amount in a cell: null when the cell holds none ("", "-", "nil", "£0"), a string when unreadable. */
export function readAmount(cell: string): Pence | null | { unreadable: string } {
  const text = cell.replace(/\*+$/, '').trim();
  if (text === '' || NOTHING.test(text)) return null;
  const token = MONEY_IN_CELL.exec(text)?.[0] ?? text;
  try {
    const amount = parseMoney(token);
    return amount === 0 ? null : amount;
  } catch {
    return { unreadable: text };
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
  if (years.length === 0 && amountColumn !== null && defaultYear !== null) years.push({ column: amountColumn, year: defaultYear });
  if (years.length === 0) return null;
  return { service: 0, years, source, total };
}

const looksLikeHeader = (cells: readonly string[]): boolean =>
  cells.slice(1).some((c) => yearOfHeader(c) !== null) && !cells.some((c) => MONEY_IN_CELL.test(c)) && !TOTAL_LABEL.test(cells[0] ?? '');

interface Block {
  rows: { cells: string[]; index: number; text: string }[];
}

function tableBlocks(lines: readonly DocumentLine[]): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  for (const line of lines) {
    if (!isTableRow(line.text)) {
      current = null;
      continue;
    }
    if (current === null) {
      current = { rows: [] };
      blocks.push(current);
    }
    if (isSeparatorRow(line.text)) continue;
    const cells = cellsOf(line.text);
    // A second header row (years named, no money) starts the next table even without a gap.
    if (current.rows.length > 0 && looksLikeHeader(cells)) {
      current = { rows: [] };
      blocks.push(current);
    }
    current.rows.push({ cells, index: line.index, text: line.text });
  }
  return blocks.filter((b) => b.rows.length > 0);
}

/**
 * Reads every funding table. `defaultYear` is the year for a table whose only amount column names
 * no year ("Allocation"), taken from the document's title; null when the title names none.
 */
export function parseFundingTables(lines: readonly DocumentLine[], defaultYear: number | null): FundingTablesResult {
  const tables: FundingTable[] = [];
  const totals: TableTotal[] = [];
  const unread: string[] = [];
  const tableLineIndices = new Set<number>();
  for (const block of tableBlocks(lines)) {
    const [header, ...body] = block.rows;
    if (header === undefined) continue;
    const columns = columnsOf(header.cells, defaultYear);
    const hasMoney = body.some((r) => r.cells.some((c) => MONEY_IN_CELL.test(c)));
    if (columns === null) {
      if (hasMoney) {
        block.rows.forEach((r) => tableLineIndices.add(r.index));
        unread.push(`Funding: the table headed ${quote(header.text)} has amounts but no column naming a financial year (such as "2022/23"), so its lines were not read.`);
      }
      continue;
    }
    block.rows.forEach((r) => tableLineIndices.add(r.index));
    const number = tables.length + 1;
    const parsed: ParsedFundingLine[] = [];
    if (columns.source === null) unread.push(`Funding table ${number}: there is no "Funding Source" column, so its lines have no source.`);
    for (const row of body) {
      const service = (row.cells[columns.service] ?? '').replace(/\s+/g, ' ').trim();
      const problems: string[] = [];
      const amounts = columns.years.map(({ column, year }) => {
        const read = readAmount(row.cells[column] ?? '');
        if (read !== null && typeof read === 'object') {
          problems.push(`Funding table ${number}, row ${quote(service || row.text)}: the amount ${quote(read.unreadable)} could not be read as money.`);
          return null;
        }
        return read === null ? null : { year, amount: read };
      });
      const stated = columns.total === null ? null : readAmount(row.cells[columns.total] ?? '');
      if (stated !== null && typeof stated === 'object') {
        problems.push(`Funding table ${number}, row ${quote(service || row.text)}: the total ${quote(stated.unreadable)} could not be read as money.`);
      }
      unread.push(...problems);
      const statedTotal = typeof stated === 'number' ? stated : null;
      if (TOTAL_LABEL.test(service)) {
        amounts.forEach((a) => a && totals.push({ amount: a.amount, table: number, year: a.year, service: null, index: row.index }));
        if (statedTotal !== null) totals.push({ amount: statedTotal, table: number, year: null, service: null, index: row.index });
        continue;
      }
      const allocations = amounts.filter((a): a is Allocation => a !== null);
      if (service === '') {
        if (allocations.length > 0) unread.push(`Funding table ${number}, row ${quote(row.text)}: amounts without a service name, so it was not read as a line.`);
        continue;
      }
      if (allocations.length === 0) {
        if (problems.length === 0) unread.push(`Funding table ${number}, row ${quote(row.text)}: no amount in any year column, so it was not read as a line.`);
        continue;
      }
      const source = columns.source === null ? '' : (row.cells[columns.source] ?? '').trim();
      parsed.push({ service, source, allocations });
      if (statedTotal !== null) totals.push({ amount: statedTotal, table: number, year: null, service, index: row.index });
    }
    tables.push({ number, lines: parsed });
  }
  return { tables, totals, unread, tableLineIndices };
}

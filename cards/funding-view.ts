/**
 * The decision card's funding section, derived from the allocations: per line, per financial year
 * and overall. A table like the paper form's while it fits a Teams card (a few years, a dozen
 * lines); beyond that, one compact block per line so the card stays readable and within its budget (card-squeeze.ts).
 */
import { decisionTotal, fundingYears, lineTotal, yearTotals } from '../domain/decision';
import { formatFinancialYear } from '../domain/financial-year';
import { formatMoney } from '../domain/money';
import type { Decision } from '../domain/types';

/** The table layout is used up to this many financial years and funding lines. */
export const TABLE_LIMITS = { years: 4, lines: 12 } as const;

interface TableColumn {
  readonly width: number;
  readonly align: 'left' | 'right';
}
interface TableCell {
  readonly text: string;
  /** A second, subtle line: the funding source under the service's name. */
  readonly note: string;
}
interface TableRow {
  readonly style: 'default' | 'emphasis';
  readonly cells: readonly TableCell[];
}
interface YearAmount {
  readonly year: string;
  readonly amount: string;
}

export interface FundingView {
  readonly layout: 'none' | 'table' | 'list';
  readonly total: string;
  /** Table layout: a column for the service (its source beneath), one for every financial year, and the line total. */
  readonly columns: readonly TableColumn[];
  readonly rows: readonly TableRow[];
  /** List layout: each line with its years, then the totals by year. */
  readonly lines: readonly { service: string; source: string; total: string; years: readonly YearAmount[] }[];
  readonly yearTotals: readonly YearAmount[];
}

const bold = (text: string): string => (text === '' ? '' : `**${text}**`);

export function fundingView(d: Decision): FundingView {
  const total = formatMoney(decisionTotal(d));
  const empty = { columns: [], rows: [], lines: [], yearTotals: [] };
  if (d.funding.length === 0) return { layout: 'none', total, ...empty };
  const years = fundingYears(d);
  const totals = yearTotals(d);
  if (years.length <= TABLE_LIMITS.years && d.funding.length <= TABLE_LIMITS.lines) {
    const amountIn = (allocations: readonly { year: number; amount: number }[], year: number): string => {
      const found = allocations.find((a) => a.year === year);
      return found === undefined ? '–' : formatMoney(found.amount);
    };
    const cell = (text: string, note = ''): TableCell => ({ text, note });
    const rows: TableRow[] = [
      {
        style: 'emphasis',
        cells: ['Service and source', ...years.map(formatFinancialYear), 'Total'].map((t) => cell(bold(t))),
      },
      ...d.funding.map((line): TableRow => ({
        style: 'default',
        cells: [
          cell(line.service, line.source),
          ...[...years.map((y) => amountIn(line.allocations, y)), formatMoney(lineTotal(line))].map((t) => cell(t)),
        ],
      })),
      {
        style: 'emphasis',
        cells: ['Total', ...years.map((y) => amountIn(totals, y)), total].map((t) => cell(bold(t))),
      },
    ];
    // Amounts must not break mid-number in a narrow client: the service column wraps instead.
    const columns: TableColumn[] = [
      { width: 2, align: 'left' },
      ...years.map((): TableColumn => ({ width: 2, align: 'right' })),
      { width: 2, align: 'right' },
    ];
    return { layout: 'table', total, ...empty, columns, rows };
  }
  const lines = d.funding.map((line) => ({
    service: line.service,
    source: line.source,
    total: formatMoney(lineTotal(line)),
    years: line.allocations.map((a) => ({ year: formatFinancialYear(a.year), amount: formatMoney(a.amount) })),
  }));
  const byYear = totals.map((t) => ({ year: formatFinancialYear(t.year), amount: formatMoney(t.amount) }));
  return { layout: 'list', total, ...empty, lines, yearTotals: byYear };
}

/**
 * The totals a document states, and whether its parsed lines add up to them. A document states
 * totals in prose ("at a total financial commitment of £1,410,000") and in its tables (a Total row
 * or column). A total in a table is checked against that table; one in prose may be the whole
 * decision, one table, one line, one year or the one-year/multi-year lines, so it matches if any
 * of these adds up to it (PCD 1065: £1,410,000 the one-year lines, £2,330,000 the women's
 * service, £3,740,000 everything).
 */
import { formatFinancialYear } from '../../domain/financial-year';
import { formatMoney, parseMoney, sumPence } from '../../domain/money';
import type { Pence } from '../../domain/types';
import { type DocumentLine, quote } from './document-text';
import type { FundingTable, ParsedFundingLine, TableTotal } from './parse-funding-tables';

export interface TotalsCheck {
  readonly stated: Pence;
  /** What the lines it was compared with add up to; null when no line, table or year matches a total in prose. */
  readonly computed: Pence | null;
  readonly matches: boolean;
  /** What was compared, for a person: "funding table 1 (Drug Testing in Police Custody, MAPPA, GPS Tagging)". */
  readonly label: string;
}

export interface ProseTotal {
  readonly amount: Pence;
  readonly index: number;
  /** The sentence it was stated in. */
  readonly sentence: string;
}

const MONEY = /£\s?\d[\d,]*(?:\.\d+)?(?:\s*(?:bn|billion|m|million|k|thousand)\b)?/gi;
const TOTAL_WORDS = /\b(?:total|totals|totalling|commitment|in all|overall)\b/gi;
/** Words that make the amount after them a part of a total rather than a total: "£2m, of which £500k …". */
const PART_WORDS = /\b(?:of which|including|includes|comprising|made up of)\b/gi;

const lastMatch = (pattern: RegExp, text: string): number => {
  let last = -1;
  for (const m of text.matchAll(pattern)) last = m.index;
  return last;
};

/**
 * Amounts stated as totals in prose: those with "total" or "commitment" before them in the same
 * sentence, unless "of which" or "including" comes between (a part of the total, such as one
 * funder's share, need not match any line). Lines of tables are skipped (their totals are read
 * with the table).
 */
export function proseTotals(lines: readonly DocumentLine[], skip: ReadonlySet<number>): ProseTotal[] {
  const found: ProseTotal[] = [];
  for (const line of lines) {
    if (skip.has(line.index)) continue;
    for (const sentence of line.text.split(/(?<=[.;:])\s+(?=[A-Z(])/)) {
      for (const m of sentence.matchAll(MONEY)) {
        const before = sentence.slice(0, m.index);
        const totalAt = lastMatch(TOTAL_WORDS, before);
        if (totalAt < 0 || lastMatch(PART_WORDS, before) > totalAt) continue;
        try {
          found.push({ amount: parseMoney(m[0]), index: line.index, sentence: sentence.trim() });
        } catch {
          // An amount we cannot read in prose is not a line of funding; the tables are what is imported.
        }
      }
    }
  }
  return found;
}

const total = (lines: readonly ParsedFundingLine[]): Pence =>
  sumPence(lines.flatMap((l) => l.allocations.map((a) => a.amount)));
const yearTotal = (lines: readonly ParsedFundingLine[], year: number): Pence =>
  sumPence(lines.flatMap((l) => l.allocations.filter((a) => a.year === year).map((a) => a.amount)));
const names = (lines: readonly ParsedFundingLine[]): string => lines.map((l) => l.service).join(', ');

interface Candidate {
  readonly label: string;
  readonly amount: Pence;
}

/** Every grouping of lines a total in prose could mean, most natural first. */
function candidates(tables: readonly FundingTable[]): Candidate[] {
  const all = tables.flatMap((t) => t.lines);
  const years = [...new Set(all.flatMap((l) => l.allocations.map((a) => a.year)))].sort((a, b) => a - b);
  const oneYear = all.filter((l) => l.allocations.length === 1);
  const multiYear = all.filter((l) => l.allocations.length > 1);
  const list: Candidate[] = [{ label: `all funding lines (${names(all)})`, amount: total(all) }];
  if (tables.length > 1)
    for (const t of tables)
      list.push({ label: `funding table ${t.number} (${names(t.lines)})`, amount: total(t.lines) });
  for (const l of all) list.push({ label: l.service, amount: total([l]) });
  for (const year of years) {
    const inYear = oneYear.filter((l) => l.allocations[0]?.year === year);
    if (inYear.length > 0)
      list.push({
        label: `the one-year lines in ${formatFinancialYear(year)} (${names(inYear)})`,
        amount: total(inYear),
      });
  }
  if (multiYear.length > 0)
    list.push({ label: `the multi-year lines (${names(multiYear)})`, amount: total(multiYear) });
  for (const year of years)
    list.push({ label: `${formatFinancialYear(year)}, all lines`, amount: yearTotal(all, year) });
  return list;
}

function checkTableTotal(t: TableTotal, tables: readonly FundingTable[]): TotalsCheck {
  const table = tables.find((x) => x.number === t.table);
  const lines = table?.lines ?? [];
  if (t.service !== null) {
    const line = lines.filter((l) => l.service === t.service);
    const computed = total(line);
    return {
      stated: t.amount,
      computed,
      matches: computed === t.amount,
      label: `the Total column for ${t.service} in funding table ${t.table}`,
    };
  }
  const computed = t.year === null ? total(lines) : yearTotal(lines, t.year);
  const what = t.year === null ? 'Total column' : formatFinancialYear(t.year);
  return {
    stated: t.amount,
    computed,
    matches: computed === t.amount,
    label: `the Total row of funding table ${t.table} (${what})`,
  };
}

/** Checks each stated total once: prose totals by amount, table totals by their place in the table. */
export function checkTotals(
  tables: readonly FundingTable[],
  tableTotals: readonly TableTotal[],
  prose: readonly ProseTotal[],
): TotalsCheck[] {
  const checks = tableTotals.map((t) => checkTableTotal(t, tables));
  const options = candidates(tables);
  const lineCount = tables.reduce((n, t) => n + t.lines.length, 0);
  const seen = new Set<Pence>();
  for (const p of prose) {
    if (seen.has(p.amount)) continue;
    seen.add(p.amount);
    const match = lineCount === 0 ? undefined : options.find((c) => c.amount === p.amount);
    if (match) {
      checks.push({ stated: p.amount, computed: match.amount, matches: true, label: match.label });
      continue;
    }
    const why =
      lineCount === 0
        ? 'no funding lines were read to compare it with'
        : `no line, table or year adds up to it (all lines come to ${formatMoney(options[0]?.amount ?? 0)})`;
    checks.push({ stated: p.amount, computed: null, matches: false, label: `${quote(p.sentence)}: ${why}` });
  }
  return checks;
}

/** One sentence per check that fails, for the import's flags. */
export function mismatchMessages(checks: readonly TotalsCheck[]): string[] {
  return checks
    .filter((c) => !c.matches)
    .map((c) =>
      c.computed === null
        ? `Totals: the document states ${formatMoney(c.stated)} in ${c.label}.`
        : `Totals: the document states ${formatMoney(c.stated)} for ${c.label}, but its lines add up to ${formatMoney(c.computed)}.`,
    );
}

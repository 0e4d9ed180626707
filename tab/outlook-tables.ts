/**
 * The Funding outlook's tables: the same figures as each chart, in text (caption, column and row
 * headings), so they are the charts' text alternative and the page reads without script. Money
 * is exact pence through the money formatter; dates are days in the profile's zone.
 */
import { DateTime } from 'luxon';
import {
  COMMITTED_STATUSES,
  LINE_OUTCOMES,
  type EndingLine,
  type EndingOutlook,
  type LineOutcome,
  type StageMark,
  type YearCommitments,
} from '../domain/funding-outlook';
import { formatMoney, sumPence } from '../domain/money';
import type { Pipeline } from '../domain/sign-off-pipeline';
import type { IsoDate } from '../domain/types';
import { escapeHtml as e } from '../documents/export/render-html';
import type { Links } from './page-layout';
import { STATUS_NAMES } from './register-page';

export const OUTCOME_NAMES: Readonly<Record<LineOutcome, string>> = {
  renewed: 'Renewed',
  ended: 'Let end',
  undecided: 'Not decided yet',
};

/** "31 Mar 2027". */
export const dayName = (date: IsoDate): string => DateTime.fromISO(date, { locale: 'en-GB' }).toFormat('d LLL yyyy');
/** "March 2027", from "2027-03". */
export const monthName = (month: string): string =>
  DateTime.fromISO(`${month}-01`, { locale: 'en-GB' }).toFormat('LLLL yyyy');
/** "3-month reminder". */
export const stageName = (stage: number): string => `${stage}-month reminder`;

const amount = (pence: number) => `<td class="amount">${e(formatMoney(pence))}</td>`;
/** A column heading; figures are right-aligned under theirs. */
const col = (label: string, figures = true) => `<th scope="col"${figures ? ' class="amount"' : ''}>${e(label)}</th>`;
const heads = (cols: readonly string[]) => `<thead><tr>${cols.join('')}</tr></thead>`;
const table = (id: string, caption: string, head: string, rows: readonly string[], foot = '') =>
  [
    `<table id="${id}" class="outlook">`,
    `<caption>${e(caption)}</caption>`,
    head,
    `<tbody>${rows.join('\n')}</tbody>`,
    foot,
    '</table>',
  ].join('\n');

export function commitmentsTable(years: readonly YearCommitments[]): string {
  const rows = years.map(
    (y) =>
      `<tr><th scope="row">${e(y.label)}</th>${COMMITTED_STATUSES.map((s) => amount(y.byStatus[s])).join('')}${amount(y.total)}</tr>`,
  );
  const totals = COMMITTED_STATUSES.map((s) => amount(sumPence(years.map((y) => y.byStatus[s]))));
  const all = amount(sumPence(years.map((y) => y.total)));
  return table(
    'table-commitments',
    'Commitments per financial year, by status',
    heads([col('Financial year', false), ...COMMITTED_STATUSES.map((s) => col(STATUS_NAMES[s])), col('Total')]),
    rows,
    `<tfoot><tr><th scope="row">All years</th>${totals.join('')}${all}</tr></tfoot>`,
  );
}

// Within 12 months all lines end on the same day (the financial year's end), which the month row names.
const stageText = (s: StageMark) => `${stageName(s.stage)}: ${dayName(s.dueDate)}${s.due ? ' (fell due)' : ''}`;

/** The months with funding ending or a reminder stage falling due; the sentence after it says the rest are empty. */
export function endingMonthsTable(ending: EndingOutlook): string {
  const months = ending.months.filter((m) => m.lines > 0 || m.stages.length > 0);
  const rows = months.map(
    (m) =>
      `<tr><th scope="row">${e(monthName(m.month))}</th>${LINE_OUTCOMES.map((o) => amount(m.amounts[o])).join('')}` +
      `${amount(m.total)}<td class="amount">${m.lines}</td>` +
      `<td>${m.stages.map((s) => e(stageText(s))).join('<br>') || 'None'}</td></tr>`,
  );
  const quiet = ending.months.length - months.length;
  return [
    table(
      'table-ending',
      'Funding ending in the next 12 months, by month and decision on renewal',
      heads([
        col('Month', false),
        ...LINE_OUTCOMES.map((o) => col(OUTCOME_NAMES[o])),
        col('Total'),
        col('Lines'),
        col('Reminder stages', false),
      ]),
      rows,
    ),
    quiet === 0 ? '' : `<p>No funding ends and no reminder falls due in the other ${quiet} months.</p>`,
  ].join('\n');
}

function decisionOn(line: EndingLine): string {
  if (line.outcome === 'renewed') return line.renewalRef === null ? 'Renewed' : `Renewed by ${e(line.renewalRef)}`;
  if (line.outcome === 'ended') return line.reason === null ? 'Let end' : `Let end: ${e(line.reason)}`;
  return 'Not decided yet';
}

function remindersOf(line: EndingLine): string {
  if (line.reminder === null) return 'None: decided';
  const { reached, next } = line.reminder;
  return [
    reached === null ? '' : `${stageName(reached.stage)} fell due ${dayName(reached.dueDate)}`,
    next === null ? '' : `${stageName(next.stage)} falls due ${dayName(next.dueDate)}`,
  ]
    .filter(Boolean)
    .map(e)
    .join('; ');
}

export function endingLinesTable(lines: readonly EndingLine[], links: Links): string {
  const rows = lines.map(
    (l) =>
      `<tr><th scope="row"><a href="${e(links.to(`/decision/${encodeURIComponent(l.ref)}`))}">${e(l.ref)}</a></th>` +
      `<td>${e(l.service)}</td><td>${dayName(l.endDate)}</td>${amount(l.amount)}` +
      `<td>${decisionOn(l)}</td><td>${remindersOf(l)}</td></tr>`,
  );
  return table(
    'table-ending-lines',
    'The funding lines ending in the next 12 months',
    heads([
      col('Decision', false),
      col('Service', false),
      col('Funding ends', false),
      col('Last year’s funding'),
      col('Decision on renewal', false),
      col('Reminders', false),
    ]),
    rows,
  );
}

export function pipelineTable(pipeline: Pipeline, links: Links): string {
  const rows = pipeline.roles.map((r) => {
    const list = r.decisions.map(
      (d) => `<a href="${e(links.to(`/decision/${encodeURIComponent(d.ref)}`))}">${e(d.ref)}</a> (${d.workingDays})`,
    );
    return (
      `<tr><th scope="row">${e(r.name)}</th><td class="amount">${r.decisions.length}</td>` +
      `${r.byBand.map((n) => `<td class="amount">${n}</td>`).join('')}<td>${list.join('<br>')}</td></tr>`
    );
  });
  return table(
    'table-pipeline',
    'Decisions waiting for sign-off, per role, by how long they have waited',
    heads([
      col('Role', false),
      col('Waiting'),
      ...pipeline.bands.map((b) => col(b.label)),
      col('Decisions (working days waited), longest first', false),
    ]),
    rows,
  );
}

/**
 * The Funding outlook tab page: three charts, each with a table of the same figures beside it
 * (commitments per financial year by status; funding ending in the next 12 months by month, with
 * the reminder stages and what was decided; the sign-off pipeline). The page carries the charts'
 * data as JSON (a data block, which the page's CSP does not run); client/outlook-charts.js draws
 * them with Observable Plot, served by the bot like the rest. Without script the tables remain.
 */
import { DateTime } from 'luxon';
import { publishedOnlyNote, type ViewerScope } from '../domain/authority';
import { COMMITTED_STATUSES, LINE_OUTCOMES, type FundingOutlook } from '../domain/funding-outlook';
import { formatMoney } from '../domain/money';
import type { GovernanceProfile } from '../domain/profile';
import { joinAnd } from '../domain/prose';
import type { IsoDate } from '../domain/types';
import { escapeHtml as e } from '../documents/export/render-html';
import {
  commitmentsTable,
  dayName,
  endingLinesTable,
  endingMonthsTable,
  monthName,
  OUTCOME_NAMES,
  pipelineTable,
  stageName,
} from './outlook-tables';
import { page, TAB_BASE, type Links } from './page-layout';
import { STATUS_NAMES } from './register-page';
import type { Viewer } from './viewer';

/** The charting library (d3, then Observable Plot on it) and the script that draws the charts. */
export const OUTLOOK_SCRIPTS = ['d3.js', 'plot.js', 'outlook-charts.js'].map((f) => `${TAB_BASE}/assets/${f}`);

const dayAfter = (date: IsoDate): IsoDate => DateTime.fromISO(date).plus({ days: 1 }).toISODate() as IsoDate;

/** What the charts draw: the same figures as the tables, labelled as the tables label them. */
export function chartData(o: FundingOutlook) {
  return {
    commitments: {
      series: COMMITTED_STATUSES.map((s) => ({ key: s, label: STATUS_NAMES[s] })),
      rows: o.commitments.flatMap((y) =>
        COMMITTED_STATUSES.filter((s) => y.byStatus[s] > 0).map((s) => ({
          year: y.label,
          series: STATUS_NAMES[s],
          pence: y.byStatus[s],
          money: formatMoney(y.byStatus[s]),
        })),
      ),
    },
    ending: {
      from: o.ending.from,
      until: dayAfter(o.ending.to),
      series: LINE_OUTCOMES.map((k) => ({ key: k, label: OUTCOME_NAMES[k] })),
      rows: o.ending.months.flatMap((m) =>
        LINE_OUTCOMES.filter((k) => m.amounts[k] > 0).map((k) => ({
          month: monthName(m.month),
          start: m.start,
          until: dayAfter(m.end),
          series: OUTCOME_NAMES[k],
          pence: m.amounts[k],
          money: formatMoney(m.amounts[k]),
        })),
      ),
      stages: o.ending.months.flatMap((m) =>
        m.stages.map((s) => ({ date: s.dueDate, label: stageName(s.stage), day: dayName(s.dueDate), due: s.due })),
      ),
    },
    pipeline: {
      series: o.pipeline.bands.map((b) => ({ key: b.key, label: b.label })),
      roles: o.pipeline.roles.map((r) => r.name),
      rows: o.pipeline.roles.flatMap((r) =>
        o.pipeline.bands
          .map((b, i) => ({ role: r.name, series: b.label, count: r.byBand[i] ?? 0 }))
          .filter((row) => row.count > 0),
      ),
    },
  };
}

/** JSON inside a <script> data block: no "<" may close it early. */
const dataBlock = (id: string, value: unknown) =>
  `<script type="application/json" id="${id}">${JSON.stringify(value).replace(/</g, '\\u003c')}</script>`;

const chart = (key: string, label: string) =>
  [
    `<div class="chart" id="chart-${key}" data-chart="${key}" role="img" aria-label="${e(label)}">`,
    '<p class="chart-fallback">The chart needs script; the table has the same figures.</p>',
    '</div>',
  ].join('');

const pair = (chartHtml: string, tableHtml: string) =>
  `<div class="chart-pair"><div class="chart-box">${chartHtml}</div><div class="table-box">${tableHtml}</div></div>`;

export function outlookPage(
  o: FundingOutlook,
  profile: GovernanceProfile,
  scope: ViewerScope,
  viewer: Viewer,
  links: Links,
): string {
  const stages = joinAnd(profile.reminders.stagesMonths.map(String));
  const commitments =
    o.commitments.length === 0
      ? '<p>No decision you can see has money allocated.</p>'
      : pair(
          chart(
            'commitments',
            'Bar chart: commitments per financial year, stacked by status. The table beside it has the figures.',
          ),
          commitmentsTable(o.commitments),
        );
  const ending =
    o.ending.lines.length === 0
      ? `<p>No funding you can see ends between today and ${e(dayName(o.ending.to))}.</p>`
      : [
          pair(
            chart(
              'ending',
              'Bar chart: funding ending in each of the next 12 months, by decision on renewal, with the reminder stages marked. The table beside it has the figures.',
            ),
            endingMonthsTable(o.ending),
          ),
          '<h3 id="ending-lines">The lines</h3>',
          endingLinesTable(o.ending.lines, links),
        ].join('\n');
  const pipeline =
    o.pipeline.roles.length === 0
      ? '<p>No decision you can see is waiting for a tick or a signature.</p>'
      : pair(
          chart(
            'pipeline',
            'Bar chart: decisions waiting for sign-off per role, by how long they have waited. The table beside it has the figures.',
          ),
          pipelineTable(o.pipeline, links),
        );
  return page({
    title: 'Funding outlook',
    current: 'outlook',
    viewer,
    links,
    scripts: OUTLOOK_SCRIPTS,
    body: [
      scope.kind === 'all' ? '' : `<p class="note">${e(publishedOnlyNote(profile))}</p>`,
      `<p>As of ${e(dayName(o.today))}, in the decisions you can see.</p>`,
      '<h2 id="commitments">Commitments per financial year</h2>',
      '<p>Money allocated to each financial year, stacked by the status of its decision. Rejected and withdrawn decisions commit nothing and are left out.</p>',
      commitments,
      '<h2 id="ending">Funding ending in the next 12 months</h2>',
      `<p>Funding lines of approved decisions ending from today to ${e(dayName(o.ending.to))}, by the month they end, each with its last year’s funding; colour shows what was decided about renewal, and dashed lines mark when the ${e(stages)}-month renewal reminders fall due.</p>`,
      ending,
      '<h2 id="pipeline">Sign-off pipeline</h2>',
      `<p>Decisions waiting for a tick or a signature (${o.pipeline.waiting} in all), per role, by how long they have waited in working days (Monday to Friday). A decision in review waits for several roles at once.</p>`,
      pipeline,
      dataBlock('outlook-data', chartData(o)),
    ],
  });
}

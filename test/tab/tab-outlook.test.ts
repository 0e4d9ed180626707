/**
 * The Funding outlook page over HTTP on the real server, from the known register (tab-register.ts,
 * "today" 25 November 2026): the three tables' exact figures, the charts' data matching them, who
 * sees what (a register role everything; a finance officer published decisions and their own
 * draft), and the charting library served by the bot itself.
 */
import { builtInProfilePath, loadProfile } from '../../app/profile-loader';
import type { RunningServer } from '../../app/server';
import { seedActors } from '../fixtures/seed-decision';
import { COMMITMENTS_TABLE, serveTabRegister, type TabRegister } from './tab-register';

const profile = loadProfile(builtInProfilePath('mopac'));
let register: TabRegister;
let server: RunningServer;

beforeAll(async () => {
  ({ register, server } = await serveTabRegister(profile));
});
afterAll(async () => {
  await server.close();
  await register.close();
});

const get = async (path: string, who?: keyof typeof seedActors) => {
  const url = new URL(`${server.url}/tab${path}`);
  if (who) url.searchParams.set('as', seedActors[who].aadObjectId);
  const res = await fetch(url);
  return { status: res.status, headers: res.headers, body: await res.text() };
};

const text = (html: string) =>
  html
    .replace(/<br>/g, ' / ')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .trim();
/** The text of each row of the table with this id, headings included. */
function rows(html: string, id: string): string[][] {
  const table = new RegExp(`<table id="${id}"[^>]*>([\\s\\S]*?)</table>`).exec(html)?.[1];
  if (table === undefined) throw new Error(`no table ${id}`);
  return [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] as string).matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => text(cell[1] as string)),
  );
}
const chartData = (html: string) =>
  JSON.parse(/<script type="application\/json" id="outlook-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? 'null');

describe('for a register-role holder', () => {
  let body: string;
  beforeAll(async () => {
    const page = await get('/outlook', 'draftingOfficer');
    expect(page.status).toBe(200);
    body = page.body;
  });

  it('gives the commitments per financial year by status, and the chart the same figures', () => {
    expect(rows(body, 'table-commitments')).toEqual(COMMITMENTS_TABLE);
    expect(chartData(body).commitments.rows).toEqual([
      { year: '2024/25', series: 'Approved', pence: 16_500_000, money: '£165,000' },
      { year: '2025/26', series: 'Approved', pence: 14_500_000, money: '£145,000' },
      { year: '2026/27', series: 'Approved', pence: 22_500_000, money: '£225,000' },
      { year: '2026/27', series: 'Awaiting chief executive', pence: 9_000_000, money: '£90,000' },
      { year: '2026/27', series: 'In review', pence: 5_000_000, money: '£50,000' },
      { year: '2026/27', series: 'Draft', pence: 1_000_000, money: '£10,000' },
    ]);
  });

  it('gives the funding ending by month and decision on renewal, with the reminder stages', () => {
    expect(rows(body, 'table-ending')).toEqual([
      ['Month', 'Renewed', 'Let end', 'Not decided yet', 'Total', 'Lines', 'Reminder stages'],
      ['December 2026', '£0', '£0', '£0', '£0', '0', '3-month reminder: 31 Dec 2026'],
      ['February 2027', '£0', '£0', '£0', '£0', '0', '1-month reminder: 28 Feb 2027'],
      ['March 2027', '£5,000', '£8,000', '£212,000', '£225,000', '11', 'None'],
    ]);
    expect(body).toContain('No funding ends and no reminder falls due in the other 9 months.');
    const ending = chartData(body).ending;
    expect([ending.from, ending.until]).toEqual(['2026-11-01', '2027-11-01']);
    expect(
      ending.rows.map((r: { month: string; series: string; money: string }) => [r.month, r.series, r.money]),
    ).toEqual([
      ['March 2027', 'Renewed', '£5,000'],
      ['March 2027', 'Let end', '£8,000'],
      ['March 2027', 'Not decided yet', '£212,000'],
    ]);
    expect(ending.stages.map((s: { date: string; label: string }) => [s.date, s.label])).toEqual([
      ['2026-12-31', '3-month reminder'],
      ['2027-02-28', '1-month reminder'],
    ]);
  });

  it('lists the lines, with what was decided and the reminders of the undecided', () => {
    const lines = rows(body, 'table-ending-lines');
    expect(lines).toHaveLength(12);
    expect(lines.slice(1, 4)).toEqual([
      [
        'PCD 3002',
        'Service 2',
        '31 Mar 2027',
        '£2,000',
        'Not decided yet',
        '6-month reminder fell due 30 Sept 2026; 3-month reminder falls due 31 Dec 2026',
      ],
      ['PCD 3005', 'Service 5', '31 Mar 2027', '£5,000', 'Renewed by PCD 5005', 'None: decided'],
      ['PCD 3008', 'Service 8', '31 Mar 2027', '£8,000', 'Let end: The pilot has done its work', 'None: decided'],
    ]);
    expect(lines.at(-1)?.slice(0, 4)).toEqual(['PCD 4004', 'Secret procurement', '31 Mar 2027', '£70,000']);
  });

  it('gives the sign-off pipeline per role, by how long each decision has waited', () => {
    const declarationRoles = [
      'Finance',
      'Legal',
      'Equalities',
      'Public Health',
      'Commercial',
      'Data Protection',
      'Drafting Officer',
      'Director/Head of Service',
    ];
    expect(rows(body, 'table-pipeline')).toEqual([
      [
        'Role',
        'Waiting',
        'Up to 3 working days',
        '4 to 8 working days',
        '9 working days or more',
        'Decisions (working days waited), longest first',
      ],
      ...declarationRoles.map((role) => [role, '1', '0', '0', '1', 'PCD 4001 (10)']),
      ['Chief Executive', '1', '1', '0', '0', 'PCD 4003 (3)'],
    ]);
    expect(body).toContain('(2 in all)');
    expect(chartData(body).pipeline.rows.at(-1)).toEqual({
      role: 'Chief Executive',
      series: 'Up to 3 working days',
      count: 1,
    });
  });

  it('names each chart and links the page from the navigation', () => {
    for (const key of ['commitments', 'ending', 'pipeline'])
      expect(body).toMatch(
        new RegExp(
          `<div class="chart" id="chart-${key}" data-chart="${key}" role="img" aria-label="Bar chart: [^"]+">`,
        ),
      );
    expect(body).toContain('<a href="/tab/outlook?as=');
    expect(body).toMatch(/<a href="\/tab\/outlook\?as=[^"]+" aria-current="page">Funding outlook<\/a>/);
  });
});

describe('for someone who sees only published decisions', () => {
  it('leaves out decisions in sign-off, others’ drafts and deferred Part 1s', async () => {
    const { body } = await get('/outlook', 'finance');
    expect(body).toContain('It holds the published decisions and the ones you drafted');
    expect(rows(body, 'table-commitments').at(3)).toEqual([
      '2026/27',
      '£155,000',
      '£0',
      '£0',
      '£0',
      '£10,000',
      '£165,000',
    ]);
    expect(rows(body, 'table-ending').at(-1)).toEqual([
      'March 2027',
      '£5,000',
      '£8,000',
      '£142,000',
      '£155,000',
      '10',
      'None',
    ]);
    expect(body).not.toContain('PCD 4004');
    expect(body).not.toContain('table-pipeline');
    expect(body).toContain('No decision you can see is waiting for a tick or a signature.');
  });
});

describe('the charting library', () => {
  it('is served by the bot itself (no CDN), as are the page’s scripts', async () => {
    const { body } = await get('/outlook', 'draftingOfficer');
    const scripts = [...body.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts).toEqual([
      '/tab/assets/d3.js',
      '/tab/assets/plot.js',
      '/tab/assets/outlook-charts.js',
      '/tab/assets/teams-js.js',
      '/tab/assets/tab-client.js',
    ]);
    const plot = await get('/assets/plot.js');
    expect(plot.status).toBe(200);
    expect(plot.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(plot.body).toMatch(/^\/\/ @observablehq\/plot v0\.6\./);
    expect((await get('/assets/d3.js')).body).toMatch(/^\/\/ https:\/\/d3js\.org v7\./);
  });

  it('carries the chart data in a block the page’s CSP does not run, with no "<" to close it early', async () => {
    const page = await get('/outlook', 'draftingOfficer');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const block = /<script type="application\/json" id="outlook-data">([\s\S]*?)<\/script>/.exec(page.body)?.[1];
    expect(block).not.toContain('<');
  });
});

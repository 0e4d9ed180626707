/**
 * The tab's pages over HTTP on the real server, in local development (no app id: loopback only,
 * acting as a role holder picked with ?as=): who sees what, the register's filters, sort, pages
 * and CSV, My decisions and a decision's page.
 */
import { builtInProfilePath, loadProfile } from '../../app/profile-loader';
import type { RunningServer } from '../../app/server';
import { identify } from '../../tab/viewer';
import { seedActors } from '../fixtures/seed-decision';
import { serveTabRegister, type TabRegister } from './tab-register';

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

const as = (who: keyof typeof seedActors) => seedActors[who].aadObjectId;
const get = async (path: string, who?: keyof typeof seedActors) => {
  const url = new URL(`${server.url}/tab${path}`);
  if (who) url.searchParams.set('as', as(who));
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
};
const refsIn = (html: string) => [...html.matchAll(/<th scope="row"><a [^>]*>([^<]+)<\/a>/g)].map((m) => m[1]);

describe('local development identity', () => {
  it('asks whom to act as, listing the role holders, and shows no decision', async () => {
    const page = await get('/register');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Act as whom?');
    for (const name of ['Finance Officer', 'Ruth Bloomfield', 'Chief Executive Officer'])
      expect(page.body).toContain(name);
    expect(page.body).not.toMatch(/PCD \d/);
  });

  it('says on every page whom it acts as', async () => {
    const page = await get('/mine', 'finance');
    expect(page.body).toContain('Local development');
    expect(page.body).toContain('This page acts as Finance Officer');
  });

  it('answers only on the loopback address', async () => {
    const deps = { store: register.store, profile, appId: '', admins: [], validate: null };
    const away = await identify(deps, { authorization: '', remoteAddress: '10.1.2.3', as: as('finance') });
    expect(away).toMatchObject({ kind: 'refused', status: 403 });
    const here = await identify(deps, { authorization: '', remoteAddress: '::ffff:127.0.0.1', as: as('finance') });
    expect(here).toMatchObject({ kind: 'viewer', viewer: { name: 'Finance Officer', roles: ['finance'] } });
  });
});

describe('Register', () => {
  it('shows a register-role holder everything, 25 to a page, and the next page the rest', async () => {
    const first = await get('/register', 'draftingOfficer');
    expect(first.body).toContain('34 decisions match.');
    expect(refsIn(first.body)).toHaveLength(25);
    expect(refsIn(first.body)[0]).toBe('PCD 3001');
    const second = await get('/register?page=2', 'draftingOfficer');
    expect(refsIn(second.body)).toEqual([
      'PCD 3026',
      'PCD 3027',
      'PCD 3028',
      'PCD 3029',
      'PCD 3030',
      'PCD 4001',
      'PCD 4002',
      'PCD 4003',
      'PCD 4004',
    ]);
    expect(second.body).toContain('Page 2 of 2');
  });

  it('shows anyone else the published decisions and their own drafts, never a deferred one', async () => {
    const page = await get('/register?page=2', 'finance');
    expect(page.body).toContain('31 decisions match.');
    expect(refsIn(page.body)).toEqual(['PCD 3026', 'PCD 3027', 'PCD 3028', 'PCD 3029', 'PCD 3030', 'PCD 4002']);
    expect(page.body).not.toContain('Deferred secret procurement');
    expect(page.body).toContain('only');
  });

  it('filters by status, financial year, decision maker, waiting-for role and text', async () => {
    expect(refsIn((await get('/register?status=in_review', 'draftingOfficer')).body)).toEqual(['PCD 4001']);
    const year = refsIn((await get('/register?year=2025/26&sort=total&dir=desc', 'draftingOfficer')).body);
    expect(year).toEqual([
      'PCD 3028',
      'PCD 3025',
      'PCD 3022',
      'PCD 3019',
      'PCD 3016',
      'PCD 3013',
      'PCD 3010',
      'PCD 3007',
      'PCD 3004',
      'PCD 3001',
    ]);
    expect(refsIn((await get('/register?maker=director', 'draftingOfficer')).body)).toEqual(['PCD 4001', 'PCD 4003']);
    expect(refsIn((await get('/register?waiting=chief-executive', 'draftingOfficer')).body)).toEqual(['PCD 4003']);
    expect(refsIn((await get('/register?q=number%2012', 'draftingOfficer')).body)).toEqual(['PCD 3012']);
    expect((await get('/register?q=nothing-like-this', 'draftingOfficer')).body).toContain(
      'No decision you can see matches',
    );
  });

  it('sorts by a column both ways, and keeps filters in the sort links', async () => {
    const up = refsIn((await get('/register?sort=total', 'draftingOfficer')).body);
    expect(up.slice(0, 3)).toEqual(['PCD 3001', 'PCD 3002', 'PCD 3003']);
    const down = await get('/register?sort=total&dir=desc&status=approved', 'draftingOfficer');
    expect(refsIn(down.body).slice(0, 3)).toEqual(['PCD 4004', 'PCD 3030', 'PCD 3029']);
    expect(down.body).toContain('aria-sort="descending"');
    expect(down.body).toMatch(/href="[^"]*status=approved[^"]*sort=title/);
    const byYear = await get('/register?year=2025/26&sort=total', 'draftingOfficer');
    const next = /<a href="([^"]+)">Total/.exec(byYear.body)?.[1]?.replace(/&amp;/g, '&') ?? '';
    const resorted = await fetch(`${server.url}${next}`).then((r) => r.text());
    expect(refsIn(resorted).slice(0, 2)).toEqual(['PCD 3028', 'PCD 3025']);
  });

  it('downloads as CSV exactly what is filtered, in the same order', async () => {
    const csv = await get('/register.csv?year=2026/27&sort=total&dir=desc', 'draftingOfficer');
    expect(csv.type).toBe('text/csv; charset=utf-8');
    const refs = csv.body
      .trim()
      .split('\r\n')
      .slice(1)
      .map((row) => row.split(',')[0]);
    expect(refs).toEqual([
      'PCD 4003',
      'PCD 4004',
      'PCD 4001',
      'PCD 3029',
      'PCD 3026',
      'PCD 3023',
      'PCD 3020',
      'PCD 3017',
      'PCD 3014',
      'PCD 3011',
      'PCD 4002',
      'PCD 3008',
      'PCD 3005',
      'PCD 3002',
    ]);
    const financeCsv = await get('/register.csv?year=2026/27', 'finance');
    expect(financeCsv.body).not.toContain('PCD 4004');
    expect(financeCsv.body).toContain('PCD 4002');
  });
});

describe('My decisions', () => {
  it('lists what waits for me with how long, what I drafted and what I watch', async () => {
    const page = await get('/mine', 'finance');
    const waiting = page.body.slice(page.body.indexOf('id="waiting"'), page.body.indexOf('id="drafted"'));
    expect(refsIn(waiting)).toEqual(['PCD 4001']);
    expect(waiting).toContain('Tick: Financial Advice');
    expect(waiting).toContain('10 working days');
    const drafted = page.body.slice(page.body.indexOf('id="drafted"'), page.body.indexOf('id="watched"'));
    expect(refsIn(drafted)).toEqual(['PCD 4002']);
    expect(refsIn(page.body.slice(page.body.indexOf('id="watched"')))).toEqual(['PCD 3007']);
    const chief = await get('/mine', 'chiefExecutive');
    expect(chief.body).toContain('Signature: ');
    expect(refsIn(chief.body)).toEqual(['PCD 4003']);
  });
});

describe('a decision page', () => {
  it('shows the record, the funding, the verified audit chain and a link to its card', async () => {
    const page = await get(`/decision/${encodeURIComponent('PCD 4001')}`, 'finance');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Youth diversion pilot');
    expect(page.body).toContain('<table class="funding">');
    expect(page.body).toContain('Audit chain verifies: 1 event');
    expect(page.body).toContain(
      'https://teams.microsoft.com/l/message/19%3Aabc%40thread.tacv2/1700000000555?tenantId=tenant-a&amp;parentMessageId=1700000000001',
    );
  });

  it('answers 404 for a decision the viewer may not see, without its title', async () => {
    const page = await get(`/decision/${encodeURIComponent('PCD 4004')}`, 'finance');
    expect(page.status).toBe(404);
    expect(page.body).not.toContain('Deferred secret procurement');
    expect((await get(`/decision/${encodeURIComponent('PCD 4004')}`, 'draftingOfficer')).status).toBe(200);
  });
});

/**
 * `export` and `register` over HTTP: the reply's signed link, downloaded from the bot's own
 * GET /exports/<token>, in each format; links that expire, are altered or outlive a change; and
 * the round trip import → approve → export md → download → import again giving the same record.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sign, submit, tick } from '../../domain/workflow';
import type { Change, Decision } from '../../domain/types';
import type { Result } from '../../domain/errors';
import { builtInProfilePath, loadProfile } from '../../app/profile-loader';
import { startHarness, type Harness } from '../support/bot-harness';
import { cardOf, cardText } from '../support/card-query';
import { channelThread, person } from '../support/teams-activities';
import { pdfStructureProblems } from '../documents/export/pdf-reader';

const seed = readFileSync(path.resolve(__dirname, '../fixtures/PCD-1065.md'), 'utf8');
const profile = loadProfile(builtInProfilePath('mopac'));
const admin = person('a1', 'Alice Admin');
const officer = person('r1', 'Ruth Bloomfield');
const thread = channelThread('1700000000200');
let now = new Date('2026-11-25T12:00:00.000Z');

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ people: [admin, officer], admins: [admin], clock: { now: () => now } });
  await h.say(officer, thread, `import ${seed}`);
});
afterAll(async () => {
  await h.close();
});

const lastText = () => {
  const texts = h.connector.sent.filter((s) => typeof s.activity.text === 'string');
  return String(texts[texts.length - 1]?.activity.text ?? '');
};

/** The link in the bot's last reply, fetched from the bot itself. */
async function download(text = lastText()) {
  const link = /\]\((http:\/\/localhost:\d+(\/exports\/[^)\s]+))\)/.exec(text);
  if (!link) throw new Error(`no download link in: ${text}`);
  const res = await fetch(`${h.server.url}${link[2]}`);
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()), path: link[2]! };
}

/** Approval the way the workflow does it: submitted, every item ticked, both signatures. */
async function approveThroughDomain(ref: string, at: string) {
  const actor = { aadObjectId: '00000000-0000-0000-0000-0000000000f1', name: 'Signing Officer' };
  const steps: ((d: Decision) => Result<Change>)[] = [
    (d) => submit(d, profile, { actor, actorRoles: ['drafting-officer'], now: at }),
    ...profile.declarations.map(
      (item) => (d: Decision) => tick(d, profile, { actor, actorRoles: [item.role], item: item.key, now: at }),
    ),
    (d) => sign(d, profile, { key: 'chief-executive', actor, actorRoles: ['chief-executive'], now: at }),
    (d) =>
      sign(d, profile, {
        key: 'decision-maker',
        actor,
        actorRoles: [d.decisionMakerRole ?? ''],
        now: at,
        interest: 'None',
      }),
  ];
  for (const step of steps) {
    const stored = (await h.store.getDecision(ref))!;
    const result = step(stored.decision);
    if (!result.ok) throw result.error;
    await h.store.updateDecision(result.value.decision, stored.decision.version, result.value.events, { actor, at });
  }
  return (await h.store.getDecision(ref))!.decision;
}

describe('export <ref> [md|html|pdf]', () => {
  it('replies with a 15-minute link to Part 1 as Markdown, and says PUBLIC_URL is not set', async () => {
    await h.say(officer, thread, 'export PCD 1065');
    const reply = lastText();
    expect(reply).toMatch(/\*\*PCD 1065\*\*, Part 1 as Markdown: \[Download PCD-1065-part-1\.md\]/);
    expect(reply).toContain('The link works for 15 minutes (until 12:15).');
    expect(reply).toContain('PCD 1065 is not approved');
    expect(reply).toMatch(/PUBLIC_URL is not set, so this link points at http:\/\/localhost:\d+/);
    const file = await download();
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="PCD-1065-part-1.md"');
    expect(file.headers.get('cache-control')).toBe('private, no-store');
    const text = file.body.toString('utf8');
    expect(text).toContain('# MOPAC Decision – PCD 1065');
    expect(text).toContain('| Total | £2,330,000 | £760,000 | £650,000 | £3,740,000 | |');
  });

  it('gives HTML and a PDF that opens', async () => {
    await h.say(officer, thread, 'export PCD 1065 html');
    const html = await download();
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.body.toString('utf8')).toContain(
      '<h1>Title: Criminal Justice System - 2022/23 Commissioning Decisions</h1>',
    );
    await h.say(officer, thread, 'export pcd1065 PDF');
    const pdf = await download();
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe('attachment; filename="PCD-1065-part-1.pdf"');
    expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfStructureProblems(pdf.body)).toEqual([]);
  });

  it('refuses an unknown format or reference with a clear reply', async () => {
    await h.say(officer, thread, 'export PCD 1065 docx');
    expect(lastText()).toBe('I export as md, html or pdf, not "docx", e.g. `export PCD 1065 pdf`.');
    await h.say(officer, thread, 'export PCD 9999');
    expect(lastText()).toContain('There is no decision "PCD 9999"');
    await h.say(officer, thread, 'export');
    expect(lastText()).toMatch(/^Which decision\?/);
    await h.say(officer, thread, 'export pdf');
    expect(lastText()).toBe('Which decision? e.g. `export PCD 1065 pdf` (md, html or pdf; md when not given).');
    await h.say(officer, thread, 'export PCD 1065 pdf please');
    expect(lastText()).toBe('I export as md, html or pdf, not "please", e.g. `export PCD 1065 pdf`.');
    await h.say(officer, thread, 'export PCD 1065 .HTML now');
    expect(lastText()).toBe('I export as md, html or pdf, not "now", e.g. `export PCD 1065 html`.');
  });

  it('serves a link only unaltered, within 15 minutes, and while the decision is as it was', async () => {
    await h.say(officer, thread, 'export PCD 1065 md');
    const reply = lastText();
    const { path: good } = await download(reply);
    const altered = good.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await fetch(`${h.server.url}${altered}`)).status).toBe(404);
    expect((await fetch(`${h.server.url}/exports/not-a-token`)).status).toBe(404);
    now = new Date('2026-11-25T12:15:00.000Z');
    const expired = await fetch(`${h.server.url}${good}`);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('Link expired');
    now = new Date('2026-11-25T12:20:00.000Z');
    await h.say(officer, thread, 'export PCD 1065 md');
    const fresh = await download();
    await h.say(officer, thread, 'fund PCD 1065 | Youth diversion | 2023/24 £10,000 | Police Grant');
    expect((await fetch(`${h.server.url}${fresh.path}`)).status).toBe(410);
  });
});

describe('register [csv]', () => {
  it('shows the register as a list card', async () => {
    await h.say(officer, thread, 'register');
    const card = cardOf(h.connector.sent[h.connector.sent.length - 1]!.activity);
    expect(cardText(card)).toContain('Register of decisions');
    expect(cardText(card)).toContain('PCD 1065');
  });

  it('gives the register as CSV that opens in Excel', async () => {
    await h.say(officer, thread, 'register csv');
    expect(lastText()).toMatch(
      /\*\*The register\*\* \(1 decision\) as CSV \(opens in Excel\): \[Download register-of-decisions-2026-11-25\.csv\]/,
    );
    const file = await download();
    expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const text = file.body.toString('utf8');
    expect(text.startsWith('\uFEFFref,title,status,decision maker,total (£),approved on,published on\r\n')).toBe(true);
    expect(text).toContain('PCD 1065,Criminal Justice System - 2022/23 Commissioning Decisions,Draft,');
    await h.say(officer, thread, 'register xlsx');
    expect(lastText()).toContain('I don\'t know "xlsx"');
  });
});

describe('the round trip', () => {
  it('import → approve → export md → download → import again gives the same record', async () => {
    await h.say(officer, thread, `import ${seed.replace('PCD 1065', 'PCD 2065')}`);
    const approved = await approveThroughDomain('PCD 2065', '2026-11-24T15:00:00.000Z');
    expect(approved.status).toBe('approved');
    await h.say(officer, thread, 'export PCD 2065 md');
    const exported = (await download()).body.toString('utf8');
    await h.say(admin, thread, `import approved ${exported.replace('PCD 2065', 'PCD 3065')}`);
    const again = (await h.store.getDecision('PCD 3065'))!.decision;
    const record = (d: Decision) => ({
      title: d.title,
      summary: d.summary,
      recommendations: d.recommendations,
      backgroundPapers: d.backgroundPapers,
      funding: d.funding,
      part1Deferral: d.part1Deferral,
      hasPart2: d.hasPart2,
      status: d.status,
      decisionMakerRole: d.decisionMakerRole,
      approvedOn: d.approvedAt?.slice(0, 10),
      signedOn: Object.values(d.signatures)
        .map((s) => [s.key, s.role, s.at.slice(0, 10)])
        .sort(),
      items: Object.keys(d.ticks).sort(),
    });
    expect(record(again)).toEqual(record(approved));
    expect(again.imported).toBe(true);
    const result = cardText(cardOf(h.connector.sent[h.connector.sent.length - 1]!.activity));
    expect(result).toContain('PCD 3065 imported as approved (historic)');
    expect(result).toContain('Everything in the document was read.');
  });
});

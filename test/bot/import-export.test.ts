/**
 * `import` over HTTP as Teams drives it: the seed pasted after the command and attached as a
 * file, the result card, duplicates, "Import as approved", and files that are refused with
 * nothing stored.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { citedRefs, decisionTotal } from '../../domain/decision';
import { verifyChain } from '../../domain/audit';
import { TEAMS_FILE } from '../../bot/handlers/import-source';
import { startHarness, type Harness } from '../support/bot-harness';
import { cardOf, cardText, findAction } from '../support/card-query';
import { startFileServer, type FileServer } from '../support/file-server';
import { channelThread, message, person, personalChat } from '../support/teams-activities';
import { schemaErrors } from '../cards/card-schema';

const seed = readFileSync(path.resolve(__dirname, '../fixtures/PCD-1065.md'), 'utf8');
const admin = person('a1', 'Alice Admin');
const officer = person('r1', 'Ruth Bloomfield');
const thread = channelThread('1700000000100');

let h: Harness;
let files: FileServer;

beforeAll(async () => {
  h = await startHarness({ people: [admin, officer], admins: [admin] });
  files = await startFileServer();
});
afterAll(async () => {
  await h.close();
  await files.close();
});

const lastText = () => {
  const texts = h.connector.sent.filter((s) => typeof s.activity.text === 'string');
  return String(texts[texts.length - 1]?.activity.text ?? '');
};
const sentSince = (n: number) => h.connector.sent.slice(n);
const count = async () => (await h.store.listDecisions()).length;

/** A message with a file attached, as Teams sends it in personal chat (or, with contentUrl, elsewhere). */
async function sendFile(from: typeof officer, text: string, file: { name: string; url: string; kind?: 'teams' | 'contentUrl' }) {
  const place = file.kind === 'contentUrl' ? thread : personalChat(from);
  const attachment =
    file.kind === 'contentUrl'
      ? { contentType: 'application/octet-stream', name: file.name, contentUrl: file.url }
      : { contentType: TEAMS_FILE, name: file.name, content: { downloadUrl: file.url, uniqueId: 'u1', fileType: path.extname(file.name).slice(1) } };
  return h.post({ ...message(h.connector.url, from, place, text), attachments: [attachment, { contentType: 'text/html', content: `<p>${text}</p>` }] });
}

describe('import with the text pasted after the command', () => {
  it('makes a draft of the seed whose lines, totals, recommendations and cited decisions match', async () => {
    const before = h.connector.sent.length;
    const res = await h.say(officer, thread, `import ${seed}`);
    expect(res.status).toBe(200);
    const stored = (await h.store.getDecision('PCD 1065'))!;
    const d = stored.decision;
    expect(d).toMatchObject({ status: 'draft', imported: true, title: 'Criminal Justice System - 2022/23 Commissioning Decisions', createdBy: { name: officer.name } });
    expect(d.funding.map((l) => [l.service, l.source, l.allocations.map((a) => [a.year, a.amount])])).toEqual([
      ['Drug Testing in Police Custody', 'Police Grant', [[2022, 47_000_000]]],
      ['MAPPA', 'Police Grant', [[2022, 4_000_000]]],
      ['GPS Tagging', 'Core funding', [[2022, 90_000_000]]],
      ["Women's wrap around service", 'Police Grant', [[2022, 92_000_000], [2023, 76_000_000], [2024, 65_000_000]]],
    ]);
    expect(decisionTotal(d)).toBe(374_000_000);
    expect(d.recommendations).toHaveLength(3);
    expect(d.recommendations[0]).toMatch(/^Approve the one-year funding of three Criminal Justice System projects in 2022\/23/);
    expect(citedRefs(d)).toEqual(['PCD 849', 'PCD 948', 'PCD 498']);

    // The decision's card first, made the home card here; then the result card.
    const cards = sentSince(before).filter((s) => cardOf(s.activity));
    expect(cards).toHaveLength(2);
    expect(stored.home?.cardActivityId).toBe(cards[0]!.id);
    expect(stored.home?.conversation.conversationId).toBe(thread.conversationId);
    const result = cardOf(cards[1]!.activity)!;
    expect(schemaErrors(result)).toEqual([]);
    const text = cardText(result);
    expect(text).toContain('PCD 1065 imported as a draft');
    expect(text).toContain('From pasted text');
    expect(text).toContain('✓ £3,740,000: all funding lines');
    expect(text).toContain('✓ £1,410,000');
    expect(text).toContain('✓ £2,330,000');
    expect(text).toContain('Everything in the document was read.');
    expect(findAction(result, 'import.approve')?.data).toEqual({ verb: 'import.approve', ref: 'PCD 1065', version: 1 });

    const audit = await h.store.getAudit('PCD 1065');
    expect(audit.map((e) => e.type)).toEqual(['decision.imported']);
    expect(audit[0]!.details).toMatchObject({ source: 'pasted text', status: 'draft', documentSigned: true, flags: [], total: 374_000_000 });
  });

  it('refuses a reference already in the register, and stores nothing', async () => {
    const before = h.connector.sent.length;
    await h.say(officer, thread, `import ${seed}`);
    expect(lastText()).toContain('PCD 1065 is already in the register, so pasted text was not imported');
    expect(sentSince(before).filter((s) => cardOf(s.activity))).toHaveLength(0);
    expect(await count()).toBe(1);
  });

  it('flags a total the lines do not add up to', async () => {
    const wrong = seed.replace('DMPC Decision – PCD 1065', 'DMPC Decision – PCD 1090').replace('Total\t£1,410,000', 'Total\t£1,510,000');
    const mismatch = wrong === seed ? null : wrong;
    expect(mismatch).not.toBeNull();
    await h.say(officer, thread, `import ${mismatch}`);
    const result = cardOf(h.connector.sent[h.connector.sent.length - 1]!.activity)!;
    expect(cardText(result)).toMatch(/✗ £1,510,000 stated for/);
    expect(cardText(result)).toMatch(/PCD 1090 imported as a draft, with \d+ things? to check/);
    expect((await h.store.getDecision('PCD 1090'))!.decision.status).toBe('draft');
  });

  it('answers `import` alone with how to use it', async () => {
    await h.say(officer, thread, 'import');
    expect(lastText()).toMatch(/Attach the decision as a Word \(\.docx\), Markdown \(\.md\) or text \(\.txt\) file/);
  });
});

describe('Import as approved', () => {
  it('is for admins only, by button or by command', async () => {
    const refused = await h.click(officer, thread, 'import.approve', { ref: 'PCD 1065', version: 1 });
    expect(refused.value).toMatch(/Only admins can record an imported decision as approved/);
    await h.say(officer, thread, `import approved ${seed.replace('PCD 1065', 'PCD 1091')}`);
    expect(lastText()).toMatch(/Only admins/);
    expect(await h.store.getDecision('PCD 1091')).toBeNull();
    expect((await h.store.getDecision('PCD 1065'))!.decision.status).toBe('draft');
  });

  it("records the imported draft as approved with the document's signature dates, flagged as imported", async () => {
    const answer = await h.click(admin, thread, 'import.approve', { ref: 'PCD 1065', version: 1 });
    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(answer.value)).toContain('PCD 1065 imported as approved (historic)');
    expect(findAction(answer.value, 'import.approve')).toBeUndefined();
    const d = (await h.store.getDecision('PCD 1065'))!.decision;
    expect(d).toMatchObject({ status: 'approved', imported: true, decisionMakerRole: 'dmpc', approvedAt: '2021-11-26T00:00:00.000Z', version: 2 });
    expect(Object.keys(d.signatures).sort()).toEqual(['chief-executive', 'decision-maker']);
    const audit = await h.store.getAudit('PCD 1065');
    expect(audit.map((e) => e.type)).toEqual(['decision.imported', 'decision.imported-as-approved']);
    expect(audit[1]!.details).toMatchObject({ imported: true, approvedAt: '2021-11-26T00:00:00.000Z' });
    expect(verifyChain(audit).ok).toBe(true);
    await h.settle();
    // A second click of the same card changes nothing: it is out of date, and answered with the current card.
    const again = await h.click(admin, thread, 'import.approve', { ref: 'PCD 1065', version: 1 });
    expect(cardText(again.value)).toMatch(/out of date/);
    expect((await h.store.getDecision('PCD 1065'))!.decision.version).toBe(2);
  });

  it('records a signed document as approved straight away with `import approved`', async () => {
    await h.say(admin, thread, `import approved ${seed.replace('PCD 1065', 'PCD 1092')}`);
    const d = (await h.store.getDecision('PCD 1092'))!.decision;
    expect(d).toMatchObject({ status: 'approved', imported: true, approvedAt: '2021-11-26T00:00:00.000Z' });
    expect(cardText(cardOf(h.connector.sent[h.connector.sent.length - 1]!.activity))).toContain('PCD 1092 imported as approved (historic)');
  });
});

describe('import with a file attached', () => {
  it('reads a Teams personal-chat file from its download link', async () => {
    const url = files.serve('/files/PCD-2065.md', { body: Buffer.from(seed.replace('PCD 1065', 'PCD 2065')) });
    await sendFile(officer, 'import', { name: 'PCD-2065.md', url });
    const d = (await h.store.getDecision('PCD 2065'))!.decision;
    expect(decisionTotal(d)).toBe(374_000_000);
    expect(d.recommendations).toHaveLength(3);
    expect(cardText(cardOf(h.connector.sent[h.connector.sent.length - 1]!.activity))).toContain('From "PCD-2065.md"');
    // A pre-authenticated link: the bot's token is never sent to it.
    expect(files.requests.find((r) => r.path === '/files/PCD-2065.md')?.authorization).toBeUndefined();
  });

  it('reads a file sent on its own in personal chat, with no command typed', async () => {
    const url = files.serve('/files/PCD-2066.md', { body: Buffer.from(seed.replace('PCD 1065', 'PCD 2066')) });
    await sendFile(officer, '', { name: 'PCD-2066.md', url });
    const d = (await h.store.getDecision('PCD 2066'))!.decision;
    expect(decisionTotal(d)).toBe(374_000_000);
  });

  it('does not fetch a file given by contentUrl (only Teams file download links), and says what to do', async () => {
    const text = readFileSync(path.resolve(__dirname, '../fixtures/documents/dd2301.txt'));
    const url = files.serve('/files/dd2301.txt', { body: text });
    const before = await count();
    await sendFile(officer, 'import', { name: 'dd2301.txt', url, kind: 'contentUrl' });
    expect(lastText()).toBe('"dd2301.txt" did not come as a file Teams lets me download (only files sent to me in personal chat do); send it to me in personal chat, or paste its text after `import`. Nothing was imported.');
    expect(files.requests.find((r) => r.path === '/files/dd2301.txt')).toBeUndefined();
    expect(await count()).toBe(before);
  });

  const refusals: [string, () => string, RegExp][] = [
    ['an empty file', () => files.serve('/bad/empty.txt', { body: Buffer.alloc(0) }), /"empty\.txt" is empty/],
    ['a binary file', () => files.serve('/bad/binary.md', { body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]) }), /"binary\.md" is a binary file, not text/],
    ['an unrelated text', () => files.serve('/bad/shopping.txt', { body: Buffer.from('Shopping list\n\nEggs\nMilk\nBread\n') }), /"shopping\.txt" does not read as a decision/],
    ['a file of another kind', () => files.serve('/bad/setup.exe', { body: Buffer.from('MZ') }), /"setup\.exe" is not a file I can import/],
    ['a huge file with a Content-Length', () => files.serve('/bad/huge.txt', { body: Buffer.alloc(6 * 1024 * 1024, 0x61) }), /"huge\.txt" is more than the 5 MB I accept/],
    ['a huge file sent in chunks', () => files.serve('/bad/chunked.txt', { body: Buffer.alloc(12 * 1024 * 1024, 0x61), chunked: true }), /"chunked\.txt" is more than the 5 MB I accept/],
    ['a link that is gone (the remote answer is not echoed)', () => `${files.url}/bad/missing.md`, /^I could not read the file "missing\.md"\. Send it to me again in personal chat, or paste its text after `import`\. Nothing was imported\.$/],
  ];

  it.each(refusals)('refuses %s with a clear reply and stores nothing', async (_what, serve, reason) => {
    const url = serve();
    const name = url.split('/').pop()!;
    const before = await count();
    const sent = h.connector.sent.length;
    await sendFile(officer, 'import', { name, url });
    expect(lastText()).toMatch(reason);
    expect(lastText()).toContain('Nothing was imported.');
    expect(sentSince(sent).filter((s) => cardOf(s.activity))).toHaveLength(0);
    expect(await count()).toBe(before);
  });

  it('stops reading a chunked download soon after 5 MB', () => {
    expect(files.written.get('/bad/chunked.txt')).toBeLessThan(12 * 1024 * 1024);
  });
});

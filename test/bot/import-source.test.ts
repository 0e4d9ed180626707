import { downloadFile, fileAttachmentOf, pastedDocument, splitApproved, TEAMS_FILE } from '../../bot/handlers/import-source';
import { parseDecisionDocument } from '../../documents/import/parse-decision';
import { decisionTotal } from '../../domain/decision';
import { importedDecision } from '../../documents/import/to-decision';
import { mopacProfile } from '../fixtures/profiles';
import { startFileServer, type FileServer } from '../support/file-server';

describe('fileAttachmentOf', () => {
  it('takes a Teams file download link', () => {
    const file = fileAttachmentOf([{ contentType: 'text/html', content: '<p>import</p>' }, { contentType: TEAMS_FILE, name: 'PCD 1065.docx', content: { downloadUrl: 'https://contoso.sharepoint.com/x?tempauth=1', fileType: 'docx' } }]);
    expect(file).toEqual({ name: 'PCD 1065.docx', url: 'https://contoso.sharepoint.com/x?tempauth=1', teamsFile: true });
  });

  it('marks any other file link as not a Teams file (it is never fetched)', () => {
    expect(fileAttachmentOf([{ contentType: 'application/octet-stream', name: 'a.md', contentUrl: 'https://smba.trafficmanager.net/uk/v3/attachments/1/views/original' }])).toMatchObject({ teamsFile: false });
  });

  it('ignores cards and the HTML copy of the message', () => {
    expect(fileAttachmentOf([{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: 'https://x' }, { contentType: 'text/html', contentUrl: 'https://y' }])).toBeNull();
    expect(fileAttachmentOf(undefined)).toBeNull();
  });
});

describe('downloadFile', () => {
  let files: FileServer;
  beforeAll(async () => {
    files = await startFileServer();
  });
  afterAll(() => files.close());

  const local = { hosts: ['.sharepoint.com'], allowLoopback: true };
  const teams = (name: string, url: string) => ({ name, url, teamsFile: true });

  it('downloads from 127.0.0.1 in local development, with no token', async () => {
    const url = files.serve('/t/a.md', { body: Buffer.from('hello') });
    expect(await downloadFile(teams('a.md', url), local)).toEqual({ bytes: Buffer.from('hello') });
    expect(files.requests.at(-1)).toEqual({ path: '/t/a.md', authorization: undefined });
  });

  it('refuses 127.0.0.1 when the bot runs with an app id, and links that are not links', async () => {
    const url = files.serve('/t/b.md', { body: Buffer.from('x') });
    expect(await downloadFile(teams('b.md', url), { ...local, allowLoopback: false })).toEqual({ error: expect.stringMatching(/not https, so I did not download it/) });
    expect(await downloadFile(teams('c.md', 'file:///etc/passwd'), local)).toEqual({ error: expect.stringMatching(/not https/) });
    expect(await downloadFile(teams('d.md', 'not a url'), local)).toEqual({ error: expect.stringMatching(/without a link/) });
  });

  it('stops at the size cap', async () => {
    const url = files.serve('/t/big.txt', { body: Buffer.alloc(2048, 0x61), chunked: true });
    expect(await downloadFile(teams('big.txt', url), { ...local, maxBytes: 1024 })).toMatchObject({ error: expect.stringMatching(/"big\.txt" is more than/) });
  });
});

describe('the text of `import [approved] …`', () => {
  it('tells `import approved` from the document', () => {
    expect(splitApproved('approved DMPC Decision – PCD 1065')).toEqual({ asApproved: true, rest: 'DMPC Decision – PCD 1065' });
    expect(splitApproved('as approved: Decision 44/2020')).toEqual({ asApproved: true, rest: 'Decision 44/2020' });
    expect(splitApproved('DMPC Decision – PCD 1065')).toEqual({ asApproved: false, rest: 'DMPC Decision – PCD 1065' });
  });

  it('keeps plain pasted text as it is', () => {
    expect(pastedDocument('<at>Decision Tracker</at> import Title: x\nSummary', 'Decision Tracker', 'Title: x\nSummary')).toBe('Title: x\nSummary');
  });

  it("reads Teams' HTML, tables and lists included, as the parser needs it", () => {
    const html = [
      '<at>Decision Tracker</at> <p>import</p>',
      '<p>DMPC Decision – PCD 1070</p><p>Title: Youth Services 2024/25</p>',
      '<p>Recommendation:</p><ol><li>Approve the youth services funding.</li></ol>',
      '<table><tr><td>Service</td><td>2024/25</td><td>Funding Source</td></tr><tr><td>Youth &amp; Families</td><td>£120,000</td><td>Police Grant</td></tr><tr><td>Total</td><td>£120,000</td><td></td></tr></table>',
    ].join('');
    const text = pastedDocument(html, 'Decision Tracker', 'ignored');
    const parsed = parseDecisionDocument(text, mopacProfile);
    expect(parsed.ref).toBe('PCD 1070');
    expect(parsed.recommendations).toEqual(['Approve the youth services funding.']);
    const { decision } = importedDecision(parsed, mopacProfile, { actor: { aadObjectId: 'a', name: 'A' }, now: '2026-11-25T12:00:00.000Z', asApproved: false });
    expect(decision.funding.map((l) => l.service)).toEqual(['Youth & Families']);
    expect(decisionTotal(decision)).toBe(12_000_000);
  });
});

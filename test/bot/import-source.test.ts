import {
  downloadFile,
  fileAttachmentOf,
  pastedDocument,
  splitApproved,
  TEAMS_FILE,
} from '../../bot/handlers/import-source';
import { parseDecisionDocument } from '../../documents/import/parse-decision';
import { decisionTotal } from '../../domain/decision';
import { importedDecision } from '../../documents/import/to-decision';
import { mopacProfile } from '../fixtures/profiles';
import { startFileServer, type FileServer } from '../support/file-server';

const serviceUrl = 'https://smba.trafficmanager.net/uk/';

describe('fileAttachmentOf', () => {
  it('takes a Teams file download link, never with the token', () => {
    const file = fileAttachmentOf(
      [
        { contentType: 'text/html', content: '<p>import</p>' },
        {
          contentType: TEAMS_FILE,
          name: 'PCD 1065.docx',
          content: { downloadUrl: 'https://contoso.sharepoint.com/x?tempauth=1', fileType: 'docx' },
        },
      ],
      serviceUrl,
    );
    expect(file).toEqual({
      name: 'PCD 1065.docx',
      url: 'https://contoso.sharepoint.com/x?tempauth=1',
      onConnector: false,
    });
  });

  it('takes a contentUrl, with the token only on the Bot Connector that sent the activity', () => {
    expect(
      fileAttachmentOf(
        [
          {
            contentType: 'application/octet-stream',
            name: 'a.md',
            contentUrl: 'https://smba.trafficmanager.net/uk/v3/attachments/1/views/original',
          },
        ],
        serviceUrl,
      ),
    ).toMatchObject({ onConnector: true });
    expect(
      fileAttachmentOf(
        [{ contentType: 'application/octet-stream', name: 'a.md', contentUrl: 'https://evil.example.org/steal' }],
        serviceUrl,
      ),
    ).toMatchObject({ onConnector: false });
  });

  it('ignores cards and the HTML copy of the message', () => {
    expect(
      fileAttachmentOf(
        [
          { contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: 'https://x' },
          { contentType: 'text/html', contentUrl: 'https://y' },
        ],
        serviceUrl,
      ),
    ).toBeNull();
    expect(fileAttachmentOf(undefined, serviceUrl)).toBeNull();
  });
});

describe('downloadFile', () => {
  let files: FileServer;
  beforeAll(async () => {
    files = await startFileServer();
  });
  afterAll(() => files.close());

  it('sends the bot token when given one', async () => {
    const url = files.serve('/t/a.md', { body: Buffer.from('hello') });
    expect(await downloadFile({ name: 'a.md', url }, { token: 'bot-token', requireHttps: false })).toEqual({
      bytes: Buffer.from('hello'),
    });
    expect(files.requests.at(-1)).toEqual({ path: '/t/a.md', authorization: 'Bearer bot-token' });
  });

  it('refuses http links when the bot runs with an app id, and links that are not links', async () => {
    const url = files.serve('/t/b.md', { body: Buffer.from('x') });
    expect(await downloadFile({ name: 'b.md', url }, { token: null, requireHttps: true })).toEqual({
      error: expect.stringMatching(/not https, so I did not download it/),
    });
    expect(
      await downloadFile({ name: 'c.md', url: 'file:///etc/passwd' }, { token: null, requireHttps: false }),
    ).toEqual({ error: expect.stringMatching(/not https/) });
    expect(await downloadFile({ name: 'd.md', url: 'not a url' }, { token: null, requireHttps: false })).toEqual({
      error: expect.stringMatching(/without a link/),
    });
  });

  it('stops at the size cap', async () => {
    const url = files.serve('/t/big.txt', { body: Buffer.alloc(2048, 0x61), chunked: true });
    expect(await downloadFile({ name: 'big.txt', url }, { token: null, requireHttps: false, maxBytes: 1024 })).toEqual({
      error: expect.stringMatching(/"big\.txt" is more than/),
    });
  });
});

describe('the text of `import [approved] …`', () => {
  it('tells `import approved` from the document', () => {
    expect(splitApproved('approved DMPC Decision – PCD 1065')).toEqual({
      asApproved: true,
      rest: 'DMPC Decision – PCD 1065',
    });
    expect(splitApproved('as approved: Decision 44/2020')).toEqual({ asApproved: true, rest: 'Decision 44/2020' });
    expect(splitApproved('DMPC Decision – PCD 1065')).toEqual({ asApproved: false, rest: 'DMPC Decision – PCD 1065' });
  });

  it('keeps plain pasted text as it is', () => {
    expect(
      pastedDocument('<at>Decision Tracker</at> import Title: x\nSummary', 'Decision Tracker', 'Title: x\nSummary'),
    ).toBe('Title: x\nSummary');
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
    const { decision } = importedDecision(parsed, mopacProfile, {
      actor: { aadObjectId: 'a', name: 'A' },
      now: '2026-11-25T12:00:00.000Z',
      asApproved: false,
    });
    expect(decision.funding.map((l) => l.service)).toEqual(['Youth & Families']);
    expect(decisionTotal(decision)).toBe(12_000_000);
  });
});

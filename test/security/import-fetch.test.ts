/**
 * Issue 17, item 4: SSRF through `import`. The attacker attaches a "file" whose link points
 * inside (cloud metadata, private networks, the bot's own machine), at a host of their own, or
 * at a server that redirects elsewhere or answers with something worth reading; they must not
 * get a connection anywhere but the SharePoint/OneDrive hosts allowed, nor the remote answer
 * echoed back, and nothing is imported.
 */
import dns from 'node:dns';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { checkLink, isInternalAddress } from '../../bot/handlers/import-fetch';
import { downloadFile, TEAMS_FILE } from '../../bot/handlers/import-source';
import { DEFAULT_IMPORT_FILE_HOSTS } from '../../app/config';
import { startHarness, type Harness } from '../support/bot-harness';
import { startFileServer, type FileServer } from '../support/file-server';
import { message, person, personalChat } from '../support/teams-activities';

const mallory = person('x1', 'Mallory Attacker');
const CANT_READ =
  /^I could not read the file "[^"]+"\. Send it to me again in personal chat, or paste its text after `import`\. Nothing was imported\.$/;

describe('over HTTP, as Teams would deliver the attachment (local development: no app id)', () => {
  let h: Harness;
  let files: FileServer;
  let elsewhere: FileServer;

  beforeAll(async () => {
    h = await startHarness({ people: [mallory], admins: [] });
    files = await startFileServer();
    elsewhere = await startFileServer();
  });
  afterAll(async () => {
    await h.close();
    await files.close();
    await elsewhere.close();
  });

  const lastText = () =>
    String(h.connector.sent.filter((s) => typeof s.activity.text === 'string').at(-1)?.activity.text ?? '');
  async function attach(attachment: object): Promise<string> {
    const before = (await h.store.listDecisions()).length;
    await h.post({ ...message(h.connector.url, mallory, personalChat(mallory), 'import'), attachments: [attachment] });
    expect((await h.store.listDecisions()).length).toBe(before);
    return lastText();
  }
  const teamsFile = (name: string, downloadUrl: string) => ({
    contentType: TEAMS_FILE,
    name,
    content: { downloadUrl, fileType: 'md' },
  });

  it.each([
    [
      'cloud metadata over http',
      'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
      /not https, so I did not download it/,
    ],
    [
      'cloud metadata over https',
      'https://169.254.169.254/metadata/instance',
      /outside your organisation's SharePoint and OneDrive/,
    ],
    ['a private address', 'https://10.0.0.1/admin', /outside your organisation's SharePoint and OneDrive/],
    ['an IPv4-mapped loopback', 'https://[::ffff:127.0.0.1]/', /outside your organisation's SharePoint and OneDrive/],
    [
      'a host of their own',
      'https://evil.example.org/PCD-1065.md',
      /outside your organisation's SharePoint and OneDrive/,
    ],
    [
      'a look-alike of SharePoint',
      'https://contoso.sharepoint.com.evil.example.org/x.md',
      /outside your organisation's SharePoint and OneDrive/,
    ],
    ['the loopback by name over http', 'http://localhost:3978/healthz', /not https, so I did not download it/],
    ['a file: link', 'file:///etc/passwd', /not https, so I did not download it/],
  ])('refuses %s before connecting anywhere', async (_what, url, reason) => {
    const text = await attach(teamsFile('PCD-1065.md', url));
    expect(text).toMatch(reason);
    expect(text).toMatch(/send it to me in personal chat, or paste its text after `import`\. Nothing was imported\.$/);
  });

  it('does not fetch a contentUrl, even one on the Bot Connector', async () => {
    const url = files.serve('/connector/v3/attachments/1', { body: Buffer.from('DMPC Decision – PCD 3001') });
    const text = await attach({ contentType: 'application/octet-stream', name: 'a.md', contentUrl: url });
    expect(text).toMatch(/did not come as a file Teams lets me download/);
    expect(files.requests.filter((r) => r.path.startsWith('/connector/'))).toEqual([]);
  });

  it('does not follow a redirect to another host', async () => {
    const target = elsewhere.serve('/internal/secret.md', {
      body: Buffer.from('DMPC Decision – PCD 3002\nTitle: leaked'),
    });
    const url = files.serve('/redirect/PCD-3002.md', {
      status: 302,
      body: Buffer.alloc(0),
      headers: { location: target },
    });
    expect(await attach(teamsFile('PCD-3002.md', url))).toMatch(CANT_READ);
    expect(elsewhere.requests).toEqual([]);
  });

  it('does not echo what the remote server answered', async () => {
    const url = files.serve('/error/PCD-3003.md', {
      status: 500,
      body: Buffer.from('INTERNAL-BANNER db=10.0.0.7 user=sa'),
    });
    const text = await attach(teamsFile('PCD-3003.md', url));
    expect(text).toMatch(CANT_READ);
    expect(text).not.toMatch(/500|INTERNAL-BANNER|10\.0\.0\.7/);
  });
});

describe('with an app id: the SharePoint/OneDrive hosts only, checked at the address connected to', () => {
  let listener: net.Server;
  let port: number;
  let connections = 0;

  beforeAll(async () => {
    listener = net.createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    port = (listener.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => listener.close(() => resolve())));

  /** A resolver that answers every name with `addresses` (DNS rebinding, or a record pointing inside). */
  const resolvingTo = (...addresses: string[]) =>
    ((_host: string, _options: object, callback: (e: null, a: dns.LookupAddress[]) => void) =>
      callback(
        null,
        addresses.map((address) => ({ address, family: net.isIP(address) })),
      )) as unknown as typeof dns.lookup;

  const policy = { hosts: [...DEFAULT_IMPORT_FILE_HOSTS], allowLoopback: false, timeoutMs: 5000 };

  it('the listener standing in for an internal service counts connections', async () => {
    await new Promise<void>((resolve) =>
      net
        .connect(port, '127.0.0.1')
        .once('close', () => resolve())
        .once('error', () => resolve()),
    );
    expect(connections).toBe(1);
    connections = 0;
  });

  it.each([
    ['the loopback', ['127.0.0.1']],
    ['the IPv6 loopback', ['::1']],
    ['an IPv4-mapped loopback', ['::ffff:127.0.0.1']],
    ['cloud metadata', ['169.254.169.254']],
    ['a private network', ['10.1.2.3']],
    ['a unique-local IPv6 address', ['fd00::1']],
    ['a public address with an internal one beside it', ['52.108.1.1', '127.0.0.1']],
  ])('refuses an allowed host name that resolves to %s, and never connects', async (_what, addresses) => {
    const file = {
      name: 'PCD-1065.docx',
      url: `https://contoso.sharepoint.com:${port}/personal/x/PCD-1065.docx?tempauth=1`,
      teamsFile: true,
    };
    const result = await downloadFile(file, { ...policy, resolve: resolvingTo(...addresses) });
    expect(result).toMatchObject({
      error: expect.stringMatching(/^I could not read the file "PCD-1065\.docx"\./),
      detail: expect.stringMatching(/not on the public internet/),
    });
    expect(connections).toBe(0);
  });

  it('refuses http, and 127.0.0.1 itself, once authentication is on', () => {
    expect(checkLink('http://contoso.sharepoint.com/x', policy)).toEqual({ ok: false, why: 'not-https' });
    expect(checkLink(`http://127.0.0.1:${port}/x`, policy)).toEqual({ ok: false, why: 'not-https' });
    expect(checkLink(`https://127.0.0.1:${port}/x`, policy)).toEqual({ ok: false, why: 'host' });
  });

  it.each([
    ['https://contoso-my.sharepoint.com/personal/a/_layouts/15/download.aspx?UniqueId=1&tempauth=x', true],
    ['https://contoso.sharepoint.us/x', true],
    ['https://sharepoint.com/x', false],
    ['https://evilsharepoint.com/x', false],
    ['https://contoso.sharepoint.com.evil.example.org/x', false],
    ['https://user:pass@contoso.sharepoint.com/x', false],
    ['https://8.8.8.8/x', false],
  ])('IMPORT_FILE_HOSTS defaults: %s allowed: %s', (url, allowed) => {
    expect(checkLink(url, policy).ok).toBe(allowed);
  });

  it('narrowed to a tenant, other tenants are refused', () => {
    const tenantOnly = { hosts: ['contoso.sharepoint.com', 'contoso-my.sharepoint.com'], allowLoopback: false };
    expect(checkLink('https://contoso-my.sharepoint.com/x', tenantOnly).ok).toBe(true);
    expect(checkLink('https://fabrikam-my.sharepoint.com/x', tenantOnly).ok).toBe(false);
  });

  it('knows which addresses are internal', () => {
    for (const a of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd12::1',
      '::ffff:10.0.0.1',
      'not-an-ip',
    ])
      expect({ a, internal: isInternalAddress(a) }).toEqual({ a, internal: true });
    for (const a of ['52.108.1.1', '13.107.136.9', '2603:1026::1'])
      expect({ a, internal: isInternalAddress(a) }).toEqual({ a, internal: false });
  });
});

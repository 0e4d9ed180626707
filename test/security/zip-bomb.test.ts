/**
 * Issue 17, item 5: zip bombs. The attacker sends a `.docx` (a zip) of well under 5 MB that
 * unpacks to tens of MB, or holds thousands of parts, or whose central directory lies about the
 * sizes; they must not get it unpacked (memory, CPU), and the chat says why and what to send.
 */
import JSZip from 'jszip';
import { checkDocxArchive, MAX_DOCX_PARTS, MAX_DOCX_UNPACKED_BYTES } from '../../documents/import/docx-archive';
import { TEAMS_FILE } from '../../bot/handlers/import-source';
import { startHarness, type Harness } from '../support/bot-harness';
import { startFileServer, type FileServer } from '../support/file-server';
import { message, person, personalChat } from '../support/teams-activities';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const para = (t: string) => `<w:p><w:r><w:t xml:space="preserve">${t}</w:t></w:r></w:p>`;
const BIG = MAX_DOCX_UNPACKED_BYTES + 10 * 1024 * 1024;

/** A small real Word document holding a decision, plus whatever `extra` adds to the zip. */
async function docx(ref: string, extra: (zip: JSZip) => void = () => undefined): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  const body = [
    `DMPC Decision – ${ref}`,
    'Title: Youth Services 2024/25',
    'Executive Summary:',
    'Funding for youth services.',
    'Recommendation:',
    '1. Approve £120,000 for youth services in 2024/25.',
  ]
    .map(para)
    .join('');
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`,
  );
  extra(zip);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

/** Rewrites the uncompressed size that the central directory and local header declare for `name`. */
function lieAboutSize(bytes: Buffer, name: string, size: number): Buffer {
  const out = Buffer.from(bytes);
  for (let at = 0; at < out.length - 46; at++) {
    const sig = out.readUInt32LE(at);
    if (sig === 0x02014b50 && out.toString('latin1', at + 46, at + 46 + out.readUInt16LE(at + 28)) === name)
      out.writeUInt32LE(size, at + 24);
    if (sig === 0x04034b50 && out.toString('latin1', at + 30, at + 30 + out.readUInt16LE(at + 26)) === name)
      out.writeUInt32LE(size, at + 22);
  }
  return out;
}

const zeros = () => Buffer.alloc(BIG);
const mallory = person('z1', 'Zip Mallory');
let h: Harness;
let files: FileServer;

beforeAll(async () => {
  h = await startHarness({ people: [mallory], admins: [] });
  files = await startFileServer();
});
afterAll(async () => {
  await h.close();
  await files.close();
});

async function send(name: string, bytes: Buffer): Promise<string> {
  expect(bytes.length).toBeLessThan(5 * 1024 * 1024);
  const url = files.serve(`/bombs/${name}`, { body: bytes });
  await h.post({
    ...message(h.connector.url, mallory, personalChat(mallory), 'import'),
    attachments: [{ contentType: TEAMS_FILE, name, content: { downloadUrl: url, fileType: 'docx' } }],
  });
  return String(h.connector.sent.filter((s) => typeof s.activity.text === 'string').at(-1)?.activity.text ?? '');
}

const TOO_LARGE = (name: string) =>
  `"${name}" would unpack to more than 50 MB, far more than a decision's Word document holds, so I did not open it; send a decision as a Word document (.docx), Markdown (.md) or plain text (.txt) file of up to 5 MB. Nothing was imported.`;

test('a document of its own size is imported (the control)', async () => {
  await send('PCD-4000.docx', await docx('PCD 4000'));
  expect((await h.store.getDecision('PCD 4000'))?.decision.title).toBe('Youth Services 2024/25');
});

test('a part that unpacks to 60 MB is refused unopened', async () => {
  const bomb = await docx('PCD 4001', (zip) => zip.file('word/media/image1.png', zeros()));
  expect(await send('PCD-4001.docx', bomb)).toBe(TOO_LARGE('PCD-4001.docx'));
  expect(await h.store.getDecision('PCD 4001')).toBeNull();
}, 60_000);

test('a central directory that lies about the sizes is caught by unpacking with a cap', async () => {
  const honest = await docx('PCD 4002', (zip) => zip.file('word/media/image1.png', zeros()));
  const lying = lieAboutSize(honest, 'word/media/image1.png', 100);
  // A well-formed zip otherwise:
  expect(checkDocxArchive(lying, { maxUnpackedBytes: 1024 * 1024 * 1024, maxParts: 10 })).toEqual({ ok: true });
  expect(await send('PCD-4002.docx', lying)).toBe(TOO_LARGE('PCD-4002.docx'));
  expect(await h.store.getDecision('PCD 4002')).toBeNull();
}, 60_000);

test('thousands of parts are refused unopened', async () => {
  const bomb = await docx('PCD 4003', (zip) => {
    for (let i = 0; i < MAX_DOCX_PARTS + 500; i++) zip.file(`customXml/item${i}.xml`, '<a/>');
  });
  expect(await send('PCD-4003.docx', bomb)).toBe(
    `"PCD-4003.docx" holds more than 1,000 parts, far more than a decision's Word document has, so I did not open it; send a decision as a Word document (.docx), Markdown (.md) or plain text (.txt) file of up to 5 MB. Nothing was imported.`,
  );
  expect(await h.store.getDecision('PCD 4003')).toBeNull();
}, 60_000);

test('the same data counted twice (parts overlapping in the zip) adds up like separate parts', async () => {
  // One 30 MB part, listed twice in the central directory: 60 MB unpacked from one stream.
  const one = await docx('PCD 4004', (zip) => zip.file('word/media/a.bin', Buffer.alloc(30 * 1024 * 1024)));
  const end = one.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const cdSize = one.readUInt32LE(end + 12);
  const cdOffset = one.readUInt32LE(end + 16);
  let entry = cdOffset;
  while (one.toString('latin1', entry + 46, entry + 46 + one.readUInt16LE(entry + 28)) !== 'word/media/a.bin')
    entry += 46 + one.readUInt16LE(entry + 28) + one.readUInt16LE(entry + 30) + one.readUInt16LE(entry + 32);
  const record = one.subarray(entry, entry + 46 + one.readUInt16LE(entry + 28));
  const eocd = Buffer.from(one.subarray(end));
  eocd.writeUInt16LE(eocd.readUInt16LE(8) + 1, 8);
  eocd.writeUInt16LE(eocd.readUInt16LE(10) + 1, 10);
  eocd.writeUInt32LE(cdSize + record.length, 12);
  const overlapped = Buffer.concat([one.subarray(0, cdOffset + cdSize), record, eocd]);
  expect(await send('PCD-4004.docx', overlapped)).toBe(TOO_LARGE('PCD-4004.docx'));
  expect(await h.store.getDecision('PCD 4004')).toBeNull();
}, 60_000);

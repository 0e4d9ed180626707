import { readFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { parseDecisionDocument } from '../../../documents/import/parse-decision';
import { MAX_DOCUMENT_BYTES, readDocumentFile, readPastedText } from '../../../documents/import/read-document';
import { glaProfile, mopacProfile } from '../../fixtures/profiles';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const esc = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const para = (t: string): string => `<w:p><w:r><w:t xml:space="preserve">${esc(t)}</w:t></w:r></w:p>`;
const numbered = (t: string): string =>
  `<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>${esc(t)}</w:t></w:r></w:p>`;
const table = (rows: string[][]): string =>
  `<w:tbl>${rows.map((r) => `<w:tr>${r.map((c) => `<w:tc>${para(c)}</w:tc>`).join('')}</w:tr>`).join('')}</w:tbl>`;

/** A minimal Word document: paragraphs, a Word-numbered list and a table. */
async function buildDocx(body: string): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
      '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  zip.file(
    'word/_rels/document.xml.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>',
  );
  zip.file(
    'word/numbering.xml',
    `<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="${W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`,
  );
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'nodebuffer' });
}

const decisionBody = [
  para('MOPAC'),
  para('DMPC Decision – PCD 1065'),
  para('Title: Criminal Justice System - 2022/23 Commissioning Decisions'),
  para('Executive Summary:'),
  para('This decision requests confirmation of funding, at a total financial commitment of £3,740,000.'),
  para('Recommendation:'),
  para('The Deputy Mayor for Policing and Crime is recommended to:'),
  numbered(
    'Approve the one-year funding of three Criminal Justice System projects in 2022/23, at a total financial commitment of £1,410,000.',
  ),
  numbered(
    'Approve a three-year budget for the Female Offenders wraparound service at a total financial commitment of £2,330,000',
  ),
  para('Deputy Mayor for Policing and Crime'),
  para('The above request has my approval.'),
  para('Signature'),
  para('Date 26-11-21'),
  para('3. Financial Comments'),
  table([
    ['Service Name', '22/23 Allocation', 'Funding Source'],
    ['Drug Testing in Police Custody', '£470,000', 'Police Grant'],
    ['MAPPA', '£40,000', 'Police Grant'],
    ['GPS Tagging', '£900,000', 'Core funding'],
    ['Total', '£1,410,000', ''],
  ]),
  table([
    ['Service Name/Allocations', '22/23', '23/24', '24/25', 'Funding Source'],
    ["Women's wrap around service", '£920,000', '£760,000', '£650,000', 'Police Grant'],
  ]),
  para('9. Background/supporting papers'),
  para('9.1. PCD 849 was signed in October 2020.'),
  para('Public access to information'),
  para('Is the publication of Part 1 of this approval to be deferred? NO'),
  para('Is there a Part 2 form -NO'),
  para('Chief Executive Officer'),
  para('I have been consulted about the proposal.'),
  para('Date 26-11-21'),
].join('');

describe('readDocumentFile', () => {
  it('reads a .docx through mammoth, keeping Word numbering and table rows, into a decision the parser reads', async () => {
    const result = await readDocumentFile('PCD 1065.docx', await buildDocx(decisionBody));
    if ('error' in result) throw new Error(result.error);
    expect(result.text).toContain('1. Approve the one-year funding');
    expect(result.text).toContain('Drug Testing in Police Custody\t£470,000\tPolice Grant');
    const parsed = parseDecisionDocument(result.text, mopacProfile);
    expect(parsed.unread).toEqual([]);
    expect(parsed.ref).toBe('PCD 1065');
    expect(parsed.recommendations).toHaveLength(2);
    expect(parsed.funding.map((l) => l.service)).toEqual([
      'Drug Testing in Police Custody',
      'MAPPA',
      'GPS Tagging',
      "Women's wrap around service",
    ]);
    expect(parsed.statedTotals).toEqual([374_000_000, 141_000_000, 233_000_000]);
    expect(parsed.totalsCheck.every((c) => c.matches)).toBe(true);
    expect(parsed.citedRefs).toEqual(['PCD 849']);
    expect(parsed.signatures).toEqual([
      { key: 'decision-maker', date: '2021-11-26' },
      { key: 'chief-executive', date: '2021-11-26' },
    ]);
  });

  it('reads a .docx whose signatures are dated in a table and whose funding table is in £000', async () => {
    const body = [
      para('MAYOR OF LONDON'),
      para('DECISION – MD3301'),
      para('Title: Night Time Enterprise Zones 2024-25'),
      para('Executive summary:'),
      para('This decision approves £600,000 for three Night Time Enterprise Zones.'),
      para('Decision:'),
      para('That the Mayor approves:'),
      numbered('expenditure of £600,000 in 2024-25 on three Night Time Enterprise Zones.'),
      para('Mayor of London'),
      para('The above request has my approval.'),
      table([
        ['Signature', 'Date'],
        ['(signed)', '4th April 2024'],
      ]),
      para('2. Financial comments'),
      para('The zones are funded from the Culture budget (£000):'),
      table([
        ['Zone', '2024-25', 'Funding source'],
        ['Croydon', '200', 'Culture budget'],
        ['Hackney', '400', 'Culture budget'],
        ['Total', '600', ''],
      ]),
      para('Is the publication of Part 1 of this approval to be deferred? NO'),
      para('Is there a part 2 form – NO'),
    ].join('');
    const result = await readDocumentFile('MD3301.docx', await buildDocx(body), ['MD']);
    if ('error' in result) throw new Error(result.error);
    const parsed = parseDecisionDocument(result.text, glaProfile);
    expect(parsed.unread).toEqual([]);
    expect(parsed.ref).toBe('MD 3301');
    expect(parsed.recommendations).toEqual([
      'expenditure of £600,000 in 2024-25 on three Night Time Enterprise Zones.',
    ]);
    expect(parsed.funding).toEqual([
      { service: 'Croydon', source: 'Culture budget', allocations: [{ year: 2024, amount: 20_000_000 }] },
      { service: 'Hackney', source: 'Culture budget', allocations: [{ year: 2024, amount: 40_000_000 }] },
    ]);
    expect(parsed.totalsCheck).toEqual([
      { stated: 60_000_000, computed: 60_000_000, matches: true, label: 'the Total row of funding table 1 (2024/25)' },
    ]);
    expect(parsed.signatures).toEqual([{ key: 'decision-maker', date: '2024-04-04' }]);
  });

  it('reads .md and .txt as UTF-8, without a byte-order mark', async () => {
    const seed = readFileSync(path.resolve(__dirname, '../../fixtures/PCD-1065.md'));
    const md = await readDocumentFile('PCD-1065.md', seed);
    expect('text' in md && md.text.startsWith('# MOPAC')).toBe(true);
    const txt = await readDocumentFile('notes.TXT', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), seed]));
    expect('text' in txt && txt.text.startsWith('# MOPAC')).toBe(true);
  });

  const accepted =
    'send a decision as a Word document (.docx), Markdown (.md) or plain text (.txt) file of up to 5 MB.';
  it.each([
    [
      'an unknown extension',
      'decision.pdf',
      Buffer.from('%PDF-1.4'),
      `"decision.pdf" is not a file I can import; ${accepted}`,
    ],
    ['an empty file', 'empty.md', Buffer.alloc(0), `"empty.md" is empty; ${accepted}`],
    ['a file of white space', 'blank.txt', Buffer.from(' \n\t\n'), `"blank.txt" has no text in it; ${accepted}`],
    [
      'a file over 5 MB',
      'huge.txt',
      Buffer.alloc(MAX_DOCUMENT_BYTES + 1, 0x61),
      `"huge.txt" is 5.0 MB, more than the 5 MB I accept; ${accepted}`,
    ],
    [
      'a binary file',
      'image.txt',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]),
      `"image.txt" is a binary file, not text; ${accepted}`,
    ],
    [
      'text that is not UTF-8',
      'latin1.md',
      Buffer.from('Title: Caf\xe9 \xa3470,000', 'latin1'),
      `"latin1.md" is not UTF-8 text; save it as UTF-8 and ${accepted}`,
    ],
    [
      'a .docx that is not a zip',
      'fake.docx',
      Buffer.from('DMPC Decision – PCD 1065'),
      `"fake.docx" is not a Word document inside; ${accepted}`,
    ],
  ])('refuses %s with a one-sentence reply', async (_what, name, bytes, message) => {
    expect(await readDocumentFile(name, bytes)).toEqual({ error: message });
  });

  it('refuses a zip that is not a Word document', async () => {
    const zip = new JSZip();
    zip.file('hello.txt', 'hi');
    const result = await readDocumentFile('archive.docx', await zip.generateAsync({ type: 'nodebuffer' }));
    expect(result).toEqual({ error: `"archive.docx" could not be opened as a Word document; ${accepted}` });
  });

  it('refuses text that is not a decision, from a file or pasted', async () => {
    const shopping = Buffer.from('Shopping list\n\n- milk\n- bread £1.20\n- eggs\n');
    const unrelated = `"list.txt" does not read as a decision (no reference such as "PCD 1065" and no title, executive summary, recommendations or funding table); ${accepted}`;
    expect(await readDocumentFile('list.txt', shopping)).toEqual({ error: unrelated });
    expect(readPastedText('hello there')).toEqual({ error: unrelated.replace('"list.txt"', 'The pasted text') });
    const docxNotDecision = await readDocumentFile(
      'letter.docx',
      await buildDocx(para('Dear colleague, thank you for your letter.')),
    );
    expect(docxNotDecision).toEqual({ error: unrelated.replace('"list.txt"', '"letter.docx"') });
  });

  it('accepts pasted text that has a reference, or two recognisable parts of the form', () => {
    expect(readPastedText('Mayoral Decision MD2008\nTitle: x')).toEqual({ text: 'Mayoral Decision MD2008\nTitle: x' });
    expect('text' in readPastedText('Title: Youth services\nExecutive summary: funds youth work.')).toBe(true);
    expect('error' in readPastedText('Title: Youth services')).toBe(true);
  });

  it("reads the tables of mammoth's raw text, where each cell is a paragraph of its own", async () => {
    const raw = (await mammoth.extractRawText({ buffer: await buildDocx(decisionBody) })).value;
    expect(raw).toContain(
      'Service Name\n\n22/23 Allocation\n\nFunding Source\n\nDrug Testing in Police Custody\n\n£470,000',
    );
    const parsed = parseDecisionDocument(raw, mopacProfile);
    expect(parsed.funding).toEqual([
      {
        service: 'Drug Testing in Police Custody',
        source: 'Police Grant',
        allocations: [{ year: 2022, amount: 47_000_000 }],
      },
      { service: 'MAPPA', source: 'Police Grant', allocations: [{ year: 2022, amount: 4_000_000 }] },
      { service: 'GPS Tagging', source: 'Core funding', allocations: [{ year: 2022, amount: 90_000_000 }] },
      {
        service: "Women's wrap around service",
        source: 'Police Grant',
        allocations: [
          { year: 2022, amount: 92_000_000 },
          { year: 2023, amount: 76_000_000 },
          { year: 2024, amount: 65_000_000 },
        ],
      },
    ]);
    expect(parsed.totalsCheck.every((c) => c.matches)).toBe(true);
  });
});

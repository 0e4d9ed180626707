import fc from 'fast-check';
import {
  csvField,
  guardFormula,
  poundsNumber,
  REGISTER_HEADER,
  registerCsv,
} from '../../../documents/export/register-csv';
import { mopacProfile } from '../../fixtures/profiles';
import { seedDecision } from '../../fixtures/seed-decision';

/** A strict RFC 4180 reader, to read back what registerCsv wrote. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else if (c === '\r' || c === '\n' || c === '"') throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
    else field += c;
  }
  if (field !== '' || row.length > 0) throw new Error('last row not ended with CRLF');
  return rows;
}

describe('registerCsv', () => {
  const approved = seedDecision();
  const deferred = seedDecision({
    ref: 'PCD 1066',
    title: 'Deferred, "quoted" title',
    part1Deferral: { until: '2022-04-01', reason: 'Contract talks' },
  });
  const draft = seedDecision({
    ref: 'PCD 1067',
    title: '=HYPERLINK("http://evil.example","click")',
    status: 'draft',
    decisionMakerRole: null,
    signatures: {},
    ticks: {},
    approvedAt: null,
    funding: [{ id: 'x', service: 'X', source: 'Core funding', allocations: [{ year: 2023, amount: 4_999_999 }] }],
  });
  const csv = registerCsv([approved, deferred, draft], mopacProfile, '2022-01-10');

  it('starts with a UTF-8 byte-order mark and the header', () => {
    expect(csv.startsWith('\uFEFFref,title,status,decision maker,total (£),approved on,published on\r\n')).toBe(true);
  });

  it('writes one row per decision with plain-number totals, dates and publication', () => {
    const rows = readCsv(csv.slice(1));
    expect(rows[0]).toEqual([...REGISTER_HEADER]);
    expect(rows[1]).toEqual([
      'PCD 1065',
      'Criminal Justice System - 2022/23 Commissioning Decisions',
      'Approved',
      'Deputy Mayor for Policing and Crime',
      '3740000.00',
      '2021-11-26',
      '2021-11-26',
    ]);
    // Deferred until 1 April 2022: approved, but not published on 10 January 2022.
    expect(rows[2]).toEqual([
      'PCD 1066',
      'Deferred, "quoted" title',
      'Approved',
      'Deputy Mayor for Policing and Crime',
      '3740000.00',
      '2021-11-26',
      '',
    ]);
    // A draft below £500,000 would be the Director's; its formula-like title is defused.
    expect(rows[3]).toEqual([
      'PCD 1067',
      `'=HYPERLINK("http://evil.example","click")`,
      'Draft',
      'Director of Commissioning and Partnerships',
      '49999.99',
      '',
      '',
    ]);
    expect(csv).toContain('"Deferred, ""quoted"" title"');
  });

  it('shows the deferred decision as published once its date has come', () => {
    const rows = readCsv(registerCsv([deferred], mopacProfile, '2022-04-01').slice(1));
    expect(rows[1]?.[6]).toBe('2022-04-01');
  });

  it('guards every formula lead character and nothing else', () => {
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) expect(guardFormula(`${lead}1+1`)).toBe(`'${lead}1+1`);
    expect(guardFormula('PCD 1065')).toBe('PCD 1065');
    expect(guardFormula("'quoted")).toBe("'quoted");
  });

  it('quotes any text so that it reads back exactly (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 6 }), (cells) => {
        const line = `${cells.map((c) => csvField(guardFormula(c))).join(',')}\r\n`;
        expect(readCsv(line)).toEqual([cells.map(guardFormula)]);
      }),
    );
  });

  it('writes pence as pounds with two decimals exactly (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (pence) => {
        const text = poundsNumber(pence);
        expect(text).toMatch(/^\d+\.\d{2}$/);
        expect(BigInt(text.replace('.', ''))).toBe(BigInt(pence));
      }),
    );
  });
});

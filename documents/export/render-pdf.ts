/**
 * Part 1 as a PDF (pdfkit, A4) in the seed's layout: title block, executive summary,
 * recommendations, the decision maker's signature block, Part I with the funding table and its
 * totals, background papers, public access (Part 1 deferral, whether a Part 2 exists), the
 * originating officer declaration with ticks, and the Chief Executive's block. The standard
 * Helvetica fonts cover Windows-1252 only, so other characters print as "?" rather than as
 * wrong letters, and the tick is drawn.
 */
import type { GovernanceProfile } from '../../domain/profile';
import type { Decision } from '../../domain/types';
import { part1View, type Part1Options, type SignatureBlockView } from './part1-view';

type Doc = PDFKit.PDFDocument;

const MARGIN = 50;
const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const SIZE = 10;

// Windows-1252 beyond Latin-1: what the standard fonts can show besides U+0020-U+007E and U+00A0-U+00FF.
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Text the standard fonts can draw: unsupported characters become "?". */
export function winAnsi(text: string): string {
  return [...text.normalize('NFC')]
    .map((c) => {
      const code = c.codePointAt(0) ?? 0;
      if (c === '\n') return c;
      if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || CP1252_EXTRA.has(c)) return c;
      return c === '\t' ? ' ' : '?';
    })
    .join('');
}

const width = (doc: Doc): number => doc.page.width - 2 * MARGIN;
const bottom = (doc: Doc): number => doc.page.height - MARGIN;

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function heading(doc: Doc, text: string, size = 13): void {
  ensureSpace(doc, size * 3);
  doc
    .moveDown(0.6)
    .font(BOLD)
    .fontSize(size)
    .text(winAnsi(text), MARGIN, doc.y, { width: width(doc) });
  doc.moveDown(0.3).font(REGULAR).fontSize(SIZE);
}

function paragraph(doc: Doc, text: string, options: PDFKit.Mixins.TextOptions = {}): void {
  doc
    .font(REGULAR)
    .fontSize(SIZE)
    .text(winAnsi(text), MARGIN, doc.y, { width: width(doc), ...options });
  doc.moveDown(0.4);
}

/** A drawn check mark in a box of `size` points whose top-left corner is (x, y). */
function drawTick(doc: Doc, x: number, y: number, size = 9): void {
  doc
    .save()
    .lineWidth(1.4)
    .moveTo(x + size * 0.1, y + size * 0.55)
    .lineTo(x + size * 0.4, y + size * 0.85)
    .lineTo(x + size * 0.95, y + size * 0.1)
    .stroke()
    .restore();
}

interface Column {
  readonly width: number;
  readonly align: 'left' | 'right';
}

/**
 * One table row: cells wrapped in their column, a new page (with the header again) when it would
 * not fit. Returns where the row's top ended up.
 */
function tableRow(
  doc: Doc,
  columns: readonly Column[],
  cells: readonly string[],
  bold: boolean,
  repeatHeader?: () => void,
): number {
  doc.font(bold ? BOLD : REGULAR).fontSize(9);
  const heights = cells.map((c, i) => doc.heightOfString(winAnsi(c), { width: (columns[i]?.width ?? 50) - 8 }));
  const height = Math.max(...heights, 9) + 8;
  if (doc.y + height > bottom(doc)) {
    doc.addPage();
    repeatHeader?.();
    doc.font(bold ? BOLD : REGULAR).fontSize(9);
  }
  const top = doc.y;
  let x = MARGIN;
  cells.forEach((cell, i) => {
    const column = columns[i] as Column;
    doc.rect(x, top, column.width, height).lineWidth(0.5).stroke('#888888');
    doc.fillColor('#000000').text(winAnsi(cell), x + 4, top + 4, { width: column.width - 8, align: column.align });
    x += column.width;
  });
  doc.x = MARGIN;
  doc.y = top + height;
  return top;
}

function fundingTable(doc: Doc, v: ReturnType<typeof part1View>): void {
  const f = v.funding;
  if (!f) return;
  const amount = Math.min(62, (width(doc) - 230) / (f.years.length + 1));
  const source = 80;
  const service = width(doc) - source - amount * (f.years.length + 1);
  const columns: Column[] = [
    { width: service, align: 'left' },
    ...[...f.years, 'Total'].map((): Column => ({ width: amount, align: 'right' })),
    { width: source, align: 'left' },
  ];
  const header = () => void tableRow(doc, columns, ['Service', ...f.years, 'Total', 'Funding Source'], true);
  header();
  for (const r of f.rows) tableRow(doc, columns, [r.service, ...r.amounts, r.total, r.source], false, header);
  tableRow(doc, columns, ['Total', ...f.yearTotals, f.total, ''], true, header);
  doc.moveDown(0.6);
}

function signatureBlock(doc: Doc, block: SignatureBlockView): void {
  const lines = [
    ...(block.interestStatement === null
      ? []
      : [block.interestStatement, `Interests declared: ${block.interest ?? ''}`]),
    block.statement,
    `Signature: ${block.name ?? ''}`,
    `Date: ${block.date ?? ''}`,
  ];
  doc.font(REGULAR).fontSize(SIZE);
  const inner = width(doc) - 20;
  const height = 30 + lines.reduce((h, l) => h + doc.heightOfString(winAnsi(l), { width: inner }) + 5, 0);
  ensureSpace(doc, height + 10);
  doc.moveDown(0.5);
  const top = doc.y;
  doc.rect(MARGIN, top, width(doc), height).lineWidth(0.8).stroke('#444444');
  doc
    .font(BOLD)
    .fontSize(12)
    .fillColor('#000000')
    .text(winAnsi(block.heading), MARGIN + 10, top + 10, { width: inner });
  doc.font(REGULAR).fontSize(SIZE).moveDown(0.3);
  for (const line of lines) doc.text(winAnsi(line), MARGIN + 10, doc.y, { width: inner }).moveDown(0.3);
  doc.x = MARGIN;
  doc.y = top + height + 8;
}

function declarationTable(doc: Doc, v: ReturnType<typeof part1View>): void {
  const columns: Column[] = [
    { width: 105, align: 'left' },
    { width: width(doc) - 105 - 30 - 165, align: 'left' },
    { width: 30, align: 'left' },
    { width: 165, align: 'left' },
  ];
  const header = () => void tableRow(doc, columns, ['Item', 'Statement', 'Tick', 'Confirmed by'], true);
  header();
  for (const d of v.declarations) {
    const top = tableRow(doc, columns, [d.title, d.statement, '', d.confirmedBy ?? ''], false, header);
    if (d.ticked) drawTick(doc, MARGIN + (columns[0]?.width ?? 0) + (columns[1]?.width ?? 0) + 10, top + 5);
  }
  doc.moveDown(0.6);
}

/** Part 1 as a PDF file's bytes. pdfkit is loaded by the first PDF, not at start-up (~80 ms of it). */
export async function renderPdf(
  decision: Decision,
  profile: GovernanceProfile,
  options: Part1Options = {},
): Promise<Buffer> {
  const v = part1View(decision, profile, options);
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    // The record's own time, not the clock: the same decision gives the same file.
    info: {
      Title: winAnsi(`${decision.ref}: ${decision.title}`),
      Author: winAnsi(profile.body),
      CreationDate: new Date(decision.updatedAt),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font(BOLD).fontSize(22).text(winAnsi(v.bodyName), MARGIN, MARGIN);
  doc.font(BOLD).fontSize(11).text(winAnsi(v.bodyFullName.toUpperCase())).moveDown(0.8);
  doc.font(BOLD).fontSize(16).text(winAnsi(v.heading)).moveDown(0.3);
  doc
    .font(BOLD)
    .fontSize(13)
    .text(winAnsi(`Title: ${v.title}`), { width: width(doc) });
  heading(doc, 'Executive Summary:');
  for (const p of v.summary) paragraph(doc, p);
  heading(doc, 'Recommendation:');
  paragraph(doc, v.recommendationsIntro);
  v.recommendations.forEach((r, i) => paragraph(doc, `${i + 1}. ${r}`, { indent: 0 }));
  signatureBlock(doc, v.decisionMaker);

  heading(doc, v.partOneHeading, 12);
  heading(doc, '1. Financial Comments', 11);
  paragraph(doc, `1.1. ${v.totalSentence}`);
  fundingTable(doc, v);
  heading(doc, '2. Background/supporting papers', 11);
  if (v.backgroundPapers.length === 0) paragraph(doc, 'None.');
  v.backgroundPapers.forEach((p, i) => paragraph(doc, `2.${i + 1}. ${p}`));

  heading(doc, 'Public access to information');
  paragraph(doc, v.publicAccess);
  heading(doc, 'Part 1 Deferral:', 11);
  paragraph(doc, `Is the publication of Part 1 of this approval to be deferred? ${v.deferred ? 'YES' : 'NO'}`);
  paragraph(doc, `If yes, for what reason: ${v.deferralReason}`);
  paragraph(doc, `Until what date: ${v.deferralUntil}`);
  paragraph(doc, `Part 2 Confidentiality: ${v.part2Guidance}`);
  paragraph(doc, `Is there a Part 2 form - ${v.hasPart2 ? 'YES' : 'NO'}`);

  heading(doc, 'ORIGINATING OFFICER DECLARATION');
  declarationTable(doc, v);
  if (v.chiefExecutive) signatureBlock(doc, v.chiefExecutive);
  doc.end();
  return done;
}

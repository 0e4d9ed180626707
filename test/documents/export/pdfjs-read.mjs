/**
 * Opens a PDF with pdf.js (pdfjs-dist, the reader inside Firefox), in a process of its own because
 * pdfjs-dist ships ES modules only and jest runs CommonJS. Usage:
 *   node test/export/pdfjs-read.mjs <file.pdf> <page-1.png>
 * renders page 1 at 50 dpi into <page-1.png> (canvas from @napi-rs/canvas) and prints
 * {"pages": N, "text": ["page 1 text", …]} on stdout. A PDF that pdf.js cannot read exits 1.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const [pdfPath, pngPath] = process.argv.slice(2);
if (!pdfPath || !pngPath) {
  console.error('usage: node test/export/pdfjs-read.mjs <file.pdf> <page-1.png>');
  process.exit(2);
}

// pdfkit's standard fonts (Helvetica, …) are not embedded: pdf.js draws them from its own copies.
const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const document = await getDocument({
  data: new Uint8Array(readFileSync(pdfPath)),
  standardFontDataUrl: `${path.join(pdfjsRoot, 'standard_fonts')}/`,
  isEvalSupported: false,
  stopAtErrors: true,
  verbosity: 0,
}).promise;

const text = [];
for (let n = 1; n <= document.numPages; n++) {
  const content = await (await document.getPage(n)).getTextContent();
  text.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
}

const page = await document.getPage(1);
const viewport = page.getViewport({ scale: 50 / 72 });
const { canvas, context } = document.canvasFactory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
await page.render({ canvas, canvasContext: context, viewport }).promise;
writeFileSync(pngPath, canvas.toBuffer('image/png'));

await document.destroy();
process.stdout.write(JSON.stringify({ pages: document.numPages, text }));

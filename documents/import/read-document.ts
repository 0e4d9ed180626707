/**
 * The text of an uploaded or pasted decision, or a one-sentence refusal saying what is accepted:
 * a Word document (.docx, read with mammoth), Markdown (.md) or plain text (.txt), UTF-8, up to
 * 5 MB, that reads as a decision. Nothing is parsed or stored from a refused file.
 */
import { checkDocxArchive, MAX_DOCX_PARTS, MAX_DOCX_UNPACKED_BYTES } from './docx-archive';
import { docxHtmlToText } from './docx-html-text';
import { looksLikeDecision } from './parse-decision';

export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
export const ACCEPTED = 'a decision as a Word document (.docx), Markdown (.md) or plain text (.txt) file of up to 5 MB';

export type DocumentText = { text: string } | { error: string };

const extensionOf = (name: string): string => /\.([a-z0-9]+)$/i.exec(name.trim())?.[1]?.toLowerCase() ?? '';

/** Checks text, however it came, for being a decision at all. */
function decisionText(label: string, text: string, prefixes: readonly string[]): DocumentText {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return { error: `${label} has no text in it; send ${ACCEPTED}.` };
  if (!looksLikeDecision(body, prefixes)) {
    return {
      error: `${label} does not read as a decision (no reference such as "PCD 1065" and no title, executive summary, recommendations or funding table); send ${ACCEPTED}.`,
    };
  }
  return { text: body };
}

/** A file from a Teams attachment or the command line. `prefixes` adds the profile's reference prefix. */
export async function readDocumentFile(
  name: string,
  bytes: Buffer,
  prefixes: readonly string[] = [],
): Promise<DocumentText> {
  const label = `"${name}"`;
  const extension = extensionOf(name);
  if (!['docx', 'md', 'txt'].includes(extension))
    return { error: `${label} is not a file I can import; send ${ACCEPTED}.` };
  if (bytes.length === 0) return { error: `${label} is empty; send ${ACCEPTED}.` };
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    return {
      error: `${label} is ${(bytes.length / 1024 / 1024).toFixed(1)} MB, more than the 5 MB I accept; send ${ACCEPTED}.`,
    };
  }
  if (extension === 'docx') {
    if (bytes.subarray(0, 4).toString('latin1') !== 'PK\u0003\u0004')
      return { error: `${label} is not a Word document inside; send ${ACCEPTED}.` };
    // A zip bomb is refused before mammoth unpacks anything.
    const archive = checkDocxArchive(bytes);
    if (!archive.ok && archive.why === 'too-large')
      return {
        error: `${label} would unpack to more than ${MAX_DOCX_UNPACKED_BYTES / 1024 / 1024} MB, far more than a decision's Word document holds, so I did not open it; send ${ACCEPTED}.`,
      };
    if (!archive.ok && archive.why === 'too-many-parts')
      return {
        error: `${label} holds more than ${MAX_DOCX_PARTS.toLocaleString('en-GB')} parts, far more than a decision's Word document has, so I did not open it; send ${ACCEPTED}.`,
      };
    if (!archive.ok) return { error: `${label} could not be opened as a Word document; send ${ACCEPTED}.` };
    try {
      // Loaded by the first Word document, not at start-up.
      const { default: mammoth } = await import('mammoth');
      const result = await mammoth.convertToHtml({ buffer: bytes });
      return decisionText(label, docxHtmlToText(result.value), prefixes);
    } catch {
      return { error: `${label} could not be opened as a Word document; send ${ACCEPTED}.` };
    }
  }
  if (bytes.includes(0)) return { error: `${label} is a binary file, not text; send ${ACCEPTED}.` };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { error: `${label} is not UTF-8 text; save it as UTF-8 and send ${ACCEPTED}.` };
  }
  return decisionText(label, text, prefixes);
}

/** Text pasted after the import command, checked like a file. */
export function readPastedText(text: string, prefixes: readonly string[] = []): DocumentText {
  if (Buffer.byteLength(text, 'utf8') > MAX_DOCUMENT_BYTES)
    return { error: `The pasted text is more than the 5 MB I accept; send ${ACCEPTED}.` };
  return decisionText('The pasted text', text, prefixes);
}

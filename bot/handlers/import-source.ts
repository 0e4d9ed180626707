/**
 * Where an `import` gets its document: a file attached to the message, or the text pasted after
 * the command. Teams delivers a personal-chat file as an attachment of type
 * `application/vnd.microsoft.teams.file.download.info` whose `content.downloadUrl` is a
 * short-lived pre-authenticated SharePoint/OneDrive link: that link is the only thing fetched,
 * and only as import-fetch.ts allows (https, IMPORT_FILE_HOSTS, no internal address, same-origin
 * redirects, 5 MB, 30 seconds). Any other attachment with a `contentUrl` is refused, not fetched.
 */
import type { Attachment } from 'botbuilder';
import { DomainError, ErrorCode } from '../../domain/errors';
import { docxHtmlToText } from '../../documents/import/docx-html-text';
import { ACCEPTED, MAX_DOCUMENT_BYTES } from '../../documents/import/read-document';
import { checkLink, fetchFile, type FetchPolicy } from './import-fetch';

export const TEAMS_FILE = 'application/vnd.microsoft.teams.file.download.info';

export interface FileAttachment {
  readonly name: string;
  readonly url: string;
  /** True for Teams' file download info; false for any other file link, which is not fetched. */
  readonly teamsFile: boolean;
}

/** The first file attached to the activity, if any (cards and the HTML copy of the message are not files). */
export function fileAttachmentOf(attachments: readonly Attachment[] | undefined): FileAttachment | null {
  for (const a of attachments ?? []) {
    const content = (a.content ?? {}) as { downloadUrl?: unknown; fileType?: unknown };
    if (a.contentType === TEAMS_FILE && typeof content.downloadUrl === 'string') {
      const name = a.name ?? (typeof content.fileType === 'string' ? `file.${content.fileType}` : 'file');
      return { name, url: content.downloadUrl, teamsFile: true };
    }
    const isFile = typeof a.contentUrl === 'string' && a.contentType !== 'text/html' && !a.contentType?.startsWith('application/vnd.microsoft.card.');
    if (isFile) return { name: a.name ?? 'file', url: a.contentUrl as string, teamsFile: false };
  }
  return null;
}

/** What a failed download says; `detail` is for the log only (it may hold the remote answer). */
export type Downloaded = { readonly bytes: Buffer } | { readonly error: string; readonly detail?: string };

const INSTEAD = 'send it to me in personal chat, or paste its text after `import`';

/** Downloads the file within `policy`; a larger file is refused without reading the rest of it. */
export async function downloadFile(file: FileAttachment, policy: Omit<FetchPolicy, 'maxBytes'> & { maxBytes?: number }): Promise<Downloaded> {
  const label = `"${file.name}"`;
  const maxBytes = policy.maxBytes ?? MAX_DOCUMENT_BYTES;
  if (!file.teamsFile) return { error: `${label} did not come as a file Teams lets me download (only files sent to me in personal chat do); ${INSTEAD}.` };
  const link = checkLink(file.url, policy);
  if (!link.ok) {
    if (link.why === 'malformed') return { error: `${label} came without a link I can download it from; ${INSTEAD}.` };
    if (link.why === 'not-https') return { error: `${label} came with a link that is not https, so I did not download it; ${INSTEAD}.` };
    return { error: `${label} came with a link outside your organisation's SharePoint and OneDrive, so I did not download it; ${INSTEAD}.` };
  }
  const fetched = await fetchFile(link.url, { ...policy, maxBytes });
  if (fetched.ok) return { bytes: fetched.bytes };
  if (fetched.why === 'too-big') return { error: `${label} is more than the ${Math.round(maxBytes / 1024 / 1024)} MB I accept; send ${ACCEPTED}.`, detail: fetched.detail };
  return { error: `I could not read the file ${label}. Send it to me again in personal chat, or paste its text after \`import\`.`, detail: fetched.detail };
}

const APPROVED = /^(?:as\s+)?approved\b\s*:?\s*/i;
/** Teams' HTML: the message opens with a paragraph or div (after the bot's @mention), or holds a table. */
const TEAMS_HTML = /^\s*(?:<at>[^<]*<\/at>\s*)?<(?:p|div)\b|<table\b/i;

/** `import approved …` asks for a signed document to be recorded as approved; the rest is the document. */
export function splitApproved(args: string): { asApproved: boolean; rest: string } {
  const asApproved = APPROVED.test(args);
  return { asApproved, rest: asApproved ? args.replace(APPROVED, '') : args };
}

/**
 * The text pasted after `import [approved]`. Teams sends formatted messages as HTML: its tables
 * and lists are read like a Word document's (rows as tab-separated lines), not flattened.
 */
export function pastedDocument(rawText: string, botName: string, args: string): string {
  if (!TEAMS_HTML.test(rawText)) return splitApproved(args).rest;
  const html = (botName ? rawText.split(`<at>${botName}</at>`).join(' ') : rawText).replace(/<(\/?)div\b[^>]*>/gi, '<$1p>');
  const text = docxHtmlToText(html).replace(/^\s*import\b\s*/i, '');
  return splitApproved(text).rest;
}

export const IMPORT_HELP =
  'Attach the decision as a Word (.docx), Markdown (.md) or text (.txt) file with the message `import`, or paste its text after the command: `import DMPC Decision – PCD 1065 …`. `import approved …` records a document its decision maker signed as approved (historic; admins only).';

export function noDocument(): DomainError {
  return new DomainError(ErrorCode.InvalidInput, IMPORT_HELP);
}

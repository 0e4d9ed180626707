/**
 * Where an `import` gets its document: a file attached to the message, or the text pasted after
 * the command. Teams delivers a personal-chat file as an attachment of type
 * `application/vnd.microsoft.teams.file.download.info` whose `content.downloadUrl` is a
 * short-lived pre-authenticated link; other files and inline attachments carry a `contentUrl`,
 * which on the Bot Connector's own host needs the bot's token. Downloads stop at 5 MB, before
 * the whole body is read, and after 30 seconds.
 */
import type { Attachment } from 'botbuilder';
import { DomainError, ErrorCode } from '../../domain/errors';
import { docxHtmlToText } from '../../documents/import/docx-html-text';
import { ACCEPTED, MAX_DOCUMENT_BYTES } from '../../documents/import/read-document';
import type { Turn } from '../bot-context';

export const TEAMS_FILE = 'application/vnd.microsoft.teams.file.download.info';
const DOWNLOAD_TIMEOUT_MS = 30_000;

export interface FileAttachment {
  readonly name: string;
  readonly url: string;
  /** Send the bot's token: only to the Bot Connector that sent the activity. */
  readonly onConnector: boolean;
}

/** The first file attached to the activity, if any (cards and the HTML copy of the message are not files). */
export function fileAttachmentOf(
  attachments: readonly Attachment[] | undefined,
  serviceUrl: string,
): FileAttachment | null {
  for (const a of attachments ?? []) {
    const content = (a.content ?? {}) as { downloadUrl?: unknown; fileType?: unknown };
    if (a.contentType === TEAMS_FILE && typeof content.downloadUrl === 'string') {
      const name = a.name ?? (typeof content.fileType === 'string' ? `file.${content.fileType}` : 'file');
      return { name, url: content.downloadUrl, onConnector: false };
    }
    const isFile =
      typeof a.contentUrl === 'string' &&
      a.contentType !== 'text/html' &&
      !a.contentType?.startsWith('application/vnd.microsoft.card.');
    if (isFile)
      return {
        name: a.name ?? 'file',
        url: a.contentUrl as string,
        onConnector: sameOrigin(a.contentUrl as string, serviceUrl),
      };
  }
  return null;
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

export type Downloaded = { readonly bytes: Buffer } | { readonly error: string };

/** Fetches at most `maxBytes` (a larger file is refused without reading the rest of it). */
export async function downloadFile(
  file: Pick<FileAttachment, 'name' | 'url'>,
  options: { token: string | null; requireHttps: boolean; maxBytes?: number; timeoutMs?: number },
): Promise<Downloaded> {
  const label = `"${file.name}"`;
  const maxBytes = options.maxBytes ?? MAX_DOCUMENT_BYTES;
  const tooBig = {
    error: `${label} is more than the ${Math.round(maxBytes / 1024 / 1024)} MB I accept; send ${ACCEPTED}.`,
  };
  let url: URL;
  try {
    url = new URL(file.url);
  } catch {
    return {
      error: `${label} came without a link I can download it from; send it again, or paste its text after \`import\`.`,
    };
  }
  if (url.protocol !== 'https:' && (options.requireHttps || url.protocol !== 'http:'))
    return {
      error: `${label} came with a link that is not https, so I did not download it; send it again, or paste its text after \`import\`.`,
    };
  let res: Response;
  try {
    res = await fetch(url, {
      headers: options.token ? { Authorization: `Bearer ${options.token}` } : {},
      signal: AbortSignal.timeout(options.timeoutMs ?? DOWNLOAD_TIMEOUT_MS),
    });
  } catch {
    return { error: `I could not download ${label} (no answer from where Teams keeps it); please try again.` };
  }
  if (!res.ok || res.body === null) {
    await res.body?.cancel().catch(() => undefined);
    return {
      error: `I could not download ${label} (HTTP ${res.status}). In a channel, Teams may not let me read files: send it to me in personal chat, or paste its text after \`import\`.`,
    };
  }
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body.cancel().catch(() => undefined);
    return tooBig;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return tooBig;
      }
      chunks.push(Buffer.from(value));
    }
  } catch {
    return { error: `The download of ${label} was cut off; please try again.` };
  }
  return { bytes: Buffer.concat(chunks) };
}

/** The bot's Bot Connector token, when it has an app id (none in local development). */
export async function connectorToken(turn: Pick<Turn, 'context' | 'deps'>): Promise<string | null> {
  if (!turn.deps.botAppId) return null;
  const client = turn.context.turnState.get(turn.context.adapter.ConnectorClientKey) as
    { credentials?: { getToken?: () => Promise<string> } } | undefined;
  try {
    return (await client?.credentials?.getToken?.()) ?? null;
  } catch (e) {
    turn.deps.logger.warn('could not get a token to download an attachment', {
      error: String((e as Error)?.message ?? e),
    });
    return null;
  }
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
  const html = (botName ? rawText.split(`<at>${botName}</at>`).join(' ') : rawText).replace(
    /<(\/?)div\b[^>]*>/gi,
    '<$1p>',
  );
  const text = docxHtmlToText(html).replace(/^\s*import\b\s*/i, '');
  return splitApproved(text).rest;
}

export const IMPORT_HELP =
  'Attach the decision as a Word (.docx), Markdown (.md) or text (.txt) file with the message `import`, or paste its text after the command: `import DMPC Decision – PCD 1065 …`. `import approved …` records a document its decision maker signed as approved (historic; admins only).';

export function noDocument(): DomainError {
  return new DomainError(ErrorCode.InvalidInput, IMPORT_HELP);
}

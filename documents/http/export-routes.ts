/**
 * `GET /exports/<token>`: the file an `export` or `register csv` reply links to. The token is
 * checked (signature, then expiry) before anything is read; a decision is served only at the
 * version the link was made for, Part 1 only, as Markdown, HTML or PDF; the register as CSV.
 */
import { bandsHighestFirst } from '../../domain/delegation';
import { scopeOn } from '../../storage/summary-query';
import type { Request, Response, Server } from 'restify';
import type { GovernanceProfile } from '../../domain/profile';
import type { Decision } from '../../domain/types';
import { registerCsv } from '../export/register-csv';
import { renderHtml } from '../export/render-html';
import { renderMarkdown } from '../export/render-markdown';
import { renderPdf } from '../export/render-pdf';
import type { Store } from '../../storage/store';
import type { Clock } from '../../domain/clock';
import type { Logger } from '../../domain/logger';
import { fileStem, type DownloadLinks, type DownloadTarget, type ExportFormat } from '../download-token';
import { HTML, messagePage, NO_STORE, sendBody } from './http-responses';
import { todayIn } from '../../domain/clock';
import { visibleTo } from '../export/publication';

export interface ExportDeps {
  readonly store: Store;
  readonly profile: GovernanceProfile;
  readonly clock: Clock;
  readonly downloads: DownloadLinks;
  readonly logger: Logger;
}

const CONTENT_TYPES: Readonly<Record<ExportFormat | 'csv', string>> = {
  md: 'text/markdown; charset=utf-8',
  html: HTML,
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
};

export interface ExportFile {
  readonly name: string;
  readonly contentType: string;
  readonly body: string | Buffer;
}

/** Part 1 of a decision as a file in the format asked for. */
export async function part1File(
  decision: Decision,
  profile: GovernanceProfile,
  format: ExportFormat,
): Promise<ExportFile> {
  const body =
    format === 'md'
      ? renderMarkdown(decision, profile)
      : format === 'html'
        ? renderHtml(decision, profile)
        : await renderPdf(decision, profile);
  return { name: `${fileStem(decision.ref)}-part-1.${format}`, contentType: CONTENT_TYPES[format], body };
}

const refusal = (res: Response, status: number, title: string, sentence: string) =>
  sendBody(res, status, messagePage(title, sentence), HTML, NO_STORE);

export function registerExportRoutes(server: Server, deps: ExportDeps): void {
  const { store, profile, clock, downloads, logger } = deps;

  async function fileFor(target: DownloadTarget): Promise<ExportFile | 'gone' | 'hidden'> {
    const today = todayIn(clock, profile.timeZone);
    if (target.kind === 'register') {
      // Summaries in reference order, filtered in the store: the CSV needs no long text.
      const { rows: decisions } = await store.querySummaries({
        scope: scopeOn(target.scope, today, profile.timeZone),
        bands: bandsHighestFirst(profile),
      });
      return {
        name: `register-of-decisions-${today}.csv`,
        contentType: CONTENT_TYPES.csv,
        body: registerCsv(decisions, profile, today),
      };
    }
    const stored = await store.getDecision(target.ref);
    if (stored === null || stored.decision.version !== target.version) return 'gone';
    if (visibleTo(target.scope, [stored.decision], today, profile.timeZone).length === 0) return 'hidden';
    return part1File(stored.decision, profile, target.format);
  }

  // A wildcard, not a :token parameter: the router caps parameters at 100 characters.
  server.get('/exports/*', async (req: Request, res: Response) => {
    const verified = downloads.verify(String((req.params as Record<string, unknown>)['*'] ?? ''), clock.now());
    if (!verified.ok) {
      if (verified.reason === 'expired')
        return refusal(
          res,
          410,
          'Link expired',
          'Download links work for 15 minutes. Ask the bot for the export again.',
        );
      return refusal(res, 404, 'Not found', 'This is not a download link the bot made.');
    }
    try {
      const file = await fileFor(verified.target);
      if (file === 'gone')
        return refusal(
          res,
          410,
          'Decision changed',
          'The decision has changed since this link was made. Ask the bot for the export again.',
        );
      if (file === 'hidden') return refusal(res, 404, 'Not found', 'This is not a download link the bot made.');
      sendBody(res, 200, file.body, file.contentType, NO_STORE, {
        'Content-Disposition': `attachment; filename="${file.name}"`,
      });
    } catch (e) {
      logger.error('export download failed', { error: String((e as Error)?.stack ?? e) });
      refusal(res, 500, 'Something went wrong', 'The file could not be made. Please try again.');
    }
  });
}

/**
 * Publication under the Freedom of Information Act: `GET /decisions`, the register of published
 * decisions, and `GET /decisions/<ref>`, a published Part 1. What is published is decided by
 * publicationState with today's date from the clock in the profile's zone: a decision that is not
 * approved, or whose Part 1 is deferred until a later date, answers 404 exactly like a reference
 * that does not exist, and never appears in the register. Part 2 is never served at all.
 */
import type { Request, Response, Server } from 'restify';
import type { GovernanceProfile } from '../../domain/profile';
import { publicationState } from '../export/publication';
import { renderHtml } from '../export/render-html';
import { renderRegisterHtml } from '../export/render-register-html';
import type { Store } from '../../storage/store';
import { todayIn, type Clock } from '../../domain/clock';
import type { Logger } from '../../domain/logger';
import { HTML, messagePage, NO_STORE, PUBLIC_CACHE, sendBody } from './http-responses';

export interface PublicationDeps {
  readonly store: Store;
  readonly profile: GovernanceProfile;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** The register links to each record by its reference with the space as a dash: /decisions/PCD-1065. */
export const recordPath = (ref: string): string => `/decisions/${encodeURIComponent(ref.replace(/\s+/g, '-'))}`;

const NOT_FOUND = messagePage(
  'Decision not found',
  'No published decision has this reference. Part 1 of a decision is published once it is approved, or on the date its publication was deferred to.',
);

export function registerPublicationRoutes(server: Server, deps: PublicationDeps): void {
  const { store, profile, clock, logger } = deps;

  const failed = (res: Response, e: unknown, what: string) => {
    logger.error(`${what} failed`, { error: String((e as Error)?.stack ?? e) });
    sendBody(
      res,
      500,
      messagePage('Something went wrong', 'The page could not be made. Please try again later.'),
      HTML,
      NO_STORE,
    );
  };

  server.get('/decisions', async (_req: Request, res: Response) => {
    try {
      // Only approved decisions can be published: their summaries are all the register page needs.
      const decisions = await store.listSummaries({ statuses: ['approved'] });
      sendBody(
        res,
        200,
        renderRegisterHtml(decisions, profile, todayIn(clock, profile.timeZone), recordPath),
        HTML,
        PUBLIC_CACHE,
      );
    } catch (e) {
      failed(res, e, 'the published register');
    }
  });

  // A reference may hold a slash ("Decision 44/2020"), so everything after /decisions/ is the reference.
  server.get('/decisions/*', async (req: Request, res: Response) => {
    try {
      const raw = String((req.params as Record<string, unknown>)['*'] ?? '');
      let ref: string;
      try {
        ref = decodeURIComponent(raw).trim();
      } catch {
        ref = '';
      }
      const stored = ref === '' || ref.length > 100 ? null : await store.getDecision(ref);
      const decision = stored?.decision ?? null;
      if (
        decision === null ||
        !publicationState(decision, todayIn(clock, profile.timeZone), profile.timeZone).published
      ) {
        sendBody(res, 404, NOT_FOUND, HTML, NO_STORE);
        return;
      }
      sendBody(res, 200, renderHtml(decision, profile), HTML, PUBLIC_CACHE);
    } catch (e) {
      failed(res, e, 'a published record');
    }
  });
}

/**
 * The tab's routes under /tab, mounted by app/server.ts: My decisions (/tab/mine), the Register
 * (/tab/register and its CSV), the Funding outlook (/tab/outlook), a decision (/tab/decision/<ref>),
 * the channel tab's configuration page (/tab/config), the development picker (/tab/pick) and the
 * static files (/tab/assets/<name>).
 * Every data page first finds out who is asking (viewer.ts) and shows only what that person may see.
 */
import type { Request, Response, Server } from 'restify';
import { viewerScope } from '../domain/authority';
import { todayIn, type Clock } from '../domain/clock';
import type { Logger } from '../domain/logger';
import { roleName, type GovernanceProfile } from '../domain/profile';
import { visibleTo } from '../documents/export/publication';
import { registerCsv } from '../documents/export/register-csv';
import type { Store } from '../storage/store';
import { decisionPage } from './decision-page';
import { myDecisions, myDecisionsPage, owedBy } from './my-decisions';
import { linksFor, messageBody, pickerPage, signInShell, type Links, TAB_BASE } from './page-layout';
import { configPage } from './config-page';
import { OUTLOOK_SCRIPTS, outlookPage } from './outlook-page';
import { outlookFor } from './outlook-query';
import { parseRegisterQuery, registerFor, registerRows } from './register-query';
import { registerPage } from './register-page';
import { ssoValidator } from './sso-token';
import { tabAsset } from './tab-assets';
import { identify, type Viewer } from './viewer';

export interface TabDeps {
  readonly store: Store;
  readonly profile: GovernanceProfile;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The bot's app id; '' is local development (loopback only, acting as a picked person). */
  readonly appId: string;
  readonly botDomain: string | null;
  readonly admins: readonly string[];
  readonly allowedTenants: readonly string[];
  /** OpenID metadata of Azure AD; tests give a local one. */
  readonly openIdMetadataUrl?: string;
}

const HTML = 'text/html; charset=utf-8';
/** Own scripts and styles only; framed by Teams (and by nothing else). */
const TAB_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.office.com https://*.cloud.microsoft https://*.microsoft365.com",
].join('; ');

interface Answer {
  readonly status: number;
  readonly body: string | Buffer;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
}

function send(res: Response, answer: Answer): void {
  const contentType = answer.contentType ?? HTML;
  res.sendRaw(answer.status, answer.body, {
    'Content-Type': contentType,
    'Cache-Control': 'private, no-store',
    Vary: 'Authorization',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ...(contentType === HTML ? { 'Content-Security-Policy': TAB_POLICY } : {}),
    ...answer.headers,
  });
}

const paramsOf = (req: Request): Record<string, string> =>
  Object.fromEntries(new URL(req.url ?? '/', 'http://tab.invalid').searchParams);

type Render = (viewer: Viewer, links: Links, params: Record<string, string>, req: Request) => Promise<Answer>;

export function registerTabRoutes(server: Server, deps: TabDeps): void {
  const { store, profile, clock, logger } = deps;
  const validate =
    deps.appId !== '' && deps.botDomain !== null
      ? ssoValidator({
          audience: `api://${deps.botDomain}/${deps.appId}`,
          allowedTenants: deps.allowedTenants,
          metadataUrl: deps.openIdMetadataUrl,
          now: () => clock.now(),
        })
      : null;
  const viewerDeps = { store, profile, appId: deps.appId, admins: deps.admins, validate };
  const today = () => todayIn(clock, profile.timeZone);

  const page =
    (title: string, render: Render, scripts: readonly string[] = []) =>
    async (req: Request, res: Response) => {
      try {
        const params = paramsOf(req);
        const id = await identify(viewerDeps, {
          authorization: String(req.headers.authorization ?? ''),
          remoteAddress: req.socket?.remoteAddress ?? '',
          as: params.as ?? '',
        });
        if (id.kind === 'sign-in') return send(res, { status: 200, body: signInShell(title, scripts) });
        if (id.kind === 'refused')
          return send(res, { status: id.status, body: messageBody(id.title, id.reason, linksFor(null)) });
        if (id.kind === 'pick')
          return send(res, {
            status: 200,
            body: pickerPage(id.candidates, req.url ?? '/tab/mine', (r) => roleName(profile, r)),
          });
        send(res, await render(id.viewer, linksFor(id.viewer), params, req));
      } catch (e) {
        logger.error('tab page failed', { error: String((e as Error)?.stack ?? e) });
        send(res, {
          status: 500,
          body: messageBody('Something went wrong', 'The page could not be made. Please try again.', linksFor(null)),
        });
      }
    };

  server.get(`${TAB_BASE}/assets/:name`, async (req: Request, res: Response) => {
    const file = tabAsset(String((req.params as Record<string, unknown>).name ?? ''));
    if (file === null) return send(res, { status: 404, body: 'Not found', contentType: 'text/plain; charset=utf-8' });
    res.sendRaw(200, file.body, {
      'Content-Type': file.contentType,
      'Cache-Control': 'public, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
    });
  });

  server.get(`${TAB_BASE}/config`, async (_req: Request, res: Response) =>
    send(res, { status: 200, body: configPage() }),
  );

  // Local development: always the picker (the other pages show it too while no one is picked).
  server.get(`${TAB_BASE}/pick`, async (req: Request, res: Response) => {
    const id = await identify(viewerDeps, {
      authorization: '',
      remoteAddress: req.socket?.remoteAddress ?? '',
      as: '',
    });
    if (id.kind === 'pick')
      return send(res, {
        status: 200,
        body: pickerPage(id.candidates, `${TAB_BASE}/mine`, (r) => roleName(profile, r)),
      });
    send(res, {
      status: 404,
      body: messageBody('Not found', 'Inside Teams you are who you signed in as.', linksFor(null)),
    });
  });

  server.get(
    `${TAB_BASE}/mine`,
    page('My decisions', async (viewer, links) => {
      const mine = await myDecisions(store, profile, viewer, clock.now().toISOString());
      return { status: 200, body: myDecisionsPage(mine, profile, viewer, links) };
    }),
  );

  server.get(
    `${TAB_BASE}/register`,
    page('Register', async (viewer, links, params) => {
      const scope = viewerScope(profile, viewer);
      const result = await registerFor(store, profile, scope, today(), parseRegisterQuery(params, profile));
      return { status: 200, body: registerPage(result, profile, scope, viewer, links) };
    }),
  );

  server.get(
    `${TAB_BASE}/register.csv`,
    page('Register', async (viewer, _links, params) => {
      const day = today();
      const q = parseRegisterQuery(params, profile);
      const rows = await registerRows(store, profile, viewerScope(profile, viewer), day, q);
      return {
        status: 200,
        body: registerCsv(
          rows.map((r) => r.decision),
          profile,
          day,
        ),
        contentType: 'text/csv; charset=utf-8',
        headers: { 'Content-Disposition': `attachment; filename="register-${day}.csv"` },
      };
    }),
  );

  server.get(
    `${TAB_BASE}/outlook`,
    page(
      'Funding outlook',
      async (viewer, links) => {
        const scope = viewerScope(profile, viewer);
        const outlook = await outlookFor(store, profile, scope, today());
        return { status: 200, body: outlookPage(outlook, profile, scope, viewer, links) };
      },
      OUTLOOK_SCRIPTS,
    ),
  );

  // A reference may hold a slash ("Decision 44/2020"): everything after /decision/ is the reference.
  server.get(
    `${TAB_BASE}/decision/*`,
    page('Decision', async (viewer, links, _params, req) => {
      let ref: string;
      try {
        ref = decodeURIComponent(String((req.params as Record<string, unknown>)['*'] ?? '')).trim();
      } catch {
        ref = '';
      }
      const stored = ref === '' || ref.length > 100 ? null : await store.getDecision(ref);
      const d = stored?.decision;
      const visible =
        d !== undefined &&
        (visibleTo(viewerScope(profile, viewer), [d], today(), profile.timeZone).length === 1 ||
          owedBy(d, profile, viewer.roles) !== null);
      if (stored === null || !visible)
        return {
          status: 404,
          body: messageBody('Decision not found', 'No decision you may see has this reference.', links),
        };
      const events = await store.getAudit(stored.decision.ref);
      return { status: 200, body: decisionPage(stored.decision, stored.home, events, profile, viewer, links) };
    }),
  );
}

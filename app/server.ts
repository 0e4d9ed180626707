/**
 * The HTTP edge: restify with `POST /api/messages` (Bot Framework, through teams-ai's
 * TeamsAdapter, a CloudAdapter), `GET /healthz`, `GET /metrics` (Prometheus, metrics.ts; on the
 * same host binding as the bot, nothing more protected), and the publication and export routes of
 * documents/http (`GET /decisions`, `GET /decisions/<ref>`, `GET /exports/<token>`), and the Teams
 * tab's pages under /tab (tab/tab-routes.ts). An empty app
 * id runs without authentication for local development; with one, every request to
 * /api/messages must carry a valid Bot Framework JWT (401 otherwise). Shutdown lets in-flight
 * turns and card updates finish.
 */
import restify from 'restify';
import type { Activity, ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { GovernanceProfile } from '../domain/profile';
import type { Store } from '../storage/store';
import type { Logger } from './logger';
import { createBotApp, type BotApp } from '../bot/app';
import { systemClock } from '../bot/bot-context';
import type { Clock } from '../domain/clock';
import { AuthenticationFailed, DecisionTrackerAdapter } from '../bot/teams-adapter';
import { activityProblem } from '../bot/activity-problem';
import { createDownloadLinks } from '../documents/download-token';
import { registerHttpRoutes } from '../documents/http/http-routes';
import { DEFAULT_IMPORT_FILE_HOSTS, isLoopbackHost } from './config';
import { headerProblem, readActivityBody, refuseBody } from './activity-body';
import { registerTabRoutes } from '../tab/tab-routes';
import { createMetrics, type PrometheusMetrics } from './metrics';
import { decisionCardStats } from '../cards/decision-card';

/** How long after listening the card templates are parsed (see startServer). */
const WARM_UP_AFTER_MS = 1000;

export interface ServerOptions {
  readonly port: number;
  readonly host?: string;
  readonly store: Store;
  readonly storeKind: string;
  readonly profile: GovernanceProfile;
  readonly appId: string;
  readonly appPassword: string;
  readonly appType: string;
  readonly appTenantId: string;
  readonly admins: readonly string[];
  readonly allowedTenants: readonly string[];
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Extra authentication settings, e.g. a local OpenID metadata URL in tests. */
  readonly authOverrides?: Partial<ConfigurationBotFrameworkAuthenticationOptions>;
  /** PUBLIC_URL: the base of export download links; null or absent means http://localhost:<port>. */
  readonly publicUrl?: string | null;
  /** EXPORT_SIGNING_KEY; null or absent means a random key for this process. */
  readonly exportSigningKey?: string | null;
  /** IMPORT_FILE_HOSTS; absent means DEFAULT_IMPORT_FILE_HOSTS. */
  readonly importFileHosts?: readonly string[];
  /** BOT_DOMAIN: with the app id, the tab's SSO audience api://<domain>/<app id>; null or absent, no SSO. */
  readonly botDomain?: string | null;
  /** Azure AD's OpenID metadata URL for the tab's SSO tokens; tests give a local one. */
  readonly tabOpenIdMetadataUrl?: string;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly bot: BotApp;
  readonly adapter: DecisionTrackerAdapter;
  /** What GET /metrics serves; the scheduler counts its deliveries into it too. */
  readonly metrics: PrometheusMetrics;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { logger, store } = options;
  // Without an app id nobody is authenticated, so by default only this machine may connect.
  const host = options.host ?? (options.appId ? '0.0.0.0' : '127.0.0.1');
  if (!options.appId && isLoopbackHost(host))
    logger.warn('MicrosoftAppId is empty: running WITHOUT authentication, for local development only', { host });
  if (!options.appId && !isLoopbackHost(host))
    logger.warn(
      `MicrosoftAppId is empty and HOST is ${host} (ALLOW_UNAUTHENTICATED=true): running WITHOUT authentication where others can reach it; anyone who can connect can post as anyone, admins included`,
      { host },
    );
  if (options.appId && options.allowedTenants.length === 0)
    logger.warn(
      'ALLOWED_TENANTS is empty: users of any Microsoft 365 tenant where the app is installed can talk to the bot; set ALLOWED_TENANTS to your tenant id(s)',
    );
  const adapter = new DecisionTrackerAdapter({
    MicrosoftAppId: options.appId,
    MicrosoftAppPassword: options.appPassword,
    MicrosoftAppType: options.appType,
    MicrosoftAppTenantId: options.appTenantId,
    ...options.authOverrides,
  } as ConfigurationBotFrameworkAuthenticationOptions);
  adapter.onTurnError = async (context, error) => {
    logger.error('turn failed', { error: String(error?.stack ?? error), activityType: context.activity?.type });
  };

  let listeningPort = options.port;
  const downloads = createDownloadLinks({
    publicUrl: options.publicUrl ?? null,
    signingKey: options.exportSigningKey ?? null,
    fallbackBaseUrl: () => `http://localhost:${listeningPort}`,
  });
  const metrics = createMetrics({
    store,
    cardUpdatesPending: () => bot.publisher.pending,
    decisionCards: decisionCardStats,
  });
  adapter.onThrottled = (call) => metrics.throttled(call);
  const bot = createBotApp(
    {
      store,
      profile: options.profile,
      admins: new Set(options.admins),
      allowedTenants: new Set(options.allowedTenants),
      botAppId: options.appId,
      clock: options.clock ?? systemClock,
      logger,
      downloads,
      importFileHosts: options.importFileHosts ?? DEFAULT_IMPORT_FILE_HOSTS,
      metrics,
    },
    adapter,
  );

  // No body parser: no route but /api/messages takes a body, and that one reads its own
  // (activity-body.ts), in memory, capped, and only once the headers pass.
  const server = restify.createServer({ name: 'decision-tracker', handleUncaughtExceptions: false });

  let inFlight = 0;
  let draining = false;
  let idle: (() => void) | null = null;

  server.post('/api/messages', async (req, res) => {
    if (draining) {
      res.send(503, { error: 'shutting down' });
      return;
    }
    const refused = headerProblem(req);
    if (refused) return refuseBody(req, res, refused.status, refused.error);
    const authHeader = String(req.headers.authorization ?? '');
    // With an app id a request without a token cannot pass: refused before its body is read.
    if (options.appId && authHeader.trim() === '') {
      logger.warn('request refused: not authenticated', { reason: 'no Authorization header' });
      return refuseBody(req, res, 401, 'Unauthorized');
    }
    const read = await readActivityBody(req);
    if ('status' in read) return refuseBody(req, res, read.status, read.error);
    const problem = activityProblem(read.body);
    if (problem) {
      res.send(400, { error: problem });
      return;
    }
    inFlight++;
    try {
      const invokeResponse = await adapter.handleActivity(read.body as Activity, authHeader, (context) =>
        bot.run(context),
      );
      // 501 is botbuilder's answer to an invoke nothing handles: the request is what is wrong.
      if (invokeResponse?.status === 501) res.send(400, { error: 'This bot does not handle that kind of invoke.' });
      else res.send(invokeResponse?.status ?? 200, invokeResponse?.body);
    } catch (e) {
      if (e instanceof AuthenticationFailed) {
        logger.warn('request refused: not authenticated', { reason: e.message });
        res.send(401, { error: 'Unauthorized' });
      } else {
        logger.error('request failed', { error: String((e as Error)?.stack ?? e) });
        if (!res.headersSent) res.send(500, { error: 'internal error' });
      }
    } finally {
      inFlight--;
      if (inFlight === 0 && idle) idle();
    }
  });

  server.get('/healthz', async (_req, res) => {
    const healthy = store.isOpen && !draining;
    res.send(healthy ? 200 : 503, {
      status: healthy ? 'ok' : 'unavailable',
      store: options.storeKind,
      storeOpen: store.isOpen,
      profile: options.profile.id,
      auth: options.appId ? 'bot-framework' : 'none (development)',
      uptimeSeconds: Math.round(process.uptime()),
    });
  });

  server.get('/metrics', async (_req, res) => {
    const body = await metrics.registry.metrics();
    res.sendRaw(200, body, { 'content-type': metrics.registry.contentType });
  });

  registerHttpRoutes(server, {
    store,
    profile: options.profile,
    clock: options.clock ?? systemClock,
    downloads,
    logger,
  });

  registerTabRoutes(server, {
    store,
    profile: options.profile,
    clock: options.clock ?? systemClock,
    logger,
    appId: options.appId,
    botDomain: options.botDomain ?? null,
    admins: options.admins,
    allowedTenants: options.allowedTenants,
    openIdMetadataUrl: options.tabOpenIdMetadataUrl,
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  listeningPort = port;
  logger.info('listening', { host, port, store: options.storeKind, profile: options.profile.id });
  // Not before listening, nor right after it: parsing the decision card's template holds the event
  // loop for ~300 ms, which would stall the health checks and readiness probes that follow a start.
  // A card needed sooner parses its template itself (cards/expand-template.ts).
  const warmUp = setTimeout(
    () => bot.warmUp().catch((e: unknown) => logger.error('card templates could not be parsed', { error: String(e) })),
    WARM_UP_AFTER_MS,
  );
  warmUp.unref();

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    bot,
    adapter,
    metrics,
    async close() {
      draining = true;
      clearTimeout(warmUp);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (inFlight > 0) await new Promise<void>((resolve) => (idle = resolve));
      await bot.publisher.idle();
    },
  };
}

/**
 * Wiring for `npm start`: configuration, governance profile, store, server, scheduler, and
 * a graceful shutdown on SIGTERM/SIGINT. Exported so tests and scripts can start the same bot.
 */
import type { Config } from './config';
import { loadProfile } from './profile-loader';
import { createLogger, type Logger } from './logger';
import { LowdbStore } from '../storage/lowdb-store';
import { PostgresStore } from '../storage/postgres-store';
import type { Store } from '../storage/store';
import { startServer, type RunningServer, type ServerOptions } from './server';
import { systemClock } from '../bot/bot-context';
import type { Clock } from '../domain/clock';
import { startScheduler, type Scheduler } from '../scheduler/scheduler';
import { TeamsSender } from '../bot/teams-sender';

export interface Running {
  readonly server: RunningServer;
  readonly store: Store;
  stop(): Promise<void>;
}

/** The store the configuration names, reading `clock` wherever it compares with now (it prunes idempotency keys). */
export function storeFor(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  logger: Logger,
  clock: Clock = systemClock,
): { store: Store; kind: string } {
  const now = (): Date => clock.now();
  if (config.databaseUrl) {
    return { store: new PostgresStore({ connectionString: config.databaseUrl, clock: now }), kind: 'postgres' };
  }
  const warnings = { warn: (message: string) => logger.warn(message) };
  return { store: new LowdbStore(config.dataDir, { logger: warnings, clock: now }), kind: 'lowdb' };
}

export async function startBot(
  config: Config,
  extras: { logger?: Logger; clock?: Clock; host?: string; authOverrides?: ServerOptions['authOverrides'] } = {},
): Promise<Running> {
  const logger = extras.logger ?? createLogger(config.logLevel);
  const profile = loadProfile(config.governanceProfile);
  const { store, kind } = storeFor(config, logger, extras.clock);
  await store.open();
  let server: RunningServer;
  try {
    server = await startServer({
      port: config.port,
      host: extras.host ?? config.host,
      store,
      storeKind: kind,
      profile,
      appId: config.microsoftApp.id,
      appPassword: config.microsoftApp.password,
      appType: config.microsoftApp.type,
      appTenantId: config.microsoftApp.tenantId ?? '',
      admins: config.admins,
      allowedTenants: config.allowedTenants,
      logger,
      clock: extras.clock,
      authOverrides: extras.authOverrides,
      publicUrl: config.publicUrl,
      exportSigningKey: config.exportSigningKey,
      importFileHosts: config.importFileHosts,
      botDomain: config.botDomain,
    });
  } catch (e) {
    await store.close();
    throw e;
  }
  // Renewal reminders and sign-off nudges: a scan now (catch-up after downtime), then every minute.
  const sender = new TeamsSender({ adapter: server.adapter, botAppId: config.microsoftApp.id, store });
  const scheduler: Scheduler = startScheduler({
    store,
    profile,
    adapter: server.adapter,
    sender,
    clock: extras.clock,
    logger,
    metrics: server.metrics,
  });
  let stopping: Promise<void> | null = null;
  return {
    server,
    store,
    stop() {
      stopping ??= (async () => {
        await server.close();
        await scheduler.stop(); // waits for sends under way and records them
        await store.close();
        logger.info('stopped');
      })();
      return stopping;
    },
  };
}

/**
 * Wiring for `npm start`: configuration, governance profile, store, server, scheduler, and
 * a graceful shutdown on SIGTERM/SIGINT. Exported so tests and scripts can start the same bot.
 */
import type { Config } from './config';
import { loadProfile } from './profile-loader';
import { createLogger, type Logger } from './logger';
import { LowdbStore } from './storage/lowdb-store';
import { PostgresStore } from './storage/postgres-store';
import type { Store } from './storage/store';
import { startServer, type RunningServer, type ServerOptions } from './server';
import type { Clock } from './bot/bot-context';
import { startScheduler, type Scheduler } from './scheduler/scheduler';

export interface Running {
  readonly server: RunningServer;
  readonly store: Store;
  stop(): Promise<void>;
}

export function storeFor(config: Pick<Config, 'databaseUrl' | 'dataDir'>, logger: Logger): { store: Store; kind: string } {
  if (config.databaseUrl) return { store: new PostgresStore({ connectionString: config.databaseUrl }), kind: 'postgres' };
  return { store: new LowdbStore(config.dataDir, { logger: { warn: (message: string) => logger.warn(message) } }), kind: 'lowdb' };
}

export async function startBot(
  config: Config,
  extras: { logger?: Logger; clock?: Clock; host?: string; authOverrides?: ServerOptions['authOverrides'] } = {},
): Promise<Running> {
  const logger = extras.logger ?? createLogger(config.logLevel);
  const profile = loadProfile(config.governanceProfile);
  const { store, kind } = storeFor(config, logger);
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
    });
  } catch (e) {
    await store.close();
    throw e;
  }
  // Renewal reminders and sign-off nudges: a scan now (catch-up after downtime), then every minute.
  const scheduler: Scheduler = startScheduler({ store, profile, adapter: server.adapter, botAppId: config.microsoftApp.id, clock: extras.clock, logger });
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

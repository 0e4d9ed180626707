/**
 * jest globalSetup: without TEST_DATABASE_URL, one embedded PostgreSQL for the whole run (see
 * scripts/embedded-postgres.ts), its URL put in process.env.TEST_DATABASE_URL before the workers
 * start, so they and the processes the tests spawn inherit it. With TEST_DATABASE_URL set, that
 * server is used and nothing is started. postgres-global-teardown.ts stops it.
 */
import { startEmbeddedPostgres, type RunningPostgres } from '../../scripts/embedded-postgres';

/** jest runs globalSetup and globalTeardown in one process, as separate modules. */
export const holder = globalThis as { embeddedPostgres?: RunningPostgres };

export default async function startTestPostgres(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return;
  holder.embeddedPostgres = await startEmbeddedPostgres();
  process.env.TEST_DATABASE_URL = holder.embeddedPostgres.url;
}

/**
 * jest globalTeardown: stops the embedded PostgreSQL that postgres-global-setup.ts started, if any,
 * and deletes its data.
 */
import { holder } from './postgres-global-setup';

export default async function stopTestPostgres(): Promise<void> {
  const server = holder.embeddedPostgres;
  if (!server) return;
  holder.embeddedPostgres = undefined;
  // Unset, so that a next run in the same process (jest --watch) starts a server again.
  delete process.env.TEST_DATABASE_URL;
  await server.stop();
}

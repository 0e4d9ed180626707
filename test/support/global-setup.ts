/**
 * jest globalSetup: the compiled bot in dist/ built if the sources changed since the last build
 * (the tests that spawn the bot run it as `npm start` does, from dist/), then the run's PostgreSQL
 * (postgres-global-setup.ts).
 */
import { ensureBuilt } from '../../scripts/build-if-stale.cjs';
import startTestPostgres from './postgres-global-setup';

export default async function globalSetup(): Promise<void> {
  ensureBuilt((line) => process.stderr.write(`\n${line}\n`));
  await startTestPostgres();
}

/**
 * Checks the configuration and the governance profile without starting the bot:
 * `node -r @swc-node/register app/check-config.ts` prints "configuration ok" and exits 0, or
 * prints one line naming the bad variable and exits 1. Reads .env like the bot does.
 */
import 'dotenv/config';
import { loadConfig } from './config';
import { loadProfile } from './profile-loader';
import { runOrFail } from './fail-fast';

void runOrFail(() => {
  const config = loadConfig();
  const profile = loadProfile(config.governanceProfile);
  console.log(
    `configuration ok (profile ${profile.id}: ${profile.name}, ${config.authEnabled ? 'Bot Framework authentication on' : 'no authentication: local development'})`,
  );
});

/** `npm start`: the bot on PORT with the store chosen by DATABASE_URL (lowdb under DATA_DIR otherwise). */
import './known-warnings';
import 'dotenv/config';
import { loadConfig } from './config';
import { runOrFail } from './fail-fast';
import { loadProfile } from './profile-loader';
import { startBot } from './main';

void runOrFail(async () => {
  // Configuration and profile first: a bad value stops here with one line, before anything starts.
  const config = loadConfig();
  loadProfile(config.governanceProfile);
  const running = await startBot(config);
  const shutdown = (signal: string) => {
    process.stdout.write(
      JSON.stringify({
        time: new Date().toISOString(),
        level: 'info',
        message: `received ${signal}, finishing in-flight turns`,
      }) + '\n',
    );
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
});

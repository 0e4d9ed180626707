/** `npm start`: the bot on PORT with the store chosen by DATABASE_URL (lowdb under DATA_DIR otherwise). */
import 'dotenv/config';
import { loadConfig } from './config';
import { runOrFail } from './cli/fail-fast';
import { loadProfile } from './profile-loader';

// restify 11 reads process.binding('http_parser') on Node 20 (DEP0111): harmless, and known.
// Keep it out of the operator's log; every other warning is printed as usual.
process.removeAllListeners('warning');
process.on('warning', (warning: Error & { code?: string }) => {
  if (warning.code !== 'DEP0111') process.stderr.write(`${warning.name}: ${warning.message}\n`);
});

void runOrFail(async () => {
  // Configuration and profile first: a bad value stops here with one line, before anything loads.
  const config = loadConfig();
  loadProfile(config.governanceProfile);
  const { startBot } = await import('./main');
  const running = await startBot(config);
  const shutdown = (signal: string) => {
    process.stdout.write(JSON.stringify({ time: new Date().toISOString(), level: 'info', message: `received ${signal}, finishing in-flight turns` }) + '\n');
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

/** `npm start`: the bot on PORT with the store chosen by DATABASE_URL (lowdb under DATA_DIR otherwise). */
import 'dotenv/config';
import { loadConfig } from './config';
import { runOrFail } from './cli/fail-fast';
import { startBot } from './main';

void runOrFail(async () => {
  const running = await startBot(loadConfig());
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

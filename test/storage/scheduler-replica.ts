/**
 * One replica's reminder scheduler as a process of its own, for two-replicas.test.ts: opens the
 * PostgreSQL store of DATABASE_URL, waits until START_AT (epoch ms, so that two replicas scan at
 * the same moment), runs one scan and dispatch with the clock set to NOW, and prints the summary.
 * Usage: DATABASE_URL=… NOW=2022-09-30T08:30:00Z START_AT=<ms> \
 *   node -r @swc-node/register test/storage/scheduler-replica.ts
 */
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { silentLogger } from '../../app/logger';
import { loadProfile } from '../../app/profile-loader';
import { createScheduler } from '../../scheduler/scheduler';
import { TeamsSender } from '../../bot/teams-sender';
import { PostgresStore } from '../../storage/postgres-store';

async function main(): Promise<void> {
  const base = Date.parse(process.env.NOW ?? '');
  const startAt = Number(process.env.START_AT ?? Date.now());
  // The scan's "now" is NOW plus the real time since START_AT, so rate limits see time pass.
  const clock = { now: () => new Date(base + (Date.now() - startAt)) };
  const store = new PostgresStore({ connectionString: process.env.DATABASE_URL ?? '', clock: clock.now });
  await store.open();
  const adapter = new TeamsAdapter({
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    MicrosoftAppType: 'MultiTenant',
    MicrosoftAppTenantId: '',
  } as ConfigurationBotFrameworkAuthenticationOptions);
  const sender = new TeamsSender({ adapter, botAppId: '', store });
  const scheduler = createScheduler({ store, profile: loadProfile(), adapter, sender, clock, logger: silentLogger });
  await new Promise((r) => setTimeout(r, Math.max(0, startAt - Date.now())));
  const summary = await scheduler.runOnce();
  await scheduler.stop();
  await store.close();
  process.stdout.write(JSON.stringify(summary) + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(String((e as Error)?.stack ?? e) + '\n');
  process.exit(1);
});

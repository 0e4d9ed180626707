/**
 * Child process of dispatch-kill.test.ts: runs the scheduler on the store at argv[2] with the
 * clock fixed at argv[3], and kills itself with SIGKILL right after the first send is answered
 * by the connector, before the dispatcher can record it: the kill -9 between send and record.
 */
import { silentLogger } from '../../app/logger';
import { loadProfile, builtInProfilePath } from '../../app/profile-loader';
import { LowdbStore } from '../../storage/lowdb-store';
import { createScheduler } from '../../scheduler/scheduler';
import { TeamsSender } from '../../bot/teams-sender';
import { newAdapter } from './scheduler-support';

async function main(dataDir: string, now: string): Promise<void> {
  const clock = { now: () => new Date(now) };
  const store = new LowdbStore(dataDir, { clock: clock.now, logger: { warn: () => undefined } });
  await store.open();
  const adapter = newAdapter();
  const real = new TeamsSender({ adapter, botAppId: '', store });
  const scheduler = createScheduler({
    store,
    profile: loadProfile(builtInProfilePath('mopac')),
    adapter,
    clock,
    logger: silentLogger,
    dispatch: { batchSize: 1, maxQueued: 1 },
    sender: {
      conversationOf: (target) => real.conversationOf(target),
      withdraw: (message, via) => real.withdraw(message, via),
      async send(target, message, via) {
        const sent = await real.send(target, message, via);
        process.stdout.write(`sent ${sent.conversationId} ${sent.activityId}\n`);
        process.kill(process.pid, 'SIGKILL');
        return sent;
      },
    },
  });
  await scheduler.runOnce();
  process.stdout.write('finished without dying\n');
}

main(process.argv[2] ?? '', process.argv[3] ?? '').catch((e: unknown) => {
  process.stderr.write(`${String((e as Error)?.stack ?? e)}\n`);
  process.exit(1);
});

/**
 * kill -9 between send and record, for real: a child process runs the dispatcher and is killed
 * by SIGKILL right after Teams (the fake connector) accepted its first message and before the
 * outcome was written. After a restart on the same DATA_DIR the message is not sent again: it is
 * recorded as in doubt (failed, with the reason), and everything else is delivered once.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { HOME_THREAD, startWorld, type SchedulerWorld } from './scheduler-support';

let world: SchedulerWorld;
afterEach(async () => world?.close());

const root = path.resolve(__dirname, '../..');

function runChild(
  dataDir: string,
  now: string,
): Promise<{ signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', path.join(__dirname, 'crash-dispatcher.ts'), dataDir, now],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ signal, stdout, stderr }));
  });
}

test('a dispatcher killed with SIGKILL after the send and before recording it does not send again after restart', async () => {
  world = await startWorld({ at: '2022-09-30T08:00:00Z' });
  await world.store.close(); // the child takes the DATA_DIR

  const child = await runChild(world.dataDir, '2022-09-30T08:00:00.000Z');
  expect(child.stderr).not.toMatch(/Error/);
  expect(child.signal).toBe('SIGKILL');
  expect(child.stdout).toMatch(new RegExp(`^sent ${HOME_THREAD.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `));
  expect(world.connector.sent).toHaveLength(1);
  expect(world.connector.sent[0]!.conversationId).toBe(HOME_THREAD);

  await world.reopen();
  const inFlight = (await world.deliveries()).find((d) => 'conversationId' in d.target)!;
  expect(inFlight).toMatchObject({ state: 'sending', attempts: 1, activityId: null });
  expect(inFlight.payload.inFlightSince).toBe('2022-09-30T08:00:00.000Z');

  world.clock.set('2022-09-30T08:11:00Z'); // the child's 10-minute claim has run out
  const after = await world.scheduler().runOnce();
  expect(after).toMatchObject({ inDoubt: 1, sent: 2 });
  expect(world.connector.sent.filter((s) => s.conversationId === HOME_THREAD)).toHaveLength(1);
  expect(world.connector.sent).toHaveLength(3);
  const home = (await world.deliveries()).find((d) => 'conversationId' in d.target)!;
  expect(home).toMatchObject({
    state: 'failed',
    lastError: expect.stringMatching(/in doubt: a send began at 2022-09-30T08:00:00.000Z/),
  });

  // Later runs leave it alone too.
  world.clock.set('2022-09-30T12:00:00Z');
  await world.scheduler().runOnce();
  expect(world.connector.sent).toHaveLength(3);
}, 60_000);

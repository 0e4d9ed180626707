/** Starting and stopping the Playground session's processes: whole process groups, real ports, clear failures. */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { castYaml } from '../../scripts/playground/cast';
import { freePort, startPlaygroundProcess, startProcess } from '../../scripts/playground/processes';

/** Running, as opposed to gone or a zombie waiting for a parent that does not reap (PID 1 in some containers). */
const alive = (pid: number): boolean => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX] /.test(stat);
  } catch {
    return false;
  }
};

let workDir: string;
beforeEach(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-processes-'));
});
afterEach(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
});

test('stop() ends the whole process group, grandchildren included', async () => {
  const started = startProcess({
    name: 'sleepers',
    command: '/bin/sh',
    args: ['-c', 'sleep 30 & echo "child $!"; sleep 30'],
    cwd: workDir,
    env: process.env,
  });
  for (let i = 0; i < 50 && !/child \d+/.test(started.output()); i++) await new Promise((r) => setTimeout(r, 20));
  const grandchild = Number(/child (\d+)/.exec(started.output())?.[1]);
  expect(alive(grandchild)).toBe(true);
  await started.stop(2000);
  await new Promise((r) => setTimeout(r, 100));
  expect(alive(started.child.pid!)).toBe(false);
  expect(alive(grandchild)).toBe(false);
});

test('the Playground reports the port it really took when the one asked for is busy', async () => {
  const blocker = net.createServer();
  const busy = await freePort();
  await new Promise<void>((resolve) => blocker.listen(busy, () => resolve()));
  const configPath = path.join(workDir, 'playground.yml');
  fs.writeFileSync(configPath, castYaml());
  try {
    const playground = await startPlaygroundProcess({
      endpoint: 'http://127.0.0.1:9/api/messages',
      port: busy,
      configPath,
      cwd: workDir,
      logFile: path.join(workDir, 'playground.log'),
    });
    try {
      expect(playground.port).not.toBe(busy);
      expect(await (await fetch(`${playground.url}_debug/ping`)).text()).toBe('pong');
      expect(fs.existsSync(path.join(workDir, 'devTools'))).toBe(false);
    } finally {
      await playground.stop();
    }
  } finally {
    blocker.close();
  }
}, 30_000);

test('a Playground configuration it rejects fails with the reason from its log', async () => {
  const configPath = path.join(workDir, 'bad.yml');
  fs.writeFileSync(configPath, castYaml().replace(/^ {2}- .*user-dee.*\n/m, ''));
  await expect(
    startPlaygroundProcess({
      endpoint: 'http://127.0.0.1:9/api/messages',
      port: await freePort(),
      configPath,
      cwd: workDir,
      logFile: path.join(workDir, 'playground.log'),
    }),
  ).rejects.toThrow(/must NOT have fewer than 5 items/);
}, 30_000);

test('a missing configuration file is refused rather than silently replaced by the built-in users', async () => {
  await expect(
    startPlaygroundProcess({
      endpoint: 'http://127.0.0.1:9/api/messages',
      port: await freePort(),
      configPath: path.join(workDir, 'nope.yml'),
      cwd: workDir,
      logFile: path.join(workDir, 'playground.log'),
    }),
  ).rejects.toThrow(/does not exist/);
});

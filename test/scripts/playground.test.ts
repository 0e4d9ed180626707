/** `npm run playground`: its options, and a real run that seeds the roles and stops both servers on Ctrl-C. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parsePlaygroundArgs } from '../../scripts/playground';
import { admin, findPerson, nameOf, roleAssignments } from '../../scripts/playground/cast';
import { repoRoot } from '../../scripts/playground/processes';
import { LowdbStore } from '../../storage/lowdb-store';

describe('parsePlaygroundArgs', () => {
  test('defaults: the admin, no seeding, data kept in ./data/playground', () => {
    expect(parsePlaygroundArgs([], '/repo')).toEqual({
      seedRoles: false,
      as: admin,
      fresh: false,
      dataDir: '/repo/data/playground',
    });
  });

  test('--seed-roles, --fresh, --as <person> and --data-dir <dir>', () => {
    expect(parsePlaygroundArgs(['--seed-roles', '--fresh', '--as', 'Fiona', '--data-dir', 'tmp/pg'], '/repo')).toEqual({
      seedRoles: true,
      as: findPerson('fiona'),
      fresh: true,
      dataDir: '/repo/tmp/pg',
    });
  });

  test('says what is wrong with a bad command line', () => {
    expect(() => parsePlaygroundArgs(['--as', 'nobody'])).toThrow(
      '--as nobody: not in the cast; use one of dana, fiona, lee, erin, cal, dee.',
    );
    expect(() => parsePlaygroundArgs(['--as'])).toThrow('--as needs a value.');
    expect(() => parsePlaygroundArgs(['--seed'])).toThrow('Unknown option --seed.');
  });
});

test('a run seeds the eleven roles, serves the Playground, and Ctrl-C stops the bot and the Playground', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-playground-run-'));
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', 'scripts/playground.ts', '--seed-roles', '--data-dir', dataDir],
    {
      cwd: repoRoot,
      env: { ...process.env, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 40_000;
    while (!/Agents Playground: http/.test(output) && Date.now() < deadline && child.exitCode === null)
      await new Promise((r) => setTimeout(r, 100));
    expect(output).toContain('Roles seeded: 11 role commands carried out');
    const url = /Agents Playground: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)![1]!;
    const endpoint = /bot: (http:\/\/127\.0\.0\.1:\d+)\/api\/messages/.exec(output)![1]!;
    expect(await (await fetch(`${url}_debug/ping`)).text()).toBe('pong');
    expect((await fetch(`${endpoint}/healthz`)).status).toBe(200);
    expect(fs.existsSync(path.join(dataDir, 'playground.log'))).toBe(true);

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    await expect(fetch(`${url}_debug/ping`)).rejects.toThrow();
    await expect(fetch(`${endpoint}/healthz`)).rejects.toThrow();

    const store = new LowdbStore(path.join(dataDir, 'store'));
    await store.open();
    const assignments = await store.listRoleAssignments();
    await store.close();
    expect(assignments.map((a) => `${a.role}:${a.holder.name}`).sort()).toEqual(
      roleAssignments.map(({ role, person }) => `${role}:${nameOf(person)}`).sort(),
    );
  } finally {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);

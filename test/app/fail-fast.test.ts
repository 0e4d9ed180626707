/** The entry point's startup checks: one line on stderr, exit 1, no stack trace; or "configuration ok". */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../app/config';
import { failFast, runOrFail, startupErrorLine, type FailFastIo } from '../../app/fail-fast';
import { configVariables } from '../../app/config';

const root = path.join(__dirname, '..', '..');

/** Runs app/check-config.ts with exactly these configuration variables (others blank, so .env cannot fill them). */
const checkConfig = (vars: Record<string, string>) => {
  const blank = Object.fromEntries(configVariables.map((v) => [v, '']));
  const result = spawnSync(process.execPath, ['-r', '@swc-node/register', 'app/check-config.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...blank, ...vars },
    encoding: 'utf8',
    timeout: 20000,
  });
  const stderrLines = result.stderr.split('\n').filter((l) => l !== '');
  return { status: result.status, stdout: result.stdout, stderrLines };
};

describe('app/check-config.ts', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-config-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('says "configuration ok" and exits 0 on a good environment', () => {
    const run = checkConfig({
      PORT: '4000',
      DATA_DIR: dir,
      GOVERNANCE_PROFILE: path.join(root, 'profiles', 'gla.json'),
    });
    expect(run.stderrLines).toEqual([]);
    expect(run.stdout).toMatch(/^configuration ok/);
    expect(run.status).toBe(0);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be a whole number from 1 to 65535 (got "abc").'],
    [
      { MicrosoftAppType: 'Everyone' },
      'MicrosoftAppType must be one of MultiTenant, SingleTenant, UserAssignedMSI (got "Everyone").',
    ],
  ])('exits 1 with one line naming the variable for %j', (vars, line) => {
    const run = checkConfig(vars);
    expect(run.status).toBe(1);
    expect(run.stderrLines).toEqual([line]);
    expect(run.stdout).toBe('');
  });

  it('never prints the app password', () => {
    const run = checkConfig({ MicrosoftAppId: 'not-a-guid', MicrosoftAppPassword: 'p@ss-word-123' });
    expect(run.status).toBe(1);
    expect(run.stderrLines).toHaveLength(1);
    expect(run.stderrLines[0]).toMatch(/^MicrosoftAppId must be/);
    expect(run.stderrLines.join('')).not.toContain('p@ss-word-123');
  });

  it('exits 1 with one line on a bad profile file', () => {
    const file = path.join(dir, 'bad-profile.json');
    const profile = JSON.parse(fs.readFileSync(path.join(root, 'profiles', 'mopac.json'), 'utf8'));
    profile.declarations[2].role = 'lawyer';
    fs.writeFileSync(file, JSON.stringify(profile, null, 2));
    const run = checkConfig({ GOVERNANCE_PROFILE: file });
    expect(run.status).toBe(1);
    expect(run.stderrLines).toEqual([
      `GOVERNANCE_PROFILE ${file}: declarations.2.role: role "lawyer" is not among the profile's roles`,
    ]);
    expect(run.stderrLines.some((l) => /^\s+at /.test(l))).toBe(false);
  });

  it('exits 1 with one line when the profile is not JSON', () => {
    const file = path.join(dir, 'not-json.json');
    fs.writeFileSync(file, 'id: mopac\n');
    const run = checkConfig({ GOVERNANCE_PROFILE: file });
    expect(run.status).toBe(1);
    expect(run.stderrLines).toHaveLength(1);
    expect(run.stderrLines[0]).toMatch(new RegExp(`^GOVERNANCE_PROFILE ${file}: not valid JSON`));
  });
});

describe('failFast', () => {
  class Exited extends Error {
    constructor(readonly code: number) {
      super(`exit ${code}`);
    }
  }
  const recorder = () => {
    const lines: string[] = [];
    const io: FailFastIo = {
      writeError: (line) => lines.push(line),
      exit: (code) => {
        throw new Exited(code);
      },
    };
    return { lines, io };
  };

  it('prints a ConfigError as is and exits 1', () => {
    const { lines, io } = recorder();
    expect(() =>
      failFast(new ConfigError('PORT', 'PORT must be a whole number from 1 to 65535 (got "x").'), io),
    ).toThrow(new Exited(1));
    expect(lines).toEqual(['PORT must be a whole number from 1 to 65535 (got "x").\n']);
  });

  it('prints any other error as one line without its stack', () => {
    expect(startupErrorLine(new Error('DATA_DIR /srv/data is in use by process 42\nsecond line'))).toBe(
      'Decision Tracker could not start: DATA_DIR /srv/data is in use by process 42 second line',
    );
    expect(startupErrorLine('boom')).toBe('Decision Tracker could not start: boom');
  });

  it('runOrFail returns the result, or fails fast on a rejection', async () => {
    const { lines, io } = recorder();
    await expect(runOrFail(async () => 7, io)).resolves.toBe(7);
    await expect(runOrFail(async () => Promise.reject(new Error('port 3978 in use')), io)).rejects.toEqual(
      new Exited(1),
    );
    expect(lines).toEqual(['Decision Tracker could not start: port 3978 in use\n']);
  });
});

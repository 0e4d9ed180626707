/**
 * The bulk import script: a folder of fixtures into a lowdb DATA_DIR, with the summary it prints,
 * failures with reasons, refusal while the bot holds the store, and the real command's exit code.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { importDecisionsCommand, parseImportArgs, summaryLines, type Progress } from '../../scripts/import-decisions';
import { decisionTotal } from '../../domain/decision';
import { LowdbStore } from '../../storage/lowdb-store';

const root = path.resolve(__dirname, '../..');
const fixtures = path.join(root, 'test/fixtures');
let work: string;

beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-import-'));
  fs.mkdirSync(path.join(work, 'docs/more'), { recursive: true });
  for (const name of fs.readdirSync(path.join(fixtures, 'documents')))
    fs.copyFileSync(path.join(fixtures, 'documents', name), path.join(work, 'docs', name));
  fs.renameSync(path.join(work, 'docs/dd2301.txt'), path.join(work, 'docs/more/dd2301.txt'));
  fs.copyFileSync(path.join(fixtures, 'PCD-1065.md'), path.join(work, 'docs/PCD-1065.md'));
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

const env = () => ({ DATA_DIR: path.join(work, 'data'), LOG_LEVEL: 'silent' });
const quiet = (): Progress & { steps: string[]; total: number } => {
  const p = {
    steps: [] as string[],
    total: -1,
    start: (n: number) => void (p.total = n),
    step: (f: string) => void p.steps.push(f),
    stop: () => undefined,
  };
  return p;
};

async function stored() {
  const store = new LowdbStore(path.join(work, 'data'));
  await store.open();
  try {
    return (await store.listDecisions()).map((s) => s.decision);
  } finally {
    await store.close();
  }
}

describe('npm run import', () => {
  it('imports a folder (with subfolders), showing progress, and sums up imported and flagged', async () => {
    const progress = quiet();
    const summary = await importDecisionsCommand([path.join(work, 'docs')], env(), { progress });
    expect(progress.total).toBe(6);
    expect(progress.steps).toContain('dd2301.txt');
    expect(summary.failed).toEqual([]);
    expect(summary.imported.map((i) => i.ref).sort()).toEqual([
      'DD 2301',
      'MD 2008',
      'PCD 1065',
      'PCD 1101',
      'PCD 1102',
    ]);
    expect(summary.flagged.map((f) => f.ref)).toEqual(['PCD 1103']);
    expect(summary.flagged[0]!.flags).toContainEqual(expect.stringContaining('Totals: the document states £1,500,000'));
    const lines = summaryLines(summary).join('\n');
    expect(lines).toMatch(/^Imported 6 of 6 files: 5 cleanly, 1 flagged; 0 failed\./);
    expect(lines).toContain('Flagged (imported; check these against the documents):');
    const decisions = await stored();
    expect(decisions).toHaveLength(6);
    const seed = decisions.find((d) => d.ref === 'PCD 1065')!;
    expect(seed).toMatchObject({ status: 'draft', imported: true, createdBy: { aadObjectId: 'bulk-import' } });
    expect(decisionTotal(seed)).toBe(374_000_000);
  });

  it('fails bad files with their reasons, stores the good ones, and records signed ones as approved with --approved', async () => {
    fs.writeFileSync(path.join(work, 'docs/empty.txt'), '');
    fs.writeFileSync(path.join(work, 'docs/notes.md'), 'Shopping list\n\nEggs\n');
    fs.writeFileSync(path.join(work, 'docs/huge.txt'), Buffer.alloc(7 * 1024 * 1024, 0x61));
    fs.writeFileSync(path.join(work, 'docs/picture.png'), Buffer.from([0x89, 0x50]));
    const summary = await importDecisionsCommand(
      ['--approved', path.join(work, 'docs'), path.join(work, 'missing.md')],
      env(),
      { progress: quiet() },
    );
    const reasons = Object.fromEntries(summary.failed.map((f) => [path.basename(f.file), f.reason]));
    expect(reasons['empty.txt']).toMatch(/is empty/);
    expect(reasons['notes.md']).toMatch(/does not read as a decision/);
    expect(reasons['huge.txt']).toMatch(/^"huge\.txt" is 7\.0 MB, more than the 5 MB I accept/);
    expect(reasons['missing.md']).toBe('no such file or folder');
    expect(summary.skipped.map((f) => path.basename(f))).toEqual(['picture.png']);
    const lines = summaryLines(summary);
    expect(lines[0]).toBe('Imported 6 of 10 files: 3 cleanly, 3 flagged; 4 failed.');
    expect(lines.slice(lines.indexOf('Failed (nothing was stored from these):'))).toContain(
      `  ${path.join(work, 'docs/empty.txt')}: ${reasons['empty.txt']}`,
    );
    const decisions = await stored();
    expect(decisions).toHaveLength(6);
    expect(decisions.find((d) => d.ref === 'PCD 1065')).toMatchObject({
      status: 'approved',
      approvedAt: '2021-11-26T00:00:00.000Z',
    });
  });

  it('refuses a reference already in the register, and imports nothing twice', async () => {
    await importDecisionsCommand([path.join(work, 'docs/PCD-1065.md')], env(), { progress: quiet() });
    const again = await importDecisionsCommand([path.join(work, 'docs/PCD-1065.md')], env(), { progress: quiet() });
    expect(again.failed[0]!.reason).toMatch(/^PCD 1065 is already in the register/);
    expect(await stored()).toHaveLength(1);
  });

  it('refuses to run while the bot holds the DATA_DIR lock', async () => {
    const bot = new LowdbStore(path.join(work, 'data'));
    await bot.open();
    try {
      await expect(importDecisionsCommand([path.join(work, 'docs')], env(), { progress: quiet() })).rejects.toThrow(
        /^The bot \(or another import\) is using the store, so nothing was imported\. DATA_DIR .* is in use by process \d+/,
      );
    } finally {
      await bot.close();
    }
  });

  it('reads its arguments', () => {
    expect(parseImportArgs(['a', '--approved', 'b'])).toEqual({ paths: ['a', 'b'], asApproved: true });
    expect(() => parseImportArgs([])).toThrow(/usage: npm run import/);
    expect(() => parseImportArgs(['--force', 'a'])).toThrow(/did not understand "--force"/);
  });

  it('as a command, prints the summary and exits 0, or 1 when anything failed', async () => {
    const run = promisify(execFile);
    const script = ['-r', '@swc-node/register', 'scripts/import-decisions.ts'];
    const options = { cwd: root, env: { ...process.env, ...env() } };
    const ok = await run('node', [...script, path.join(work, 'docs')], options);
    expect(ok.stdout).toMatch(/^Imported 6 of 6 files: 5 cleanly, 1 flagged; 0 failed\./);
    const failed = await run('node', [...script, path.join(work, 'nowhere')], options).catch(
      (e: { code: number; stdout: string }) => e,
    );
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stdout: string }).stdout).toContain('nowhere: no such file or folder');
  }, 60_000);
});

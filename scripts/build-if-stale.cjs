/**
 * The compiled bot in dist/ (tsc -p tsconfig.build.json), built only when it is missing or older
 * than the sources: `npm start` (scripts/start.cjs), `npm install` (prepare), jest's globalSetup,
 * and whatever spawns the bot as `npm start` runs it (tests, playground, bench) call it first.
 * Plain JavaScript, so that nothing has to transpile TypeScript to run it.
 *
 * tsc type-checks and compiles; scripts/bundle.cjs then bundles dist/app/index.js with the
 * packages it requires into one file, dist/bundle/index.js, which is what `npm start` runs (see
 * bundle.cjs for why, and what stays outside).
 *
 * dist/.build-stamp holds the time the last successful build began; the build is stale when a
 * source (.ts or .json under the folders tsconfig.build.json includes, or a tsconfig) changed
 * after that. Builds are incremental (dist/.tsbuildinfo) and one at a time: processes starting
 * together wait on dist/.build-lock for the one that builds, then find the build fresh.
 *
 * Run on its own (`node scripts/build-if-stale.cjs`) it builds when stale and says so.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, '.build-stamp');
const LOCK = path.join(DIST, '.build-lock');
const SOURCE_DIRS = ['app', 'bot', 'cards', 'documents', 'domain', 'scheduler', 'storage', 'scripts'];
/** Files besides the sources whose change makes the build stale. */
const BUILD_FILES = ['tsconfig.json', 'tsconfig.build.json', 'scripts/bundle.cjs'];
/** A lock older than this was left by a build that died; it is taken over. */
const LOCK_STALE_MS = 5 * 60_000;

/** The compiled entry point tsc writes, and the bundle made from it that `npm start` runs. */
const compiled = path.join(DIST, 'app', 'index.js');
const entry = path.join(DIST, 'bundle', 'index.js');
/** Required from node_modules at run time rather than bundled (see the comment at the top). */
const EXTERNAL = ['pdfkit', 'mammoth', 'dtrace-provider', 'pg-native'];

/** Newest modification time (ms) of the sources tsc compiles into dist/. */
function newestSourceMs() {
  let newest = 0;
  const visit = (dir) => {
    for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, item.name);
      if (item.isDirectory()) visit(full);
      else if (/\.(ts|json)$/.test(item.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) if (fs.existsSync(path.join(ROOT, dir))) visit(path.join(ROOT, dir));
  for (const file of BUILD_FILES) newest = Math.max(newest, fs.statSync(path.join(ROOT, file)).mtimeMs);
  return newest;
}

/** True when dist/ is missing, unfinished, or older than a source. */
function isStale() {
  if (!fs.existsSync(entry) || !fs.existsSync(STAMP)) return true;
  const builtFrom = Number(fs.readFileSync(STAMP, 'utf8'));
  return !Number.isFinite(builtFrom) || newestSourceMs() > builtFrom;
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Takes dist/.build-lock, waiting while another process holds it; false if that process built meanwhile. */
function lock() {
  fs.mkdirSync(DIST, { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      return true;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    const since = fs.statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs;
    if (since === undefined) continue; // released between the two calls
    if (Date.now() - since > LOCK_STALE_MS) fs.rmSync(LOCK, { recursive: true, force: true });
    else sleep(200);
    if (!fs.existsSync(LOCK) && !isStale()) return false;
  }
}

/**
 * Bundles the compiled entry point into `entry` (scripts/bundle.cjs, in a process of its own:
 * esbuild's plugins need its asynchronous API).
 */
function bundle() {
  const result = spawnSync(process.execPath, [path.join(__dirname, 'bundle.cjs'), compiled, entry, ...EXTERNAL], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`bundling dist/ failed:\n${result.stdout}${result.stderr}${result.error ?? ''}`);
}

/**
 * Builds dist/ if it is stale; returns true if it built. Throws with tsc's output when the build
 * fails (a type error stops the start, as it should). `log` hears one line before a build.
 */
function ensureBuilt(log = (line) => process.stderr.write(`${line}\n`)) {
  if (!isStale()) return false;
  if (!lock()) return false;
  try {
    if (!isStale()) return false;
    log('building dist/ with tsc (the sources changed since the last build)');
    const started = Date.now();
    const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
    const result = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (result.status !== 0) {
      throw new Error(`tsc -p tsconfig.build.json failed:\n${result.stdout}${result.stderr}${result.error ?? ''}`);
    }
    bundle();
    fs.writeFileSync(STAMP, String(started));
    return true;
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

module.exports = { ensureBuilt, isStale, entry, compiled, EXTERNAL, ROOT };

if (require.main === module) {
  try {
    console.log(ensureBuilt() ? 'dist/ built' : 'dist/ is up to date');
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}

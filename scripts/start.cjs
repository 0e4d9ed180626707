/**
 * `npm start`: builds dist/ first if it is missing or older than the sources (build-if-stale.cjs;
 * `npm install` builds it already, through `prepare`), then runs the compiled bot, bundled into one
 * file, dist/bundle/index.js (scripts/bundle.cjs), in this process. No TypeScript transpiler runs
 * in the serving process. Stack traces name the functions and the bundle's lines;
 * NODE_OPTIONS=--enable-source-maps maps them to the .ts files, at some start-up cost (the bundle's
 * source map is read).
 */
'use strict';

const { ensureBuilt, entry } = require('./build-if-stale.cjs');

try {
  ensureBuilt();
} catch (e) {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', message: e.message })}\n`);
  process.exit(1);
}
require(entry);

/**
 * `npm start`: builds dist/ first if it is missing or older than the sources (build-if-stale.cjs;
 * `npm install` builds it already, through `prepare`), then runs the compiled bot, dist/app/index.js,
 * in this process. No TypeScript transpiler runs in the serving process; stack traces still name
 * the .ts lines (source maps).
 */
'use strict';

const { ensureBuilt, entry } = require('./build-if-stale.cjs');

try {
  ensureBuilt();
} catch (e) {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', message: e.message })}\n`);
  process.exit(1);
}
process.setSourceMapsEnabled(true);
require(entry);

/**
 * The Node options `npm start` gives the bot, read from package.json's `start` script (the one
 * place they are set), so that what spawns the bot as `npm start` runs it (the bench, the tests
 * that start a bot process) runs it with the same heap settings.
 *
 * `--max-old-space-size=1536`: V8 lets the heap grow after each full collection by a factor that
 * depends on the heap's limit: up to 4× the live data when the limit is 2 GB or more (the default
 * on a machine with 16 GB or more), at most about 1.8× with a limit of 1.5 GB. Under a burst of
 * clicks at 100,000 decisions that took the lowdb bot's peak RSS from 604–672 MB to 379 MB, with
 * the same throughput (bench/fixes.md); the live data at 100,000 is ~150 MB, a tenth of the limit.
 * A host with less memory than that for the bot should lower it; a register of millions of
 * decisions on lowdb may need it raised.
 */
'use strict';

const path = require('node:path');

/** The options between `node` and the script in package.json's `start`, e.g. ['--max-old-space-size=1536']. */
function startNodeArgs() {
  const start = require(path.join(__dirname, '..', 'package.json')).scripts.start;
  const words = start.trim().split(/\s+/);
  if (words[0] !== 'node' || words[words.length - 1] !== 'scripts/start.cjs')
    throw new Error(`package.json's start script is not "node [options] scripts/start.cjs": ${start}`);
  return words.slice(1, -1);
}

module.exports = { startNodeArgs };

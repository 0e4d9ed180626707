/**
 * `node scripts/bundle.cjs <compiled entry> <bundle> [external…]`, run by build-if-stale.cjs after
 * tsc: esbuild bundles the compiled bot (dist/app/index.js) and the packages it requires into one
 * file (dist/bundle/index.js), which `npm start` runs. Loading ~2,000 module files one by one
 * (resolving, reading and compiling each) was most of the start-up; one file, its whitespace taken
 * out, loads in about half the time. Names are kept, so stack traces still name functions, and
 * dist/bundle/index.js.map maps them back to the TypeScript (through tsc's maps) under
 * NODE_OPTIONS=--enable-source-maps.
 *
 * The externals (build-if-stale.cjs EXTERNAL) are required from node_modules at run time as before:
 * packages that read files of their own (pdfkit's fonts), load lazily (mammoth), or are optional
 * native add-ons. The bot's own files found from __dirname (profiles, migrations, the tab's assets)
 * are looked up from the repository root, which dist/bundle/ is two levels under, as dist/app/ is.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

/**
 * Requires the bundle makes lazy: teams-ai's Application loads its user sign-in classes (OAuth,
 * Teams SSO) at once, and they load botbuilder-dialogs with its 5 MB of text recognizers, which
 * build their regular expressions as they load: ~0.4 s of a 1 s start, for a feature this bot
 * does not configure (Application only reaches them when given `authentication` options, and
 * BotAuthenticationBase only inside a sign-in). Each listed `require("…")` becomes a proxy that
 * loads the module on first use. The build fails if one is not found, so a teams-ai update that
 * moves them is noticed rather than quietly slower.
 */
const LAZY_REQUIRES = [
  { file: '@microsoft/teams-ai/lib/Application.js', requires: ['./authentication/Authentication'] },
  {
    file: '@microsoft/teams-ai/lib/authentication/BotAuthenticationBase.js',
    requires: ['botbuilder-dialogs', './Authentication'],
  },
];

const LAZY_HELPER =
  'function __lazyRequire(load) { let m; return new Proxy({}, { get: (_, key) => (m ??= load())[key] }); }\n';

const escaped = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The esbuild plugin that applies LAZY_REQUIRES. */
const lazyRequires = {
  name: 'lazy-requires',
  setup(build) {
    for (const { file, requires } of LAZY_REQUIRES) {
      build.onLoad({ filter: new RegExp(`node_modules/${escaped(file)}$`) }, (args) => {
        let code = fs.readFileSync(args.path, 'utf8');
        for (const name of requires) {
          const eager = `require("${name}")`;
          if (!code.includes(eager)) throw new Error(`${file} no longer has ${eager}: see LAZY_REQUIRES`);
          code = code.split(eager).join(`__lazyRequire(() => ${eager})`);
        }
        return { contents: LAZY_HELPER + code, loader: 'js' };
      });
    }
  },
};

async function main() {
  const [compiled, outfile, ...external] = process.argv.slice(2);
  const root = path.resolve(__dirname, '..');
  const esbuild = require(require.resolve('esbuild', { paths: [root] }));
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: [compiled],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external,
    plugins: [lazyRequires],
    minifyWhitespace: true,
    keepNames: true,
    legalComments: 'none',
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'error',
  });
}

main().catch((e) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
});

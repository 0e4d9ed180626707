/**
 * The rules between the top-level folders (issue 15), checked by `npm run lint:deps` (part of
 * `npm run lint`, so of `npm test`). Each folder's README.md says the same in prose.
 *
 *   domain/     pure rules: imports nothing of the project, no I/O (luxon, zod and crypto only)
 *   storage/    the Store port and its adapters: domain/ only
 *   cards/      card templates and the code that fills them: domain/ only
 *   scheduler/  reminders, nudges, outbox dispatch: domain/, storage/, cards/ and its own port
 *   documents/  import, export, publication and their HTTP routes: domain/, storage/, cards/
 *   bot/        Teams turns: anything above except documents/http/ (the routes) and app/
 *   tab/        the Teams tab's pages and their routes: domain/, storage/, cards/, documents/ (not
 *               documents/http/); mounted by app/server.ts, imported by nothing else
 *   app/        the process (entry point, config, server, logger): imported by nobody but
 *               scripts/, bench/ and test/
 */
const TOP = '^(app|bot|cards|documents|domain|scheduler|storage|tab)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles, type-only imports included.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-imports-no-project-code',
      severity: 'error',
      comment: 'domain/ is pure: it imports nothing of the project outside domain/.',
      from: { path: '^domain/' },
      to: { path: TOP, pathNot: '^domain/' },
    },
    {
      name: 'domain-imports-no-io',
      severity: 'error',
      comment: 'domain/ uses no I/O library: of node only crypto, of npm only luxon and zod.',
      from: { path: '^domain/' },
      to: { dependencyTypes: ['core'], pathNot: '^(node:)?crypto$' },
    },
    {
      name: 'domain-npm-allowlist',
      severity: 'error',
      comment: 'domain/ uses no I/O library: of npm only luxon and zod.',
      from: { path: '^domain/' },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        pathNot: 'node_modules/(luxon|zod|@types/luxon)/',
      },
    },
    {
      name: 'storage-imports-only-domain',
      severity: 'error',
      from: { path: '^storage/' },
      to: { path: TOP, pathNot: '^(storage|domain)/' },
    },
    {
      name: 'cards-imports-only-domain',
      severity: 'error',
      from: { path: '^cards/' },
      to: { path: TOP, pathNot: '^(cards|domain)/' },
    },
    {
      name: 'scheduler-imports-domain-storage-cards',
      severity: 'error',
      comment: 'The scheduler sends through its own port (scheduler/message-sender.ts), implemented in bot/.',
      from: { path: '^scheduler/' },
      to: { path: TOP, pathNot: '^(scheduler|domain|storage|cards)/' },
    },
    {
      name: 'scheduler-no-bot-sdk',
      severity: 'error',
      comment: 'The Bot Framework is reached only through the MessageSender port.',
      from: { path: '^scheduler/' },
      to: { path: 'node_modules/(botbuilder|botframework-[a-z-]+|@microsoft/teams-ai)/' },
    },
    {
      name: 'documents-imports-domain-storage-cards',
      severity: 'error',
      from: { path: '^documents/' },
      to: { path: TOP, pathNot: '^(documents|domain|storage|cards)/' },
    },
    {
      name: 'bot-never-imports-http-routes',
      severity: 'error',
      from: { path: '^bot/' },
      to: { path: '^documents/http/' },
    },
    {
      name: 'tab-imports-domain-storage-cards-documents',
      severity: 'error',
      comment: 'The tab reads the store and renders with the export code; it never reaches into the bot or the HTTP routes.',
      from: { path: '^tab/' },
      to: { path: TOP, pathNot: '^(tab|domain|storage|cards|documents)/' },
    },
    {
      name: 'tab-never-imports-http-routes',
      severity: 'error',
      from: { path: '^tab/' },
      to: { path: '^documents/http/' },
    },
    {
      name: 'only-the-server-imports-tab',
      severity: 'error',
      comment: 'The tab is mounted by app/server.ts; tests and scripts may use it too.',
      from: { pathNot: '^(tab|app|scripts|bench|test)/' },
      to: { path: '^tab/' },
    },
    {
      name: 'only-entry-and-scripts-import-app',
      severity: 'error',
      comment: 'app/ is the process: only itself, scripts/, bench/ and test/ import it.',
      from: { pathNot: '^(app|scripts|bench|test)/' },
      to: { path: '^app/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};

/** @type {import('jest').Config} */
// TEST_CLOCK_OFFSET_DAYS=N moves every test's clock N days (test/support/clock-offset.cjs): no test may
// depend on today. NODE_OPTIONS carries it into jest's workers and every process a test spawns;
// setupFiles into each test file's own realm, whose Date is its own.
if (Number(process.env.TEST_CLOCK_OFFSET_DAYS || '0') !== 0) {
  const preload = `--require ${require('node:path').join(__dirname, 'test/support/clock-offset.cjs')}`;
  if (!(process.env.NODE_OPTIONS || '').includes(preload)) process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS || ''} ${preload}`.trim();
}
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }];
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // lowdb, steno and strip-bom (used by @microsoft/app-manifest) ship ESM only; compile them to CommonJS for jest like our own sources.
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(lowdb|steno|strip-bom)/)'],
  setupFiles: ['<rootDir>/test/support/clock-offset.cjs'],
  // A turn that throws still answers 200: fail the test whose server logged an error it did not expect.
  setupFilesAfterEnv: ['<rootDir>/test/support/fail-on-turn-failures.ts'],
  // dist/ built when stale (tests spawn the compiled bot, as npm start runs it); without TEST_DATABASE_URL, one
  // embedded PostgreSQL (from npm) for the run's storage and replica suites.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/postgres-global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};

/** @type {import('jest').Config} */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }];
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // lowdb, steno and strip-bom (used by @microsoft/app-manifest) ship ESM only; compile them to CommonJS for jest like our own sources.
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(lowdb|steno|strip-bom)/)'],
  // Without TEST_DATABASE_URL, one embedded PostgreSQL (from npm) for the run's storage and replica suites.
  globalSetup: '<rootDir>/test/support/postgres-global-setup.ts',
  globalTeardown: '<rootDir>/test/support/postgres-global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};

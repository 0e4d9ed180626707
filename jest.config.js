/** @type {import('jest').Config} */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }];
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // lowdb, steno and strip-bom (used by @microsoft/app-manifest) ship ESM only; compile them to CommonJS for jest like our own sources.
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(lowdb|steno|strip-bom)/)'],
  // A turn that throws still answers 200: fail the test whose server logged an error it did not expect.
  setupFilesAfterEnv: ['<rootDir>/test/support/fail-on-turn-failures.ts'],
  testTimeout: 30000,
  maxWorkers: 2,
};

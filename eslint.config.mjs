import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'build/', 'coverage/', 'data/', 'devTools/', 'jest.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      // Lines under 120 characters. A line is let off only for one long string, template or regular
      // expression literal (a sentence, a CSS rule, a pattern) that reads worse split.
      'max-len': ['error', { code: 120, tabWidth: 2, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true }],
      // Files under 300 lines of code (blank lines and comments not counted).
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Plain CommonJS that runs without a transpiler (the start launcher, the build check).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      // The domain is pure: the clock is passed in.
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Pass the clock in; no Date.now() in the domain.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Pass the clock in; no new Date() in the domain.',
        },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: ['fs', 'node:*', '../bot/*', '../storage/*', '../scheduler/*', '../cards/*'] },
      ],
    },
  },
  {
    // The tab's own browser script: plain JavaScript served as it is, with teams-js as a global.
    files: ['tab/client/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { ...globals.browser, microsoftTeams: 'readonly' },
    },
  },
);

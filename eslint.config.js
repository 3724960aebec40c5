// The project's lint rules (`npm run lint`): typescript-eslint's recommended set, plus a few
// house rules — no floating promises in the shell, type-only imports marked, no stray console in
// the handlers (the shell logs through Powertools). `npm test` runs it before the tests.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'cdk.out/', '.local/', 'coverage/', 'test/bench/.data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', structuredClone: 'readonly' } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
      // EDI values are checked for control characters on purpose (escaping, AN elements).
      'no-control-regex': 'off',
    },
  },
  {
    // The web console runs in the browser (plain ES modules, no build step): the browser's globals.
    files: ['functions/console/**/*.js'],
    languageOptions: {
      globals: Object.fromEntries(
        ['window', 'document', 'location', 'history', 'fetch', 'FormData', 'URLSearchParams', 'Node', 'sessionStorage', 'crypto', 'btoa'].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    // The CLI, benchmarks and tests may write to the console.
    files: ['functions/cli/**', 'test/**', 'infra/local/**', 'infra/cdk/app.ts', 'samples/**', 'schemas/x12/build-from-sef.ts'],
    rules: { 'no-console': 'off' },
  },
);

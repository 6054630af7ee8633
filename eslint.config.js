import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

export default ts.config(
  {
    ignores: [
      '**/node_modules/',
      'web/build/',
      'web/.svelte-kit/',
      'data/',
      '.test-data/',
      'migrations/',
      'tests/e2e/artifacts/',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser } },
  },
  {
    // Forms go through the helper that shows progress and survives a lost connection.
    files: ['web/src/**'],
    ignores: ['web/src/lib/enhance.svelte.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '$app/forms',
              importNames: ['enhance'],
              message: 'Use enhance from $lib/enhance.svelte.ts.',
            },
          ],
        },
      ],
    },
  },
);

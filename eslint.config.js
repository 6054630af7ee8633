import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

const formsHelper = {
  name: '$app/forms',
  importNames: ['enhance'],
  message: 'Use enhance from $lib/enhance.svelte.ts.',
};

const tableDoor = (door) => ({
  name: '@cercle/shared',
  importNames: ['can'],
  message: `Ask the permission table through ${door}.`,
});

const restrictImports = (files, ignores, paths) => ({
  files,
  ignores,
  rules: { 'no-restricted-imports': ['error', { paths }] },
});

export default ts.config(
  {
    ignores: [
      '**/node_modules/',
      'web/build/',
      'server/dist/',
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
  // The one permission table is read through one door on each side: permissions.ts on the
  // server, guards.ts on the web. Forms go through the helper that shows progress and
  // survives a lost connection.
  restrictImports(
    ['server/src/**'],
    ['server/src/permissions.ts'],
    [tableDoor('server/src/permissions.ts')],
  ),
  restrictImports(
    ['web/src/**'],
    ['web/src/lib/enhance.svelte.ts', 'web/src/lib/server/guards.ts'],
    [tableDoor('web/src/lib/server/guards.ts'), formsHelper],
  ),
  restrictImports(['web/src/lib/server/guards.ts'], [], [formsHelper]),
  // What runs in the browser takes types from @cercle/shared, and values only from its modules
  // without zod (enums, limits, speaker-clock…): one value from the root loads zod and every
  // schema, some 38 KB on each page.
  {
    files: [
      'web/src/**/*.svelte',
      'web/src/**/*.svelte.ts',
      'web/src/lib/api/client.ts',
      'web/src/lib/api/people-search.ts',
      'web/src/lib/i18n/**',
    ],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@cercle/shared',
              allowTypeImports: true,
              message: 'Import values from a subpath without zod (@cercle/shared/enums…).',
            },
          ],
        },
      ],
    },
  },
  restrictImports(
    ['web/src/lib/enhance.svelte.ts'],
    [],
    [tableDoor('web/src/lib/server/guards.ts')],
  ),
);

// Workflow code runs in Temporal's deterministic sandbox, bundled without Node: it and the pure
// rules it imports (domain/) must not reach Node built-ins or server libraries. The same rule the
// Temporal TypeScript samples apply, with our server libraries added.
const tseslint = require('typescript-eslint');
const { builtinModules } = require('node:module');

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_')).flatMap((name) => [name, `node:${name}`]);
const serverLibraries = ['mongoose', 'mongodb', 'express', 'pino', 'pino-http', 'jose', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'];

module.exports = tseslint.config(
  { ignores: ['node_modules/**', '.tools/**', 'data/**', 'coverage/**', 'build/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
  },
  {
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, ...serverLibraries].map((name) => ({
            name,
            message: 'Workflow and domain code is bundled for Temporal’s sandbox: no Node built-ins or server libraries.',
          })),
          patterns: [
            { group: ['../activities/*', '../api/*', '../models/*', '../runtime/*'], allowTypeImports: true, message: 'Only type imports from Node-side folders.' },
          ],
        },
      ],
    },
  },
);

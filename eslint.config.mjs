// Lint rules, and the module boundaries that keep the architecture honest:
// apps import libs, libs never import apps, workflows import only the domain
// rules, the contracts and @temporalio/workflow (they run in Temporal's sandbox).
import nx from '@nx/eslint-plugin';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/node_modules', '**/dist', '.tools', '.data', '.nx', 'tmp', 'artifacts', 'coverage'],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          // Specs import the testing lib, which boots the real services: a cycle through `testing` is test wiring,
          // not architecture. Any other cycle is still an error.
          ignoredCircularDependencies: [['tag:type:testing', '*']],
          depConstraints: [
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:feature', 'type:platform', 'type:util', 'type:contracts', 'type:domain'],
            },
            {
              sourceTag: 'type:feature',
              onlyDependOnLibsWithTags: ['type:platform', 'type:util', 'type:contracts', 'type:domain'],
            },
            {
              sourceTag: 'type:platform',
              onlyDependOnLibsWithTags: ['type:platform', 'type:util', 'type:contracts', 'type:domain'],
            },
            {
              sourceTag: 'type:workflow',
              onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'],
              allowedExternalImports: ['@temporalio/workflow'],
            },
            {
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: ['type:domain'],
              allowedExternalImports: ['@temporalio/common'],
            },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: [], allowedExternalImports: [] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: [], allowedExternalImports: [] },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: [
                'type:feature',
                'type:platform',
                'type:util',
                'type:contracts',
                'type:domain',
                'type:testing',
              ],
            },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests, their support code and benchmarks may use the testing lib and any package (jest, fast-check, playwright-core).
    files: ['**/*.spec.ts', '**/*.test.ts', '**/bench/**/*.ts', '**/scripts/**/*.ts', '**/test-support/**/*.ts', '**/src/test/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: ['@rightsflow/testing'],
          ignoredCircularDependencies: [['tag:type:testing', '*']],
          depConstraints: [{ sourceTag: '*', onlyDependOnLibsWithTags: ['*'] }],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];

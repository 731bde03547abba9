import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Import boundaries of DESIGN.md: pure libraries stay pure, apps never import other apps. */
const frameworkAndDrivers = [
  '@nestjs/*',
  'fastify',
  'kafkajs',
  'pg',
  '@kurrent/*',
  'node:*',
  'rxjs',
  'reflect-metadata',
  'class-validator',
];
const pureLibs = ['libs/scim/**/*.ts', 'libs/contracts/**/*.ts', 'libs/directory/**/*.ts'];
const appImports = ['../../*/src/*', '**/apps/*'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'data/**',
      'coverage/**',
      '.kafka/**',
      '.postgres/**',
      '.cache/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: appImports, message: 'Apps never import another app.' }] },
      ],
    },
  },
  {
    files: pureLibs,
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: frameworkAndDrivers,
              message:
                'libs/scim, libs/contracts and libs/directory are pure: no framework, driver or node:* import.',
            },
            {
              group: ['#event-store', '#read-model', '#platform', '#kafka', '#testing'],
              message: 'Pure libraries depend on no adapter library.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/login-service/**/*.ts', 'apps/audit-service/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['#directory', '#scim', '#event-store', '#read-model', ...appImports],
              message: 'Downstream services see only #contracts, #kafka and #platform.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/standalone/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // End-to-end tests drive the composed service, as its users do.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  { files: ['*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);

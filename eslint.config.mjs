import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

/** Forbids importing a top-level folder, by alias or by relative path. */
function importsOf(folder) {
  return {
    group: [`@/${folder}`, `@/${folder}/**`, `**/../${folder}`, `**/../${folder}/**`],
    message: `Imports flow app → components → lib → db; this folder may not import ${folder}/.`,
  };
}

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      '.next/**',
      'node_modules/**',
      'data/**',
      'drizzle/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
      // Bundles scripts/run.mjs makes for a running process (removed when it ends).
      'scripts/.*.cjs',
    ],
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Imports flow one way: app → components → lib → db (STYLE.md). The gateway imports lib and db.
  {
    files: ['components/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [importsOf('app')] }] },
  },
  {
    files: ['lib/**', 'gateway/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [importsOf('app'), importsOf('components')] }] },
  },
  {
    files: ['db/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [importsOf('app'), importsOf('components'), importsOf('lib'), importsOf('gateway')] },
      ],
    },
  },
];

export default config;

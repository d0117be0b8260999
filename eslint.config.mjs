import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

/** Forbids importing a top-level folder, by alias or by relative path, except the modules `allowed`. */
function importsOf(folder, allowed = []) {
  return {
    group: [
      // gitignore semantics: a folder matched by itself could not have a module inside re-allowed.
      ...(allowed.length > 0 ? [] : [`@/${folder}`, `**/../${folder}`]),
      `@/${folder}/**`,
      `**/../${folder}/**`,
      ...allowed.flatMap((module) => [`!@/${folder}/${module}`, `!**/../${folder}/${module}`]),
    ],
    message: `Imports flow app → components → lib → db; this folder may not import ${folder}/.`,
  };
}

const typeOnly = 'A policy type imports the contract and its helpers, not the registry or the compiler.';

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
    // Packages are never parsed for the import graph: a cycle cannot pass through one, and walking
    // them (PGlite's bundle overflows the parser's stack) made the whole lint several times slower.
    settings: { 'import/ignore': ['node_modules'] },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Type-only imports (`import type`) are not followed by this rule; the policy modules'
      // shape below keeps those from closing a circle too.
      'import/no-cycle': ['error', { ignoreExternal: true }],
      'import/no-duplicates': 'error',
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
  // The policy modules' shape (lib/policies): contract.ts is a leaf every other module may import;
  // type modules import the contract and helpers, never the registry or the compiler above them.
  {
    files: ['lib/policies/contract.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            importsOf('app'),
            importsOf('components'),
            { group: ['./*', '../*', '@/lib/**', '@/gateway/**'], message: 'The policy contract is a leaf.' },
          ],
        },
      ],
    },
  },
  {
    files: ['lib/policies/types/**'],
    ignores: ['**/*.test.ts', 'lib/policies/types/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            importsOf('app'),
            importsOf('components'),
            { group: ['../*', '!../contract', '@/lib/policies/**', '!@/lib/policies/contract'], message: typeOnly },
            { regex: '^\\.(/index)?$', message: typeOnly },
          ],
        },
      ],
    },
  },
  {
    // The configuration (lib/env.ts) is the one exception: the database's address and pool size are
    // configuration like any other, and lib/env.ts imports nothing that reaches back into db/.
    files: ['db/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [importsOf('app'), importsOf('components'), importsOf('lib', ['env']), importsOf('gateway')] },
      ],
    },
  },
  {
    files: ['lib/env.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [importsOf('app'), importsOf('components'), importsOf('db'), importsOf('gateway')] },
      ],
    },
  },
];

export default config;

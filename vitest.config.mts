import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@': root,
      // Next.js resolves `server-only` to nothing on the server; outside Next it would throw.
      'server-only': path.join(root, 'test/empty-module.ts'),
    },
  },
  test: {
    environment: 'node',
    // Expected failures (outages the tests cause) would fill the output; LOG_LEVEL=info shows them.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
    include: ['**/*.test.ts'],
    // *.postgres.test.ts need a PostgreSQL server (several processes on one database, a database
    // that goes away): they run when TEST_DATABASE_URL is set, as in `npm test` for PostgreSQL.
    exclude: [
      'node_modules/**',
      '.next/**',
      'e2e/**',
      'data/**',
      ...(process.env.TEST_DATABASE_URL ? [] : ['**/*.postgres.test.ts']),
    ],
    // Migrates one PGlite template per run; each integration test file copies it (test/database.ts).
    globalSetup: ['test/global-setup.ts'],
    // Test files share their worker process instead of starting a new one each: PGlite compiles its
    // WebAssembly once per process, which costs seconds per file. Every file still gets a database
    // of its own, and no test may leave global state behind (restore env and timers in afterEach).
    isolate: false,
    // A worker per core (Vitest's default leaves one idle): the files wait on their database thread,
    // servers and sockets much of the time, so on the 2-core machines this runs on (this one, CI) a
    // second worker fills those waits — one worker left a core mostly idle.
    maxWorkers: availableParallelism(),
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseTestFiles, testFiles } from './database-tests';

const root = path.resolve(__dirname, '..', '..');

describe("CI's second run", () => {
  it('repeats the test files that reach a database, directly or through other modules, and not the others', () => {
    const chosen = databaseTestFiles(root, [
      'test/authorization-matrix.test.ts', // imports test/database.ts
      'gateway/proxy.test.ts', // through gateway/test-support.ts
      'scripts/lib/start-up-failure.test.ts', // reads TEST_DATABASE_URL itself
      'lib/policies/schemas.test.ts', // pure
      'gateway/path.test.ts', // pure
    ]);
    expect(chosen).toEqual([
      'gateway/proxy.test.ts',
      'scripts/lib/start-up-failure.test.ts',
      'test/authorization-matrix.test.ts',
    ]);
  });

  it('finds every test file Vitest runs, this one among them', () => {
    const files = testFiles(root);
    expect(files).toContain('scripts/lib/database-tests.test.ts');
    expect(files.some((file) => file.startsWith('node_modules') || file.startsWith('e2e'))).toBe(false);
  });
});

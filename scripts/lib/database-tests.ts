import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';

/** Where Vitest finds no test files (vitest.config.mts excludes them too). */
const skipped = new Set(['node_modules', '.next', 'e2e', 'data', '.git', 'test-results', 'playwright-report']);

/** Every Vitest file of the repository (`*.test.ts`), relative to `root`. */
export function testFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skipped.has(entry.name)) walk(relative);
      } else if (entry.name.endsWith('.test.ts')) found.push(relative);
    }
  };
  walk('');
  return found.sort();
}

/** The modules through which a test reaches a database: the app's connection and the tests' own. */
const databaseModules = ['db/index.ts', 'test/database.ts'];

/**
 * The test files that can open a database: those importing `db/index.ts` or `test/database.ts`,
 * directly or through other modules of the repository (packages are not followed), and those that
 * read `TEST_DATABASE_URL` themselves. The import
 * graph is esbuild's, so TypeScript, the `@/` alias and re-exports resolve as they do in the app.
 * CI's second `npm test` (on PostgreSQL) runs only these: the others do not depend on the database
 * and ran in the first.
 */
export function databaseTestFiles(root: string, files: readonly string[] = testFiles(root)): string[] {
  const { metafile } = buildSync({
    absWorkingDir: root,
    entryPoints: [...files],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outdir: 'out',
    logLevel: 'silent',
  });
  const databases = new Set(databaseModules);
  return Object.values(metafile.outputs)
    .filter((output) => output.entryPoint && Object.keys(output.inputs).some((input) => databases.has(input)))
    .map((output) => output.entryPoint as string)
    .concat(files.filter((file) => readFileSync(path.join(root, file), 'utf8').includes('TEST_DATABASE_URL')))
    .filter((file, i, all) => all.indexOf(file) === i)
    .sort();
}

import { spawn } from 'node:child_process';
import path from 'node:path';
import postgres from 'postgres';
import { assertLocalServer } from '../test/local-database';
import { databaseTestFiles } from './lib/database-tests';

/**
 * `npm test`: typecheck, lint, Vitest, then the Playwright suite, stopping at the first failure.
 * With TEST_DATABASE_URL the database tests and the end-to-end suite run on that PostgreSQL server.
 */
const root = path.resolve(__dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
    child.on('error', (error) => {
      console.error(`Could not run ${path.relative(root, command)}: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Runs the parts at once; each one's outcome is printed as it ends, and the first failure's code answered. */
async function together(parts: Record<string, () => Promise<number>>): Promise<number> {
  const codes = await Promise.all(
    Object.entries(parts).map(async ([name, part]) => {
      const started = Date.now();
      const code = await part();
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(
        code === 0 ? `  ✔ ${name} passed in ${seconds} s` : `  ✖ ${name} failed (exit ${code}) after ${seconds} s`,
      );
      return code;
    }),
  );
  return codes.find((code) => code !== 0) ?? 0;
}

/** A fresh `<name>_e2e` database beside TEST_DATABASE_URL's, for the end-to-end suite. */
async function freshE2eDatabase(serverUrl: string): Promise<string> {
  const url = assertLocalServer(serverUrl);
  const name = `${decodeURIComponent(url.pathname.slice(1)) || 'postgres'}_e2e`;
  const identifier = `"${name.replace(/"/g, '""')}"`;
  const sql = postgres(serverUrl, { onnotice: () => {}, max: 1 });
  try {
    await sql.unsafe(`drop database if exists ${identifier} with (force)`);
    await sql.unsafe(`create database ${identifier}`);
  } finally {
    await sql.end();
  }
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

async function main() {
  const skipE2e = process.argv.includes('--skip-e2e');
  // CI's second run, on PostgreSQL: only what depends on the database (Vitest's database files, the
  // end-to-end suite).
  // Typecheck, formatting, lint and the operations suite (always on PostgreSQL) ran in the first.
  const databaseOnly = process.argv.includes('--database-only');
  const testDatabaseUrl = process.env.TEST_DATABASE_URL;
  if (testDatabaseUrl) assertLocalServer(testDatabaseUrl); // refuse before spending minutes on the other steps
  // The app's own DATABASE_URL never decides where tests write: they use TEST_DATABASE_URL.
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  delete env.DATABASE_URL;
  delete env.E2E_DATABASE_URL;

  const steps: { name: string; run: () => Promise<number> }[] = databaseOnly
    ? []
    : [
        {
          // Side by side: lint keeps one core busy for half a minute, typecheck and formatting fit beside it.
          name: 'typecheck, formatting and lint',
          run: () =>
            together({
              typecheck: () => run(bin('tsc'), ['--noEmit'], env),
              formatting: () => run(bin('prettier'), ['--check', '.'], env),
              lint: () => run(bin('eslint'), ['--max-warnings=0', '.'], env),
            }),
        },
      ];
  steps.push({
    name: `unit and integration tests (${testDatabaseUrl ? 'PostgreSQL' : 'PGlite'})`,
    // The second run repeats only the files that can reach a database; the others ran in the first.
    run: () => run(bin('vitest'), ['run', ...(databaseOnly ? databaseTestFiles(root) : [])], env),
  });
  if (!skipE2e) {
    steps.push({
      name: `end-to-end tests (${testDatabaseUrl ? 'PostgreSQL' : 'embedded database'})`,
      run: async () => {
        const e2eEnv = { ...env };
        if (testDatabaseUrl) e2eEnv.E2E_DATABASE_URL = await freshE2eDatabase(testDatabaseUrl);
        return run(bin('playwright'), ['test'], e2eEnv);
      },
    });
    // Health, a PostgreSQL outage through a proxy and the log, on a Portico of its own (always on
    // this machine's PostgreSQL: an outage needs a server to lose).
    if (!databaseOnly)
      steps.push({
        name: 'operations end-to-end tests (PostgreSQL behind a proxy)',
        run: () => run(bin('playwright'), ['test', '-c', 'playwright.operations.config.ts'], env),
      });
  }

  const started = Date.now();
  for (const step of steps) {
    const stepStarted = Date.now();
    console.log(`\n▶ ${step.name}`);
    let code: number;
    try {
      code = await step.run();
    } catch (error) {
      console.error(error instanceof Error ? error.message : error);
      code = 1;
    }
    const seconds = ((Date.now() - stepStarted) / 1000).toFixed(1);
    if (code !== 0) {
      console.error(`\n✖ ${step.name} failed (exit ${code}) after ${seconds} s`);
      process.exit(code);
    }
    console.log(`✔ ${step.name} passed in ${seconds} s`);
  }
  console.log(`\nAll test steps passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

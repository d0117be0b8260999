import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { operationsSettings } from './e2e/operations/settings';

/**
 * The operations suite (`npm test` runs it after the main suite): health endpoints, a database
 * outage and the log, against a Portico of its own on PostgreSQL behind a TCP proxy the tests cut
 * and restore. It always uses this machine's PostgreSQL — an outage needs a server to lose.
 */
const settings = operationsSettings();
const root = __dirname;
process.env.PORTICO_OPERATIONS_LOG ??= path.join(os.tmpdir(), `portico-operations-${settings.port}-${Date.now()}.log`);
const logFile = process.env.PORTICO_OPERATIONS_LOG;

const systemChromium = '/usr/bin/chromium';
const launchOptions = existsSync(systemChromium)
  ? { executablePath: systemChromium, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] }
  : {};

export default defineConfig({
  testDir: './e2e/operations',
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  workers: 1, // the tests cut the one database everyone shares
  timeout: 120_000, // each test signs in, cuts and restores on a machine other suites share
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: { baseURL: settings.baseURL, trace: 'retain-on-failure', launchOptions, ...devices['Desktop Chrome'] },
  webServer: [
    {
      command: 'node_modules/.bin/tsx e2e/operations/database-proxy.ts',
      url: settings.controlUrl,
      timeout: 60_000,
      reuseExistingServer: false,
    },
    {
      // Everything Portico writes goes to the log file too: the log test reads it.
      command: `node scripts/run.mjs scripts/start.ts 2>&1 | tee ${JSON.stringify(logFile)}`,
      cwd: root,
      url: `${settings.baseURL}/login`,
      timeout: 600_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      env: {
        PORT: String(settings.port),
        HOST: '127.0.0.1',
        DATABASE_URL: settings.databaseUrl,
        PORTICO_SEED: '1',
        LOG_LEVEL: 'info',
      },
    },
  ],
});

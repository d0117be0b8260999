import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3211);
const baseURL = `http://127.0.0.1:${port}`;
/**
 * Where the server mails: the one test SMTP server of the run, which e2e/global-setup.ts starts (in
 * the clear on this machine); specs read what it received through e2e/mail.ts.
 */
export const e2eSmtpPort = port + 5;

// A fresh embedded database for every run, unless scripts/test.ts hands over a fresh PostgreSQL
// database. Set once in the main process; workers inherit it.
process.env.PORTICO_E2E_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), 'portico-e2e-'));
const databaseUrl = process.env.E2E_DATABASE_URL;

// Debian's Chromium where it is installed (CI, this machine); Playwright's own browser elsewhere.
const systemChromium = '/usr/bin/chromium';
const launchOptions = existsSync(systemChromium)
  ? {
      executablePath: systemChromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    }
  : {};

export const storageStateOf = (profile: string) => path.join(__dirname, 'e2e', '.auth', `${profile}.json`);

export default defineConfig({
  testDir: './e2e',
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  // One worker per core of the 2-core machines this runs on (this one, CI): each worker drives a
  // Chromium against the one Next.js server and its database thread on the same cores, so more
  // workers only queue for CPU. Measured 2026-12-08 on this 2-core machine, quiet: 2 workers ran
  // 137 tests in 342 s (604 s of test time); 4 workers ran 139 in 325 s, but their test time doubled
  // to 1,172 s — the suite is CPU-bound at 2, and further workers bring timeouts nearer, not speed.
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions,
  },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    { name: 'access', testMatch: /access\.spec\.ts/, use: { ...devices['Desktop Chrome'], launchOptions } },
    {
      name: 'console',
      testDir: './e2e/console',
      dependencies: ['setup'],
      use: { ...devices['Desktop Chrome'], launchOptions },
    },
    {
      name: 'portal',
      testDir: './e2e/portal',
      dependencies: ['setup'],
      use: { ...devices['Desktop Chrome'], launchOptions },
    },
  ],
  webServer: {
    command: 'node scripts/run.mjs scripts/start.ts',
    url: `${baseURL}/login`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      PORTICO_DATA_DIR: process.env.PORTICO_E2E_DATA_DIR,
      PORTICO_SEED: '1',
      SMTP_URL: `smtp://127.0.0.1:${e2eSmtpPort}?tls=off`,
      // Request lines would drown the test report; warnings and errors still show.
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      // The webhook specs' receivers listen on 127.0.0.1, a private address webhooks otherwise may not reach.
      PORTICO_WEBHOOK_ALLOW_PRIVATE: '1',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
  },
});

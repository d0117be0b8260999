import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { demoPassword, signIn } from '../fixtures';

// playwright.operations.config.ts tees everything Portico writes into this file.
const logFile = process.env.PORTICO_OPERATIONS_LOG ?? '';
const clientPage = '/console/organizations/acme-development-team/clients/janes-client/1.0';

function logLines(): string[] {
  return readFileSync(logFile, 'utf8').split('\n').filter(Boolean);
}

test('the log has a line per request and never a password, an API key (console or gateway) or a session cookie', async ({
  page,
}) => {
  await signIn(page, 'admin@example.com', demoPassword);
  await expect(page).toHaveURL(/\/console(\/|$)/);
  await page.goto(clientPage);
  const key = page.getByLabel('API Key', { exact: true });
  const firstKey = (await key.textContent())?.trim() ?? '';
  expect(firstKey).not.toBe('');
  await page.getByRole('button', { name: 'Rotate key' }).click();
  await page.getByRole('button', { name: 'Rotate', exact: true }).click();
  await expect(key).not.toHaveText(firstKey);
  const secondKey = (await key.textContent())?.trim() ?? '';
  // Gateway calls with those keys, in the header and in the query: neither may reach the log.
  // Janes Client is not registered, so the gateway refuses both.
  const gateway = '/gateway/acme-support/acme-echo-test-api/1.0/ping';
  const byHeader = await page.request.get(gateway, { headers: { 'X-API-Key': secondKey } });
  const byQuery = await page.request.get(`${gateway}?apikey=${firstKey}`);
  expect([byHeader.status(), byQuery.status()]).toEqual([401, 401]);
  const sessionCookies = (await page.context().cookies())
    .filter((cookie) => cookie.name.includes('session-token'))
    .map((cookie) => cookie.value);
  expect(sessionCookies.length).toBeGreaterThan(0);

  // The rotation's request line is written when its response ends: wait for it.
  await expect
    .poll(() => logLines().filter((line) => line.includes('"method":"POST"') && line.includes(clientPage)).length)
    .toBeGreaterThan(0);
  const lines = logLines();
  const requestLines = lines.flatMap((line) => {
    try {
      const entry = JSON.parse(line) as { msg?: string };
      return entry.msg === 'request' ? [entry] : [];
    } catch {
      return [];
    }
  });
  expect(requestLines[0]).toMatchObject({
    requestId: expect.any(String),
    method: expect.any(String),
    path: expect.any(String),
    status: expect.any(Number),
    durationMs: expect.any(Number),
  });

  // The start banner prints the demo password by design (SPEC §6); every other line must not.
  const banner = `demo sign-ins (password "${demoPassword}")`;
  for (const line of lines) {
    if (!line.includes(banner)) expect(line).not.toContain(demoPassword);
    expect(line).not.toContain(firstKey);
    expect(line).not.toContain(secondKey);
    for (const value of sessionCookies) expect(line).not.toContain(value);
  }
});

test('a wrong password is answered on the form and is not logged as an error', async ({ page }) => {
  const email = `nobody-${Date.now()}@example.com`;
  await signIn(page, email, 'not the password');
  await expect(page.getByRole('alert').filter({ hasText: 'The email or password is not correct.' })).toBeVisible();
  // The sign-in's request line is written when its response ends: once it is there, so is any
  // error written while answering it.
  await expect
    .poll(() => logLines().filter((line) => line.includes('"method":"POST"') && line.includes('/login')).length)
    .toBeGreaterThan(0);
  expect(logLines().filter((line) => /credentialssignin/i.test(line))).toEqual([]);
});

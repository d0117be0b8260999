import { storageStateOf } from '../../playwright.config';
import { expect, signedInAs, signUpWithNewClient, test } from '../fixtures';

signedInAs('developer');

test('a developer opens its client’s traffic from My Clients', async ({ page }) => {
  test.slow(); // two pages, each reading the metrics, on a busy machine
  await page.goto('/portal/my-clients');
  await page.getByRole('article', { name: 'DevClient 1.0' }).getByRole('link', { name: 'Metrics' }).click();
  await expect(page.getByRole('heading', { name: 'Metrics of DevClient 1.0' })).toBeVisible();
  const requests = page.getByRole('figure', { name: 'Requests over time' });
  await expect(requests).toHaveAccessibleDescription(/requests in the last 24 hours/);
  await expect(requests.getByRole('img', { name: 'Chart of requests per period by response type' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Last 50 calls' }).getByRole('row')).toHaveCount(51);

  await page.getByRole('link', { name: 'Show the last hour' }).click();
  await expect(page).toHaveURL(/range=1h/);
});

test('the traffic of another organization’s client is not found', async ({ page }) => {
  const response = await page.goto('/portal/my-clients/acme-support/anything/1.0/metrics');
  expect(response?.status()).toBe(404);
});

test('calls through the gateway show in the client’s portal view and its console Metrics tab', async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(180_000); // a sign-up, calls, and pages in both areas on a shared machine
  const name = `Metered App ${Date.now()}`;
  await signUpWithNewClient(page, 'Bronze', name);
  await expect(page.getByRole('heading', { name: 'You are signed up' })).toBeVisible();
  const key = (await page.getByLabel('API Key', { exact: true }).textContent())?.trim() ?? '';
  expect(key).toMatch(/^[0-9a-f-]{36}$/);

  const endpoint = '/gateway/acme-support/acme-echo-test-api/1.0';
  for (const path of ['/metered/one', '/metered/two'])
    expect((await request.get(`${endpoint}${path}`, { headers: { 'X-API-Key': key } })).status()).toBe(200);
  expect((await request.get(`${endpoint}/metered/no-key`)).status()).toBe(401);

  await page.goto('/portal/my-clients');
  await page
    .getByRole('article', { name: `${name} 1.0` })
    .getByRole('link', { name: 'Metrics' })
    .click();
  await expect(page.getByRole('heading', { name: `Metrics of ${name} 1.0` })).toBeVisible();
  await expect(page).toHaveURL(/\/metrics$/);
  const metricsUrl = page.url();
  const lastCalls = page.getByRole('table', { name: 'Last 50 calls' });
  // Calls are written in batches about every second: load the page again until they are there.
  await expect(async () => {
    await page.goto(metricsUrl);
    await expect(lastCalls.getByRole('row')).toHaveCount(3, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(lastCalls).toContainText('/metered/one');
  await expect(lastCalls).toContainText('/metered/two');
  await expect(page.getByRole('figure', { name: 'Requests over time' })).toHaveAccessibleDescription(
    /^2 requests in the last 24 hours: 2 success, 0 policy failures, 0 errors\./,
  );

  const consolePage = await (await browser.newContext({ storageState: storageStateOf('editor') })).newPage();
  const slug = name.toLowerCase().replaceAll(' ', '-');
  await consolePage.goto(`/console/organizations/acme-development-team/clients/${slug}/1.0`);
  await consolePage.getByRole('tab', { name: 'Metrics' }).click();
  await expect(consolePage.getByRole('figure', { name: 'Requests over time' })).toHaveAccessibleDescription(
    /^2 requests in the last 24 hours/,
  );
  await expect(consolePage.getByRole('table', { name: 'Top APIs' })).toContainText('ACME Echo Test API 1.0');
  await expect(consolePage.getByRole('table', { name: 'Last 50 calls' })).toContainText('/metered/two');
});

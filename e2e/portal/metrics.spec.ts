import { expect, signedInAs, test } from '../fixtures';

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

import { expect, signedInAs, test } from '../fixtures';

// The demo data holds three days of calls of DevClient through Bronze to ACME Echo Test API,
// recorded at seed time through the recorder the gateway uses.
signedInAs('editor');
// Each test opens pages that read several months of metrics; give them a slow test's time.
test.beforeEach(() => test.slow());

test('DevClient’s Metrics tab draws its calls, lists the last 50 and keeps the range in the URL', async ({ page }) => {
  await page.goto('/console/organizations/acme-development-team/clients/devclient/1.0');
  await page.getByRole('tab', { name: 'Metrics' }).click();
  await expect(page).toHaveURL(/tab=metrics/);

  const requests = page.getByRole('figure', { name: 'Requests over time' });
  await expect(requests).toHaveAccessibleDescription(/^[\d,]+ requests in the last 24 hours: [\d,]+ success, /);
  await expect(requests.getByRole('img', { name: 'Chart of requests per period by response type' })).toBeVisible();
  const latency = page.getByRole('figure', { name: 'Latency over time' });
  await expect(latency).toHaveAccessibleDescription(/median .* ms, 95th percentile .* ms, 99th percentile .* ms/);
  await expect(page.getByRole('table', { name: 'Top APIs' })).toContainText('ACME Echo Test API 1.0');
  await expect(page.getByRole('table', { name: 'Error codes' })).toContainText(
    /rate_limit_exceeded|backend_unavailable/,
  );
  const lastCalls = page.getByRole('table', { name: 'Last 50 calls' });
  await expect(lastCalls.getByRole('row')).toHaveCount(51);
  await expect(lastCalls.getByRole('row').nth(1)).toContainText('ACME Echo Test API 1.0');

  await page.getByRole('navigation', { name: 'Range' }).getByRole('link', { name: 'Show the last 7 days' }).click();
  await expect(page).toHaveURL(/range=7d/);
  await expect(page.getByRole('link', { name: 'Show the last 7 days' })).toHaveAttribute('aria-current', 'page');
  await expect(requests).toHaveAccessibleDescription(/requests in the last 7 days/);
});

test('a client without calls says so', async ({ page }) => {
  await page.goto('/console/organizations/acme-development-team/clients/janes-client/1.0?tab=metrics');
  await expect(page.getByRole('heading', { name: 'No calls recorded yet' })).toBeVisible();
  await expect(page.getByRole('figure')).toHaveCount(0);
});

test('the API and plan Metrics tabs show the provider who calls them', async ({ page }) => {
  await page.goto('/console/organizations/acme-support/apis/acme-echo-test-api/1.0');
  await page.getByRole('tab', { name: 'Metrics' }).click();
  await expect(page.getByRole('table', { name: 'Top clients' })).toContainText('DevClient 1.0 (ACME development team)');
  await expect(page.getByRole('table', { name: 'Last 50 calls' }).getByRole('row').nth(1)).toContainText('DevClient');

  await page.goto('/console/organizations/acme-support/plans/bronze/1.0');
  await page.getByRole('tab', { name: 'Metrics' }).click();
  await expect(page.getByRole('figure', { name: 'Requests over time' })).toHaveAccessibleDescription(/requests in/);
  await expect(page.getByRole('table', { name: 'Top clients' })).toContainText('DevClient 1.0');
});

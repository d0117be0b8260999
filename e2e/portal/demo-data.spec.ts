import { expect, signedInAs, test } from '../fixtures';

signedInAs('developer');

test('the home page shows the featured demo APIs', async ({ page }) => {
  await page.goto('/portal');
  await expect(page.getByRole('heading', { name: 'Featured APIs' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'ACME Echo Test API' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'ACME Public Echo' })).toBeVisible();
});

test('the Marketplace lists the published APIs and searches them', async ({ page }) => {
  await page.goto('/portal');
  await page
    .getByRole('navigation', { name: 'Developer Portal navigation' })
    .getByRole('link', { name: 'Marketplace' })
    .click();
  await expect(page.getByRole('heading', { name: 'ACME Echo Test API' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'ACME Public Echo' })).toBeVisible();

  await page.getByRole('searchbox', { name: 'Search' }).fill('open to everyone');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/q=open/);
  await expect(page.getByRole('heading', { name: 'ACME Public Echo' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'ACME Echo Test API' })).toHaveCount(0);

  await page.getByRole('searchbox', { name: 'Search' }).fill('no such api anywhere');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByText('0 APIs match')).toBeVisible();
});

test('My Clients groups the clients under their organization', async ({ page }) => {
  await page.goto('/portal/my-clients');
  const team = page.getByRole('region', { name: 'ACME development team' });
  await expect(team).toBeVisible();
  const devClient = team.getByRole('article', { name: 'DevClient 1.0' });
  await expect(devClient.getByText('Registered', { exact: true })).toBeVisible();
  await expect(devClient.getByLabel('API Key')).toHaveText(/^[0-9a-f-]{36}$/);
  await expect(devClient.getByRole('button', { name: 'Copy' })).toBeVisible();
  await expect(devClient.getByText('ACME Echo Test API 1.0 · plan Bronze · Active')).toBeVisible();
  const janes = team.getByRole('article', { name: 'Janes Client 1.0' });
  await expect(janes.getByText('Created', { exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'ACME Support' })).toHaveCount(0);
});

test('Learn More shows a private API’s plans with their limits, and a public API’s endpoint', async ({ page }) => {
  await page.goto('/portal/marketplace');
  await page.getByRole('article', { name: 'ACME Echo Test API' }).getByRole('link', { name: 'Learn More' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ACME Echo Test API' })).toBeVisible();
  const bronze = page.getByRole('article', { name: 'Plan Bronze' });
  await expect(bronze.getByText('100 requests per minute per client')).toBeVisible();
  await expect(bronze.getByText('No approval needed')).toBeVisible();
  await expect(bronze.getByRole('link', { name: 'Sign Up' })).toBeVisible();
  await expect(page.getByRole('article', { name: 'Plan Gold' }).getByText('Approval required')).toBeVisible();

  await page.goto('/portal/marketplace');
  await page.getByRole('article', { name: 'ACME Public Echo' }).getByRole('link', { name: 'Learn More' }).click();
  await expect(page.getByText('This is a public API: call it without an API key.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Endpoint' }).getByRole('code')).toHaveText(
    /\/gateway\/acme-support\/acme-public-echo\/1\.0$/,
  );
  await expect(page.getByRole('heading', { name: 'Plans' })).toHaveCount(0);
});

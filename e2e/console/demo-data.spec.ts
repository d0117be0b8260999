import { expect, signedInAs, test } from '../fixtures';

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test.describe('the editor', () => {
  signedInAs('editor');

  test('sees both demo organizations with their APIs, plans and clients', async ({ page }) => {
    await page.goto('/console/organizations');
    const rows = page.getByRole('row');
    await expect(rows.filter({ hasText: 'ACME Support' })).toContainText('Editor, User Manager');
    await expect(rows.filter({ hasText: 'ACME development team' })).toBeVisible();
    // Other specs add APIs meanwhile: at least the two demo APIs.
    await expect(rows.filter({ hasText: 'ACME Support' }).getByRole('cell').nth(3)).toHaveText(/^([2-9]|\d{2,})$/);
  });

  test('sees the demo clients with their status text', async ({ page }) => {
    await page.goto('/console');
    await page
      .getByRole('navigation', { name: 'API Management navigation' })
      .getByRole('link', { name: 'Clients' })
      .click();
    await expect(page.getByRole('row').filter({ hasText: 'DevClient' })).toContainText('Registered');
    await expect(page.getByRole('row').filter({ hasText: 'Janes Client' })).toContainText('Created');
  });

  test('filters the clients list, keeping the filter in the URL', async ({ page }) => {
    await page.goto('/console/clients');
    await page.getByLabel('Filter clients').fill('janes');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/q=janes/);
    await expect(page.getByRole('link', { name: 'Janes Client' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'DevClient' })).toHaveCount(0);
  });

  test('opens DevClient 1.0 and sees its status, contract and API key', async ({ page }) => {
    await page.goto('/console/clients');
    await page.getByRole('link', { name: 'DevClient' }).click();
    await expect(page).toHaveURL(/\/console\/organizations\/acme-development-team\/clients\/devclient\/1\.0$/);
    await expect(page.getByRole('heading', { name: 'DevClient' })).toBeVisible();
    await expect(page.getByLabel('Version')).toHaveValue('1.0');
    await expect(page.getByText('Registered', { exact: true })).toBeVisible();
    const key = page.getByLabel('API Key', { exact: true });
    await expect(key).toHaveText(uuidV4);
    await expect(page.getByRole('button', { name: 'Copy' })).toBeVisible();
    await expect(page.getByText('This API Key is valid for all contracts of the client version')).toBeVisible();
    await page.getByRole('tab', { name: 'Contracts' }).click();
    await expect(page.getByRole('row').filter({ hasText: 'ACME Echo Test API' })).toContainText('Bronze');
  });

  test('opens Janes Client 1.0: Created, with its description', async ({ page }) => {
    await page.goto('/console/organizations/acme-development-team/clients/janes-client/1.0');
    await expect(page.getByText('Created', { exact: true })).toBeVisible();
    await expect(page.getByText('Janes first test client')).toBeVisible();
    await expect(page.getByLabel('API Key', { exact: true })).toHaveText(uuidV4);
  });
});

test.describe('the viewer', () => {
  signedInAs('viewer');

  test('sees only ACME Support, and no clients of another organization', async ({ page }) => {
    await page.goto('/console/organizations');
    await expect(page.getByRole('row').filter({ hasText: 'ACME Support' })).toContainText('Viewer');
    await expect(page.getByRole('link', { name: 'ACME development team' })).toHaveCount(0);
    await page.goto('/console/clients');
    await expect(page.getByText('No clients match.')).toBeVisible();
    const response = await page.goto('/console/organizations/acme-development-team/clients/devclient/1.0');
    expect(response?.status()).toBe(404);
  });
});

test.describe('the admin', () => {
  signedInAs('admin');

  test('sees every organization and client', async ({ page }) => {
    await page.goto('/console/clients');
    await expect(page.getByRole('link', { name: 'DevClient' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Janes Client' })).toBeVisible();
    await page.goto('/console/organizations');
    await expect(page.getByRole('link', { name: 'ACME Support' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'ACME development team' })).toBeVisible();
  });
});

import { expect, signedInAs, test } from '../fixtures';

test.describe('the viewer', () => {
  signedInAs('viewer');

  test('lists ACME Support’s APIs and plans with their latest version and status', async ({ page }) => {
    await page.goto('/console');
    const nav = page.getByRole('navigation', { name: 'API Management navigation' });
    await nav.getByRole('link', { name: 'APIs' }).click();
    await expect(page.getByRole('heading', { name: 'APIs' })).toBeVisible();
    const echo = page.getByRole('row').filter({ hasText: 'ACME Echo Test API' });
    await expect(echo).toContainText('ACME Support');
    await expect(echo).toContainText('1.0');
    await expect(echo).toContainText('Published');

    await page.getByLabel('Filter APIs').fill('public');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/q=public/);
    await expect(page.getByRole('link', { name: 'ACME Public Echo' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'ACME Echo Test API' })).toHaveCount(0);

    await nav.getByRole('link', { name: 'Plans' }).click();
    await expect(page.getByRole('row').filter({ hasText: 'Bronze' })).toContainText('Locked');
    // Other specs create plans meanwhile: filter by a name no plan has, then by status.
    await page.getByLabel('Filter plans').fill('bronze');
    await page.getByLabel('Status').selectOption('Created');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/status=Created/);
    await expect(page.getByText('No plan matches the filter.')).toBeVisible();
    await page.getByLabel('Status').selectOption('Locked');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/status=Locked/);
    await expect(page.getByRole('row').filter({ hasText: 'Bronze' })).toContainText('Locked');
  });

  test('opens the notifications page from the navigation', async ({ page }) => {
    await page.goto('/console');
    await page
      .getByRole('navigation', { name: 'API Management navigation' })
      .getByRole('link', { name: /Notifications/ })
      .click();
    await expect(page.getByRole('heading', { name: 'Notifications' })).toBeVisible();
    await expect(page.getByText(/unread notification/)).toBeVisible();
  });
});

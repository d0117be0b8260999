import { expect, signedInAs, test } from '../fixtures';

test.describe('an Editor', () => {
  signedInAs('editor');

  test('creates a plan with the wizard, adds a Rate Limiting policy, locks it and makes a new version', async ({
    page,
  }) => {
    const name = `Silver ${Date.now()}`;
    await page.goto('/console/organizations');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('menuitem', { name: 'Create Plan' }).click();

    await expect(page.getByRole('heading', { name: 'Choose Organization' })).toBeVisible();
    await page.getByLabel('Organization').selectOption({ label: 'ACME Support' });
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByRole('heading', { name: 'Configure Details' })).toBeVisible();
    await page.getByLabel('Name').fill(name);
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByText('Enter a version')).toBeVisible();
    await page.getByLabel('Version').fill('1.0');
    await page.getByLabel('Description').fill('Mid-sized consumers');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByRole('heading', { name: 'Summary' })).toBeVisible();
    await page.getByRole('button', { name: 'Back' }).click();
    await expect(page.getByLabel('Name')).toHaveValue(name);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Create Plan' }).click();

    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(page.getByLabel('Status')).toHaveText('Created');
    await page.getByRole('tab', { name: 'Policies' }).click();
    await page.getByRole('button', { name: 'Add Policy' }).click();
    await page.getByLabel('Policy type').selectOption({ label: 'Rate Limiting' });
    await page.getByLabel('Limit').fill('0');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByText('A limit is at least 1')).toBeVisible();
    await page.getByLabel('Limit').fill('50');
    await page.getByLabel('Period').selectOption('minute');
    await page.getByLabel('Granularity').selectOption('client');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByRole('list', { name: 'Attached policies' })).toContainText(
      '50 requests per minute per client',
    );

    await page.getByRole('button', { name: 'Lock' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect(dialog).toContainText(`Lock plan ${name} 1.0?`);
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await dialog.getByRole('button', { name: 'Lock' }).click();
    await expect(page.getByLabel('Status')).toHaveText('Locked');
    await expect(page.getByRole('button', { name: 'Add Policy' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Delete' })).toHaveCount(0);

    await page.getByRole('button', { name: 'New Version' }).click();
    await page.getByRole('dialog').getByLabel('Version').fill('1.1');
    await page.getByRole('button', { name: 'Create Version' }).click();
    await expect(page).toHaveURL(/\/1\.1$/);
    await expect(page.getByLabel('Status')).toHaveText('Created');
    await page.getByRole('tab', { name: 'Policies' }).click();
    await expect(page.getByRole('list', { name: 'Attached policies' })).toContainText(
      '50 requests per minute per client',
    );
  });
});

test.describe('a Viewer', () => {
  signedInAs('viewer');

  test('sees the locked demo plan Bronze but no control to change it', async ({ page }) => {
    await page.goto('/console/organizations/acme-support/plans/bronze/1.0?tab=policies');
    await expect(page.getByRole('heading', { level: 1, name: 'Bronze' })).toBeVisible();
    await expect(page.getByLabel('Status')).toHaveText('Locked');
    await expect(page.getByRole('list', { name: 'Attached policies' })).toContainText(
      '100 requests per minute per client',
    );
    for (const name of ['Add Policy', 'Lock', 'Delete', 'New Version', 'Edit', 'Remove']) {
      await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);
    }
  });
});

import { expect, signedInAs, test } from '../fixtures';

test.describe('an Editor', () => {
  signedInAs('editor');

  test('creates an API, sets its endpoint, offers Bronze with approval and publishes it', async ({ page, baseURL }) => {
    const name = `Weather ${Date.now()}`;
    await page.goto('/console/organizations/acme-support');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('menuitem', { name: 'Create API' }).click();
    await expect(page.getByRole('heading', { name: 'Choose Organization' })).toBeVisible();
    await page.getByLabel('Organization').selectOption({ label: 'ACME Support' });
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Version').fill('1.0');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Create API' }).click();

    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(page.getByLabel('Status')).toHaveText('Created');
    // Issue 29 §3: Publish is disabled before Ready, its reason written beside it (not answered after a press).
    await expect(page.getByRole('button', { name: 'Publish' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Publish' })).toHaveAccessibleDescription(
      'Set the endpoint and offer at least one plan before publishing.',
    );

    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByLabel('Endpoint').fill('not a url');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Enter an http:// or https:// URL')).toBeVisible();
    await page.getByLabel('Endpoint').fill(`${baseURL}/demo/echo`);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Settings saved')).toBeVisible();

    await page.getByRole('tab', { name: 'Plans' }).click();
    await page.getByLabel('Plan', { exact: true }).selectOption({ label: 'Bronze 1.0' });
    await page.getByLabel('Requires approval').check();
    await page.getByRole('button', { name: 'Add Plan' }).click();
    await expect(page.getByRole('list', { name: 'Plans offered' })).toContainText('Bronze 1.0requires approval');
    await expect(page.getByLabel('Status')).toHaveText('Ready');

    await page.getByRole('button', { name: 'Publish' }).click();
    await expect(page.getByLabel('Status')).toHaveText('Published');
    await expect(page.getByRole('button', { name: 'Add Plan' })).toHaveCount(0);
    await page.getByRole('tab', { name: 'Settings' }).click();
    await expect(page.getByLabel('Endpoint')).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0);
  });
});

test.describe('a Viewer', () => {
  signedInAs('viewer');

  test('sees the published demo API with its plans but cannot change it', async ({ page }) => {
    await page.goto('/console/organizations/acme-support/apis/acme-echo-test-api/1.0');
    await expect(page.getByLabel('Status')).toHaveText('Published');
    await expect(page.getByText(/\/gateway\/acme-support\/acme-echo-test-api\/1\.0$/)).toBeVisible();
    for (const name of ['Publish', 'Retire', 'New Version'])
      await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);
    await page.getByRole('tab', { name: 'Plans' }).click();
    await expect(page.getByRole('list', { name: 'Plans offered' })).toContainText('Gold 1.0requires approval');
    await expect(page.getByRole('button', { name: 'Add Plan' })).toHaveCount(0);
    await page.getByRole('tab', { name: 'Contracts' }).click();
    await expect(page.getByRole('row').filter({ hasText: 'DevClient' })).toContainText('Active');
    await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  });
});

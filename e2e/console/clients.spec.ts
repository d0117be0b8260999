import type { Page } from '@playwright/test';
import { expect, signedInAs, test } from '../fixtures';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const status = (page: Page) => page.getByLabel('Status', { exact: true });

async function chooseStatus(page: Page, action: string) {
  await page.getByRole('button', { name: /^Status:/ }).click();
  await page.getByRole('menuitem', { name: action, exact: true }).click();
}

/** A registered client of the ACME development team, signed up for Bronze through the portal. */
async function registeredClient(page: Page, name: string) {
  await page.goto('/portal/apis/acme-support/acme-echo-test-api');
  await page.getByRole('article', { name: 'Plan Bronze' }).getByRole('link', { name: 'Sign Up' }).click();
  await page.getByLabel('Organization').selectOption({ label: 'ACME development team' });
  await page.getByLabel('Search or create').fill(name);
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('heading', { name: 'You are signed up' })).toBeVisible();
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  await page.goto(`/console/organizations/acme-development-team/clients/${slug}/1.0`);
  await expect(status(page)).toHaveText('Registered');
}

test.describe('an Editor', () => {
  signedInAs('editor');

  test('creates a client with the wizard: Created, with its API key', async ({ page }) => {
    const name = `Mobile App ${Date.now()}`;
    await page.goto('/console/clients');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('menuitem', { name: 'Create Client' }).click();
    await expect(page.getByRole('heading', { name: 'Choose Organization' })).toBeVisible();
    await page.getByLabel('Organization').selectOption({ label: 'ACME development team' });
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Version').fill('1 0');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByText('Use 1–64 letters, digits, dots, dashes and underscores')).toBeVisible();
    await page.getByLabel('Version').fill('1.0');
    await page.getByLabel('Description').fill('Our mobile app');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(
      page.getByText('Please confirm if you want to create the client with the following settings:'),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Back' }).click();
    await expect(page.getByLabel('Description')).toHaveValue('Our mobile app');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Create Client' }).click();

    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(status(page)).toHaveText('Created');
    await expect(page.getByLabel('API Key', { exact: true })).toHaveText(uuid);
    await page.getByRole('tab', { name: 'Contracts' }).click();
    await expect(
      page.getByRole('link', { name: 'Click here to create a new contract in the API Developer Portal' }),
    ).toBeVisible();
  });

  test('walks a registered client through the status dropdown, as the documentation describes', async ({ page }) => {
    test.slow(); // a long walk through many pages
    const name = `Walk ${Date.now()}`;
    await registeredClient(page, name);

    await page.getByRole('tab', { name: 'Policies' }).click();
    await page.getByRole('button', { name: 'Add Policy' }).click();
    await page.getByLabel('Policy type').selectOption({ label: 'Rate Limiting' });
    await page.getByLabel('Limit').fill('5');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(status(page)).toHaveText('Unpublished Changes');

    await chooseStatus(page, 'Re-register');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Re-register' }).click();
    await expect(status(page)).toHaveText('Registered');
    await expect(page.getByText(`${name} 1.0: Re-registered`)).toBeVisible();
    await chooseStatus(page, 'Unregister');
    await expect(status(page)).toHaveText('Retired');
    await chooseStatus(page, 'Re-register');
    await expect(status(page)).toHaveText('Registered');

    await chooseStatus(page, 'Retire');
    const dialog = page.getByRole('alertdialog');
    await expect(dialog).toContainText('1 active contract');
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await dialog.getByRole('link', { name: 'View Contracts' }).click();
    await expect(page.getByRole('tab', { name: 'Contracts' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('row').filter({ hasText: 'ACME Echo Test API' })).toContainText('Active');
    await chooseStatus(page, 'Retire');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Retire' }).click();
    await expect(status(page)).toHaveText('Retired');

    await page.getByRole('button', { name: 'New Version' }).click();
    await page.getByRole('dialog').getByLabel('Version').fill('2.0');
    await page.getByRole('button', { name: 'Create Version' }).click();
    await expect(page).toHaveURL(/\/2\.0$/);
    await expect(status(page)).toHaveText('Ready');
    const firstKey = await page.getByLabel('API Key', { exact: true }).textContent();

    await page.getByRole('button', { name: 'Rotate key' }).click();
    await page.getByLabel('Old key keeps working for').selectOption('24h');
    await page.getByRole('button', { name: 'Rotate', exact: true }).click();
    await expect(page.getByLabel('API Key', { exact: true })).not.toHaveText(firstKey ?? '');
    await expect(page.getByText(`Previous key ${firstKey} works until`)).toBeVisible();

    await page.getByRole('button', { name: 'Delete' }).click();
    const deletion = page.getByRole('alertdialog');
    await expect(deletion).toContainText('The versions 1.0 and 2.0 will be deleted');
    await deletion.getByRole('button', { name: 'Delete' }).click();
    await expect(page).toHaveURL(/\/console\/organizations\/acme-development-team\?tab=clients$/);
    await page.goto('/console/clients');
    await expect(page.getByRole('link', { name })).toHaveCount(0);
  });
});

test.describe('an Editor with Unpublished Changes', () => {
  signedInAs('editor');

  test('sees what Re-register would change at the gateway, confirms it, and the changes are gone', async ({ page }) => {
    await registeredClient(page, `Changes ${Date.now()}`);
    const panel = page.getByRole('region', { name: 'Changes since last registration' });
    await expect(panel).toHaveCount(0);

    await page.getByRole('tab', { name: 'Policies' }).click();
    await page.getByRole('button', { name: 'Add Policy' }).click();
    await page.getByLabel('Policy type').selectOption({ label: 'Rate Limiting' });
    await page.getByLabel('Limit').fill('5');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(status(page)).toHaveText('Unpublished Changes');
    const echo = panel.getByRole('listitem', { name: 'Changes for ACME Echo Test API 1.0' });
    await expect(echo).toContainText('Policy added: Rate Limiting at position 1');

    await chooseStatus(page, 'Re-register');
    const dialog = page.getByRole('alertdialog', { name: /^Re-register Changes/ });
    await expect(dialog).toContainText('Changes since last registration');
    await expect(dialog).toContainText('Policy added: Rate Limiting at position 1');
    await dialog.getByRole('button', { name: 'Re-register' }).click();
    await expect(status(page)).toHaveText('Registered');
    await expect(panel).toHaveCount(0);
  });
});

test.describe('a Viewer', () => {
  signedInAs('viewer');

  test('cannot open another organization’s client', async ({ page }) => {
    const response = await page.goto('/console/organizations/acme-development-team/clients/janes-client/1.0');
    expect(response?.status()).toBe(404);
  });
});

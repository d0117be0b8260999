import type { Browser, Page } from '@playwright/test';
import { storageStateOf } from '../../playwright.config';
import { expect, signUpWithNewClient, test } from '../fixtures';

// Two people, a sign-up and a console change: more than the default 30 s on a busy machine.
test.describe.configure({ timeout: 90_000 });

async function as(browser: Browser, profile: 'editor' | 'developer'): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStateOf(profile) });
  return context.newPage();
}

/** Presses Send test request until the answer shows `status` (the gateway follows within a second). */
async function expectTestRequest(page: Page, status: number) {
  const result = page.getByRole('status', { name: 'Test request result' });
  await expect(async () => {
    await page.getByRole('button', { name: 'Send test request' }).click();
    await expect(result).toContainText(`Status ${status}`, { timeout: 2_000 });
  }).toPass({ timeout: 15_000 });
}

test('a new sign-up answers 200 through the gateway, and 401 once the client is unregistered in the console', async ({
  browser,
}) => {
  const developer = await as(browser, 'developer');
  const clientName = `Gateway App ${Date.now()}`;
  await signUpWithNewClient(developer, 'Bronze', clientName);
  await expect(developer.getByRole('heading', { name: 'You are signed up' })).toBeVisible();
  await expectTestRequest(developer, 200);
  await expect(developer.getByRole('status', { name: 'Test request result' })).toContainText('"method": "GET"');

  const editor = await as(browser, 'editor');
  const slug = clientName.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  await editor.goto(`/console/organizations/acme-development-team/clients/${slug}/1.0`);
  await editor.getByRole('button', { name: /^Status:/ }).click();
  await editor.getByRole('menuitem', { name: 'Unregister', exact: true }).click();
  await expect(editor.getByLabel('Status', { exact: true })).toHaveText('Retired');

  await expectTestRequest(developer, 401);
  await expect(developer.getByRole('status', { name: 'Test request result' })).toContainText('api_key_invalid');
});

test('a developer rotates the key on their own client card; the new key answers through the gateway', async ({
  browser,
}) => {
  const developer = await as(browser, 'developer');
  const clientName = `Rotating App ${Date.now()}`;
  await signUpWithNewClient(developer, 'Bronze', clientName);
  await expect(developer.getByRole('heading', { name: 'You are signed up' })).toBeVisible();
  await developer.goto('/portal/my-clients');
  const card = developer.getByRole('article', { name: `${clientName} 1.0` });
  const oldKey = await card.getByLabel('API Key').textContent();
  await card.getByRole('button', { name: 'Rotate key' }).click();
  const dialog = developer.getByRole('dialog', { name: 'Rotate key' });
  await dialog.getByLabel('Old key keeps working for').selectOption('none');
  await dialog.getByRole('button', { name: 'Rotate' }).click();
  await expect(dialog).toBeHidden();
  await expect(card.getByLabel('API Key')).not.toHaveText(oldKey ?? '');
  await card.getByText('Use API').click();
  await expectTestRequest(developer, 200);
});

import type { Browser, Page } from '@playwright/test';
import { storageStateOf } from '../../playwright.config';
import { expect, signUpWithNewClient, test } from '../fixtures';
import { registerNewDeveloper } from '../people';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function as(browser: Browser, profile: 'editor' | 'developer'): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStateOf(profile) });
  return context.newPage();
}

test('a new person registers, signs up for Bronze with a new client and gets a working key', async ({ page }) => {
  await registerNewDeveloper(page, 'Sam Signup');

  const clientName = `Sams App ${Date.now()}`;
  await signUpWithNewClient(page, 'Bronze', clientName);
  await expect(page.getByRole('heading', { name: 'You are signed up' })).toBeVisible();
  await expect(page.getByLabel('API Key')).toHaveText(uuid);
  await expect(
    page.getByText(/curl -H "X-API-Key: [0-9a-f-]{36}" http.*\/gateway\/acme-support\/acme-echo-test-api\/1\.0$/),
  ).toBeVisible();
  await expect(page.getByText(/\?apikey=[0-9a-f-]{36}/)).toBeVisible();

  await page.getByRole('link', { name: 'My Clients', exact: true }).click();
  const card = page.getByRole('article', { name: `${clientName} 1.0` });
  await expect(card.getByText('Registered', { exact: true })).toBeVisible();
  await expect(card.getByText('ACME Echo Test API 1.0 · plan Bronze · Active')).toBeVisible();
});

test('a Gold sign-up waits for approval until an Editor approves it in the API’s Contracts tab', async ({
  browser,
}) => {
  const developer = await as(browser, 'developer');
  const clientName = `Gold App ${Date.now()}`;
  await signUpWithNewClient(developer, 'Gold', clientName);
  await expect(developer.getByRole('heading', { name: 'Your request awaits approval' })).toBeVisible();
  await expect(developer.getByText('The API key and endpoint come once the request is approved')).toBeVisible();
  await developer.goto('/portal/my-clients');
  await expect(
    developer.getByRole('article', { name: `${clientName} 1.0` }).getByText('Awaiting Approval', { exact: true }),
  ).toBeVisible();

  const editor = await as(browser, 'editor');
  await editor.goto('/console/organizations/acme-support/apis/acme-echo-test-api/1.0?tab=contracts');
  await editor.getByRole('checkbox', { name: `Select ${clientName} 1.0` }).check();
  await editor.getByRole('button', { name: 'Approve' }).click();
  await editor.getByRole('alertdialog').getByRole('button', { name: 'Approve' }).click();
  await expect(editor.getByRole('row').filter({ hasText: clientName })).toContainText('Active');

  await developer.reload();
  const card = developer.getByRole('article', { name: `${clientName} 1.0` });
  await expect(card.getByText('Registered', { exact: true })).toBeVisible();
  await expect(card.getByText('ACME Echo Test API 1.0 · plan Gold · Active')).toBeVisible();
});

test('an Editor rejects a sign-up request from the Approvals inbox, with a reason', async ({ browser }) => {
  const developer = await as(browser, 'developer');
  const clientName = `Rejected App ${Date.now()}`;
  await signUpWithNewClient(developer, 'Gold', clientName);
  await expect(developer.getByRole('heading', { name: 'Your request awaits approval' })).toBeVisible();

  const editor = await as(browser, 'editor');
  await editor.goto('/console/approvals');
  await editor.getByRole('checkbox', { name: `Select ${clientName} 1.0 for ACME Echo Test API 1.0` }).check();
  await editor.getByRole('button', { name: 'Reject' }).click();
  const dialog = editor.getByRole('alertdialog');
  await dialog.getByLabel('Reason (optional)').fill('Gold is for partners only');
  await dialog.getByRole('button', { name: 'Reject' }).click();
  // The open dialog hides the page from the accessibility tree: wait for it to close first.
  await expect(dialog).toBeHidden();
  await expect(editor.getByRole('row').filter({ hasText: clientName })).toHaveCount(0);

  await developer.goto('/portal/my-clients');
  const card = developer.getByRole('article', { name: `${clientName} 1.0` });
  await expect(card.getByText('Created', { exact: true })).toBeVisible();
  await expect(card.getByText('No contracts yet.')).toBeVisible();
});

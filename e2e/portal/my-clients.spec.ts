import { expect, signedInAs, signUpWithNewClient, test } from '../fixtures';
import { registerNewDeveloper } from '../people';

signedInAs('developer');

test('a retired client is re-registered from its card, and breaking its only contract offers to delete it', async ({
  page,
}) => {
  const name = `Card App ${Date.now()}`;
  await signUpWithNewClient(page, 'Bronze', name);
  await expect(page.getByRole('heading', { name: 'You are signed up' })).toBeVisible();

  await page.goto('/portal/my-clients');
  const card = page.getByRole('article', { name: `${name} 1.0` });
  await expect(card.getByText('Registered', { exact: true })).toBeVisible();
  await card.getByRole('button', { name: /^Status:/ }).click();
  await page.getByRole('menuitem', { name: 'Retire' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('1 active contract');
  await dialog.getByRole('button', { name: 'Retire' }).click();
  await expect(card.getByText('Retired', { exact: true })).toBeVisible();

  await card.getByRole('button', { name: /^Status:/ }).click();
  await expect(page.getByRole('menuitem')).toHaveText(['Re-register']);
  await page.getByRole('menuitem', { name: 'Re-register' }).click();
  await expect(card.getByText('Registered', { exact: true })).toBeVisible();

  const contract = card.getByRole('listitem', { name: 'Contract with ACME Echo Test API 1.0' });
  await contract.getByText('Use API').click();
  await expect(contract.getByText(/curl -H "X-API-Key: [0-9a-f-]{36}"/)).toBeVisible();
  await contract.getByRole('button', { name: 'Break contract' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Break contract' }).click();
  const offer = page.getByRole('alertdialog', { name: `Delete ${name} too?` });
  await expect(offer).toBeVisible();
  await offer.getByRole('button', { name: 'Delete client' }).click();
  await expect(offer).toBeHidden();
  await expect(card).toHaveCount(0);
});

test.describe('a newly registered developer', () => {
  // A person of the test's own: the demo developer's Gold sign-ups in other specs, running at the
  // same time, would add unread notifications between "Mark all as read" and the check.
  test.use({ storageState: { cookies: [], origins: [] } });

  test('is not notified of the sign-up request they made themselves', async ({ page }) => {
    await registerNewDeveloper(page, 'Nora Notified');
    await signUpWithNewClient(page, 'Gold', `Notified App ${Date.now()}`);
    await expect(page.getByRole('heading', { name: 'Your request awaits approval' })).toBeVisible();
    await page.goto('/portal');
    const nav = page.getByRole('navigation', { name: 'Developer Portal navigation' });
    await nav.getByRole('link', { name: /Notifications/ }).click();
    await expect(page.getByText('No unread notifications.')).toBeVisible();
    await expect(page.getByText(/Sign-up request: Notified App/)).toHaveCount(0);
  });
});

import { expect, signedInAs, test } from '../fixtures';

signedInAs('editor');

test('an access token is made on the Account page, shown once, and revoked', async ({ page }) => {
  const name = `CI ${Date.now()}`;
  await page.goto('/console');
  await page.getByRole('button', { name: 'Eddie Editor' }).click();
  await page.getByRole('menuitem', { name: 'Account' }).click();
  await expect(page.getByRole('heading', { name: 'Account', level: 1 })).toBeVisible();

  await page.getByLabel('Token name').fill(name);
  await page.getByRole('group', { name: 'Clients' }).getByRole('checkbox', { name: /^Read/ }).check();
  await page
    .getByRole('group', { name: 'API keys' })
    .getByRole('checkbox', { name: /^Rotate/ })
    .check();
  await expect(page.getByLabel('Expires in (days)')).toHaveValue('90');
  await page.getByRole('button', { name: 'Create token' }).click();

  const shown = page.getByRole('region', { name: 'New token' });
  await expect(shown).toContainText('it is not shown again');
  const value = shown.getByRole('textbox', { name: 'New token value' });
  await expect(value).toHaveValue(/^ptc_[0-9A-Za-z]{12}_[A-Za-z0-9_-]{43}$/);
  const token = await value.inputValue();
  await shown.getByRole('button', { name: 'Copy token' }).click();
  await expect(shown.getByRole('status')).toHaveText('Copied');
  await shown.getByRole('button', { name: 'Done' }).click();
  await expect(shown).toBeHidden();

  const tokens = page.getByRole('table', { name: 'Your access tokens' });
  const row = tokens.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('clients:read');
  await expect(row).toContainText('keys:rotate');
  await expect(row).toContainText('Never');
  // Once: neither the page nor a reload shows the secret again.
  await page.reload();
  await expect(row).toBeVisible();
  expect(await page.content()).not.toContain(token);

  await row.getByRole('button', { name: `Revoke ${name}` }).click();
  const dialog = page.getByRole('alertdialog', { name: `Revoke the token “${name}”?` });
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Revoke token' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('Revoked');
  await expect(row.getByRole('button', { name: `Revoke ${name}` })).toHaveCount(0);
});

import { expect, signedInAs, test } from '../fixtures';

signedInAs('developer');

test('a developer chooses a daily digest for contract decisions on the Account page', async ({ page }) => {
  await page.goto('/portal/account');
  const decisions = page.getByRole('group', { name: 'Contract decisions' });
  await expect(decisions.getByRole('radio', { name: 'Immediately' })).toBeChecked();
  await decisions.getByRole('radio', { name: 'Daily digest' }).check();
  await page.getByRole('button', { name: 'Save mail choices' }).click();
  await expect(page.getByText('Mail choices saved.')).toBeVisible();

  await page.reload();
  await expect(
    page.getByRole('group', { name: 'Contract decisions' }).getByRole('radio', { name: 'Daily digest' }),
  ).toBeChecked();
  await expect(
    page.getByRole('group', { name: 'API changes' }).getByRole('radio', { name: 'Immediately' }),
  ).toBeChecked();
});

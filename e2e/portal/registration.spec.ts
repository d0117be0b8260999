import { expect, test } from '../fixtures';

test('a new person registers and lands in the portal with a personal organization', async ({ page }) => {
  const email = `newdev-${Date.now()}@example.com`;
  await page.goto('/login');
  await page.getByRole('link', { name: 'Register' }).click();
  await expect(page).toHaveURL(/\/register$/);

  await page.getByLabel('Name').fill('Nina Newcomer');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Use at least 10 characters')).toBeVisible();
  await expect(page.getByLabel('Name')).toHaveValue('Nina Newcomer');

  await page.getByLabel('Password').fill('a-long-enough-password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.getByRole('banner').getByText('Nina Newcomer')).toBeVisible();

  // A developer profile: the console stays closed.
  await page.goto('/console/organizations');
  await expect(page).toHaveURL(/\/portal$/);
});

test('an email already registered gets the same answer as a new one, and no account', async ({ page }) => {
  await page.goto('/register');
  await page.getByLabel('Name').fill('Someone Else');
  await page.getByLabel('Email').fill('developer@example.com');
  await page.getByLabel('Password').fill('a-long-enough-password');
  await page.getByRole('button', { name: 'Create account' }).click();
  // Never "this email is taken" (SPEC §6): the address's owner is mailed instead.
  await expect(page.getByRole('status')).toHaveText(/Check your email to continue/);
  await expect(page).toHaveURL(/\/register$/);
});

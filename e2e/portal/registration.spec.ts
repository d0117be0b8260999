import { expect, test } from '../fixtures';
import { linkPath, latestMailTo } from '../mail';
import { confirmationSubject } from '../people';

test('a new person registers, confirms the address from the mail, signs in and has a personal organization', async ({
  page,
}) => {
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
  // The same answer as for an address that has an account (the test below).
  await expect(page.getByRole('status')).toHaveText(/Check your email to continue/);

  // Before the address is confirmed, signing in is refused as a wrong password is.
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a-long-enough-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The email or password is not correct.' })).toBeVisible();

  const link = linkPath(await latestMailTo(email, confirmationSubject), '/register/confirm');
  await page.goto(link);
  await expect(page.getByRole('status')).toHaveText(/Your address is confirmed/);
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a-long-enough-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.getByRole('banner').getByText('Nina Newcomer')).toBeVisible();

  // A developer profile: the console stays closed.
  await page.goto('/console/organizations');
  await expect(page).toHaveURL(/\/portal$/);

  // The link works once.
  await page.goto(link);
  await expect(page.getByRole('alert').filter({ hasText: 'This link was used already' })).toBeVisible();
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

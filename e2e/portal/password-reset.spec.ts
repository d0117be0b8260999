import { expect, signIn, test } from '../fixtures';
import { latestMailTo, linkPath } from '../mail';
import { confirmAndSignIn } from '../people';

test('a forgotten password is reset through a mailed link, once, ending the old sessions', async ({ browser }) => {
  const email = `reset-${Date.now()}@example.com`;
  // A person of their own, signed in in one browser: the session the reset must end.
  const before = await browser.newContext();
  const old = await before.newPage();
  await old.goto('/register');
  await old.getByLabel('Name').fill('Rita Reset');
  await old.getByLabel('Email').fill(email);
  await old.getByLabel('Password').fill('the first password');
  await old.getByRole('button', { name: 'Create account' }).click();
  await confirmAndSignIn(old, email, 'the first password');

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  // The sign-in page has an Email field too: type only once the reset page is there.
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status')).toHaveText(/If an account has this address, a link .* is on its way/);

  const path = linkPath(await latestMailTo(email, 'Reset your Portico password'), '/reset-password');

  await page.goto(path);
  await page.getByLabel('New password').fill('short');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByText('Use at least 10 characters')).toBeVisible();
  await page.getByLabel('New password').fill('the second password');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('status')).toContainText('Your password was changed');

  await old.goto('/portal');
  await expect(old).toHaveURL(/\/login/);

  await signIn(page, email, 'the second password');
  await expect(page).toHaveURL(/\/portal$/);

  await page.goto(path);
  await expect(page.getByText('This link was used already')).toBeVisible();
  await Promise.all([before.close(), context.close()]);
});

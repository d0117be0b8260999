import { expect, type Page } from '@playwright/test';
import { linkPath, latestMailTo } from './mail';

export const newDeveloperPassword = 'a-long-enough-password';

export const confirmationSubject = 'Confirm your email address for Portico';

/**
 * After a registration answered "Check your email": opens the confirmation link of the address's
 * mail, then signs in, landing in the portal.
 */
export async function confirmAndSignIn(page: Page, email: string, password = newDeveloperPassword): Promise<void> {
  const mail = await latestMailTo(email, confirmationSubject);
  await page.goto(linkPath(mail, '/register/confirm'));
  await expect(page.getByRole('status')).toHaveText(/Your address is confirmed/);
  await page.getByRole('link', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/portal$/);
}

/**
 * Registers a developer of the test's own through the portal, confirms the address from the mail
 * and leaves them signed in. Tests that
 * sign out (which ends every session of that person) or fail passwords on purpose use one, so the
 * demo people's saved sessions and sign-in counts stay untouched for the other specs.
 */
export async function registerNewDeveloper(
  page: Page,
  name = 'Tess Tempest',
): Promise<{ email: string; name: string }> {
  const email = `${name.toLowerCase().replace(/\s+/g, '.')}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
  await page.goto('/register');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(newDeveloperPassword);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('status')).toHaveText(/Check your email to continue/);
  await confirmAndSignIn(page, email);
  return { email, name };
}

/** Signs the person out through the header's user menu, which the person's name opens. */
export async function signOut(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
}

import { expect, type Page } from '@playwright/test';

export const newDeveloperPassword = 'a-long-enough-password';

/**
 * Registers a developer of the test's own through the portal and leaves them signed in. Tests that
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
  await expect(page).toHaveURL(/\/portal$/);
  return { email, name };
}

/** Signs the person out through the header's user menu, which the person's name opens. */
export async function signOut(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
}

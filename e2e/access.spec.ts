import { expect, test } from '@playwright/test';
import { demo, demoPassword, signIn } from './fixtures';
import { registerNewDeveloper } from './people';

const pages = [
  '/',
  '/console',
  '/console/organizations',
  '/console/clients',
  '/console/organizations/acme-development-team',
  '/console/organizations/acme-development-team/clients/devclient/1.0',
  '/portal',
  '/portal/marketplace',
  '/portal/my-clients',
];

test.describe('a signed-out visitor', () => {
  for (const path of pages) {
    test(`is sent to the sign-in page from ${path}`, async ({ page }) => {
      await page.goto(path);
      await expect(page).toHaveURL(/\/login(\?|$)/);
      await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
      await expect(page.getByText('DevClient')).toHaveCount(0);
    });
  }

  test('lands on the page asked for after signing in', async ({ page }) => {
    await page.goto('/console/clients');
    await expect(page).toHaveURL(/\/login/);
    await page.getByLabel('Email').fill(demo.editor.email);
    await page.getByLabel('Password').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/console\/clients$/);
    await expect(page.getByRole('heading', { name: 'Clients' })).toBeVisible();
  });
});

test('a wrong password signs nobody in', async ({ page }) => {
  await signIn(page, demo.admin.email, 'not-the-password');
  await expect(page.getByRole('alert').filter({ hasText: 'The email or password is not correct.' })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/console');
  await expect(page).toHaveURL(/\/login/);
});

test('an unknown email signs nobody in', async ({ page }) => {
  await signIn(page, 'nobody@example.com', demoPassword);
  await expect(page.getByRole('alert').filter({ hasText: 'The email or password is not correct.' })).toBeVisible();
});

test('a developer cannot open console pages', async ({ page }) => {
  await signIn(page, demo.developer.email, demoPassword);
  await expect(page).toHaveURL(/\/portal/);
  for (const path of [
    '/console',
    '/console/organizations',
    '/console/clients',
    '/console/organizations/acme-development-team/clients/devclient/1.0',
  ]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/portal$/);
    await expect(page.getByRole('navigation', { name: 'Developer Portal navigation' })).toBeVisible();
  }
});

// Signing out ends every session of the person, so this uses a person of its own.
test('signing out closes the session', async ({ page }) => {
  await registerNewDeveloper(page, 'Sigrid Signout');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/portal');
  await expect(page).toHaveURL(/\/login/);
});

import { expect, test } from '@playwright/test';
import { demo, demoPassword, signIn } from './fixtures';
import { registerNewDeveloper, signOut } from './people';

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

test('a developer gets no console page or action at any console URL, whatever it ends with', async ({ page }) => {
  test.slow(); // six URLs, each opened and posted to
  await signIn(page, demo.developer.email, demoPassword);
  await expect(page).toHaveURL(/\/portal/);
  const suffixed = [
    '/console/organizations/acme-development-team/plans/gold/1.js',
    '/console/organizations/acme-development-team/apis/x/1.css',
    '/console/clients.png',
    '/console/organizations/acme-development-team/favicon.ico',
    '/console/organizations/acme-development-team/_next/static/x.js',
    '/console/logo.svg',
  ];
  for (const path of suffixed) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/portal$/);
    await expect(page.getByRole('navigation', { name: 'Developer Portal navigation' })).toBeVisible();
    // A server action posted there is turned away before Next.js looks the action up.
    const response = await page.request.post(path, {
      headers: {
        'Next-Action': '7f00000000000000000000000000000000000000',
        'Content-Type': 'text/plain;charset=UTF-8',
      },
      data: '[]',
      maxRedirects: 0,
    });
    expect(response.status(), path).toBeGreaterThanOrEqual(300);
    expect(response.status(), path).toBeLessThan(400);
    expect(new URL(response.headers().location ?? '', page.url()).pathname, path).toBe('/portal');
  }
});

// Signing out ends every session of the person, so this uses a person of its own.
test('signing out closes the session', async ({ page }) => {
  const { name } = await registerNewDeveloper(page, 'Sigrid Signout');
  await signOut(page, name);
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/portal');
  await expect(page).toHaveURL(/\/login/);
});

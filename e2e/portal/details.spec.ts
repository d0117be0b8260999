import type { Page } from '@playwright/test';
import { demo, demoPassword, expect, hasReactProps, holdScripts, signedInAs, test } from '../fixtures';
import { confirmAndSignIn, newDeveloperPassword } from '../people';

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a person registers with the plain form, confirms the address and lands in the portal', async ({ page }) => {
    const email = `plain-form-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
    await page.goto('/register');
    await page.getByLabel('Name').fill('Noah Noscript');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    // The server's answer comes back as a page: the marked field, and what was typed kept.
    await expect(page.getByLabel('Password')).toHaveAccessibleDescription(/Use at least 10 characters/);
    await expect(page.getByLabel('Name')).toHaveValue('Noah Noscript');
    await expect(page.getByLabel('Email')).toHaveValue(email);

    await page.getByLabel('Password').fill(newDeveloperPassword);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('status')).toHaveText(/Check your email to continue/);
    await confirmAndSignIn(page, email);
    await expect(page.getByRole('banner').getByText('Noah Noscript')).toBeVisible();
  });

  test('a person signs in with the plain form; a wrong password is answered and the email kept', async ({ page }) => {
    const stranger = `nobody-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
    await page.goto('/login');
    await page.getByLabel('Email').fill(stranger);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'The email or password is not correct.' })).toBeVisible();
    await expect(page.getByLabel('Email')).toHaveValue(stranger);

    await page.getByLabel('Email').fill(demo.developer.email);
    await page.getByLabel('Password').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/portal$/);
    await expect(page.getByRole('banner').getByText(demo.developer.name)).toBeVisible();
  });
});

/** React has taken over the form once it hangs its own properties on the element. */
const hydrated = (page: Page) => hasReactProps(page.getByRole('button', { name: 'Sign in' }));

test('what is typed into sign-in before the scripts arrive is kept when the page becomes interactive', async ({
  page,
}) => {
  const release = await holdScripts(page);
  await page.goto('/login', { waitUntil: 'domcontentloaded' });
  await page.getByLabel('Email').fill(demo.developer.email);
  await page.getByLabel('Password').fill(demoPassword);
  expect(await hydrated(page)).toBe(false);
  await release();
  await expect.poll(() => hydrated(page)).toBe(true);
  await expect(page.getByLabel('Email')).toHaveValue(demo.developer.email);
  await expect(page.getByLabel('Password')).toHaveValue(demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/portal$/);
});

test.describe('a developer', () => {
  signedInAs('developer');

  test('finds Portico’s own 404 inside the portal, with the way back home', async ({ page }) => {
    const response = await page.goto('/portal/no-such-page');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Developer Portal navigation' })).toBeVisible();
    await page.getByRole('link', { name: 'Back to the Developer Portal home' }).click();
    await expect(page).toHaveURL(/\/portal$/);
  });

  test('skips past the header to the page with the first Tab', async ({ page }) => {
    await page.goto('/portal/marketplace');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('main')).toBeFocused();
  });
});

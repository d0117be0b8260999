import { expect, test, type Page } from '@playwright/test';
import { demoPassword, signIn } from '../fixtures';
import { withTableAway } from './database-faults';

async function signInAsAdmin(page: Page) {
  await signIn(page, 'admin@example.com', demoPassword);
  await expect(page).toHaveURL(/\/console(\/|$)/);
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'API Management navigation' });
const errorHeading = (page: Page) => page.getByRole('heading', { level: 1, name: 'This page could not be shown' });

test('a console page that fails to render shows Portico’s error page in the console, reached by a link or loaded afresh', async ({
  page,
}) => {
  await signInAsAdmin(page);
  await page.goto('/console');
  await withTableAway('plans', async () => {
    // Reached from the navigation: a client-side render.
    await nav(page).getByRole('link', { name: 'Plans' }).click();
    await expect(errorHeading(page)).toBeVisible();
    await expect(errorHeading(page)).toBeFocused();
    await expect(nav(page)).toBeVisible();
    await page.screenshot({ path: '/tmp/portico-error-console-link.png' });

    // Loaded afresh: the server's answer (500) arrives whole, and it is the same page.
    const response = await page.goto('/console/plans');
    expect(response?.status()).toBe(500);
    await expect(errorHeading(page)).toBeVisible();
    await expect(nav(page).getByRole('link', { name: 'Plans' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Back to API Management home' })).toBeVisible();
    await page.screenshot({ path: '/tmp/portico-error-console-load.png', fullPage: true });
  });
  // With the fault gone, Try again shows the page in place.
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Plans' })).toBeVisible();

  await withTableAway('plans', async () => {
    await page.goto('/console/plans');
    await expect(errorHeading(page)).toBeVisible();
  });
  await page.getByRole('link', { name: 'Back to API Management home' }).click();
  await expect(page).toHaveURL(/\/console$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Ada Admin' })).toBeVisible();
});

test('when even the header cannot be shown, Portico’s own page offers Try again and the way home', async ({ page }) => {
  await signInAsAdmin(page);
  await withTableAway('notifications', async () => {
    await page.goto('/portal/marketplace');
    await expect(errorHeading(page)).toBeVisible();
    await expect(page.getByText('Portico', { exact: true })).toBeVisible();
    await page.screenshot({ path: '/tmp/portico-error-global.png' });
  });
  await page.getByRole('link', { name: 'Go to Portico’s home page' }).click();
  await expect(page.getByRole('banner').getByText('Ada Admin')).toBeVisible();
});

test('a portal page that fails to render shows Portico’s error page in the portal, with the way to its home', async ({
  page,
}) => {
  await signInAsAdmin(page);
  await page.goto('/portal');
  const portalNav = page.getByRole('navigation', { name: 'Developer Portal navigation' });
  await withTableAway('clients', async () => {
    await portalNav.getByRole('link', { name: 'My Clients' }).click();
    await expect(errorHeading(page)).toBeVisible();
    await expect(portalNav).toBeVisible();
  });
  await page.getByRole('link', { name: 'Back to the Developer Portal home' }).click();
  await expect(page).toHaveURL(/\/portal$/);
  await expect(errorHeading(page)).toHaveCount(0);
});

import type { Locator, Page } from '@playwright/test';
import { storageStateOf } from '../../playwright.config';
import { expect, signedInAs, signUpWithNewClient, test } from '../fixtures';

signedInAs('editor');

const nav = (page: Page) => page.getByRole('navigation', { name: 'API Management navigation' });

/** The vertical centre of each element, rounded: elements on one row share it. */
async function rowsOf(items: Locator[]): Promise<number[]> {
  return Promise.all(
    items.map(async (item) => {
      const box = await item.boundingBox();
      if (!box) throw new Error('element not shown');
      return Math.round(box.y + box.height / 2);
    }),
  );
}

test('from 1280 px every navigation link, Notifications with its unread count included, shares one row with the signed-in person', async ({
  page,
  browser,
}, testInfo) => {
  // The widest header: the editor's longer profile label, and an unread count beside Notifications
  // (a Gold sign-up request notifies the Editors of ACME Support).
  const developer = await browser.newContext({ storageState: storageStateOf('developer') });
  const developerPage = await developer.newPage();
  await signUpWithNewClient(developerPage, 'Gold', `Header App ${Date.now()}`);
  await expect(developerPage.getByRole('heading', { name: 'Your request awaits approval' })).toBeVisible();
  await developer.close();

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/console/clients');
  await expect(nav(page).getByLabel(/unread$/)).toBeVisible();
  const links = await nav(page).getByRole('link').all();
  expect(links).toHaveLength(6);
  await expect(links[5]).toHaveText(/^Notifications/);
  // The signed-in person is one user-menu button (Sign out inside it), so the row holds any name.
  const rows = await rowsOf([...links, page.getByRole('button', { name: 'Eddie Editor' })]);
  expect(new Set(rows).size, `rows at ${rows.join(', ')}`).toBe(1);
  await expect(page.getByRole('button', { name: 'Menu' })).toBeHidden();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  // For a person to look at, not asserted: the header as it is drawn.
  await page.screenshot({ path: testInfo.outputPath('console-header-1280.png') });
});

test('the user menu names the person and their profile and offers Sign out', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/console');
  await page.getByRole('button', { name: 'Eddie Editor' }).click();
  const menu = page.getByRole('menu');
  await expect(menu).toContainText('editor@example.com');
  await expect(menu).toContainText('API management user');
  await expect(menu.getByRole('menuitem', { name: 'Sign out' })).toBeVisible();
});

test('the navigation marks the section a page belongs to, not the organization it lives under', async ({ page }) => {
  await page.goto('/console/organizations/acme-development-team/clients/devclient/1.0');
  await expect(nav(page).getByRole('link', { name: 'Clients' })).toHaveAttribute('aria-current', 'page');
  await expect(nav(page).getByRole('link', { name: 'Organizations' })).not.toHaveAttribute('aria-current', 'page');
});

test('below 1280 px the navigation folds into a Menu, and following a link closes it', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 800 });
  await page.goto('/console/clients');
  await expect(nav(page)).toBeHidden();
  const menu = page.getByRole('button', { name: 'Menu' });
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await nav(page).getByRole('link', { name: 'Plans' }).click();
  await expect(page).toHaveURL(/\/console\/plans$/);
  await expect(nav(page)).toBeHidden();
});

test('page titles say where you are', async ({ page }) => {
  await page.goto('/console/organizations/acme-development-team/clients/devclient/1.0');
  await expect(page).toHaveTitle('DevClient 1.0 · Clients · Portico');
  await page.goto('/console/clients');
  await expect(page).toHaveTitle('Clients · Portico');
});

import type { Locator } from '@playwright/test';
import { expect, test } from '../fixtures';
import { registerNewDeveloper } from '../people';

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

test('at 1280 px a very long name keeps the header one row: cut short on the button, whole in its name and menu', async ({
  page,
}, testInfo) => {
  const name = `Maximiliana Konstantinopoulou-Wolfeschlegelsteinhausen ${Date.now()}`;
  await registerNewDeveloper(page, name);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/portal/marketplace');

  const nav = page.getByRole('navigation', { name: 'Developer Portal navigation' });
  const links = await nav.getByRole('link').all();
  expect(links.length).toBeGreaterThan(0);
  // The whole name is the button's accessible name (and its tooltip); only its look is cut short.
  const person = page.getByRole('banner').getByRole('button', { name });
  await expect(person).toHaveAttribute('title', `${name} (Developer)`);
  const rows = await rowsOf([...links, person]);
  expect(new Set(rows).size, `rows at ${rows.join(', ')}`).toBe(1);
  const shown = person.getByText(name, { exact: true });
  expect(await shown.evaluate((el) => getComputedStyle(el).textOverflow)).toBe('ellipsis');
  expect(await shown.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  // For a person to look at, not asserted: the header as it is drawn.
  await page.screenshot({ path: testInfo.outputPath('portal-header-1280-long-name.png') });

  await person.click();
  await expect(page.getByRole('menu')).toContainText(name);
  await expect(page.getByRole('menu').getByRole('menuitem', { name: 'Sign out' })).toBeVisible();
});

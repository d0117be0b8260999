import { expect, signedInAs, test } from '../fixtures';

test.describe('the editor', () => {
  signedInAs('editor');

  const taken = [
    { noun: 'API', org: 'acme-support', name: 'acme echo test api', says: 'An API with this name already exists' },
    { noun: 'Client', org: 'acme-development-team', name: 'DEVCLIENT', says: 'A client with this name already exists' },
    { noun: 'Plan', org: 'acme-support', name: 'gold', says: 'A plan with this name already exists' },
  ] as const;

  for (const { noun, org, name, says } of taken) {
    test(`hears at Configure Details that the ${noun.toLowerCase()} name is taken, before Summary`, async ({
      page,
    }) => {
      await page.goto(`/console/create/${noun.toLowerCase()}?org=${org}`);
      await expect(page.getByRole('heading', { name: 'Choose Organization' })).toBeVisible();
      await page.getByRole('button', { name: 'Next' }).click();
      // Focus moves to the new step's heading.
      await expect(page.getByRole('heading', { name: 'Configure Details' })).toBeFocused();
      await page.getByLabel('Name').fill(name);
      await page.getByLabel('Version').fill('1.0');
      await page.getByLabel('Description').fill('Typed before the check');
      await page.getByRole('button', { name: 'Next' }).click();

      const nameField = page.getByLabel('Name');
      await expect(nameField).toHaveAccessibleDescription(new RegExp(`${says} in this organization`));
      await expect(nameField).toBeFocused();
      await expect(page.getByRole('heading', { name: 'Configure Details' })).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Summary' })).toHaveCount(0);

      // A free name moves on, and nothing typed was lost on the way.
      const free = `${name} ${Date.now()}`;
      await nameField.fill(free);
      await page.getByRole('button', { name: 'Next' }).click();
      await expect(page.getByRole('heading', { name: 'Summary' })).toBeFocused();
      await expect(page.getByText(free, { exact: true })).toBeVisible();
      await expect(page.getByText('Typed before the check', { exact: true })).toBeVisible();
      await page.getByRole('button', { name: 'Back' }).click();
      await expect(page.getByLabel('Name')).toHaveValue(free);
      await expect(page.getByLabel('Description')).toHaveValue('Typed before the check');
    });
  }

  test('skips past the header to the page with the first Tab', async ({ page }) => {
    await page.goto('/console/organizations');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('main')).toBeFocused();
    // The next Tab lands inside the page, not back in the navigation.
    await page.keyboard.press('Tab');
    await expect(page.getByRole('navigation', { name: 'API Management navigation' }).locator(':focus')).toHaveCount(0);
  });

  test('finds Portico’s own 404 inside the console, with the way back home', async ({ page }) => {
    for (const path of ['/console/no-such-page', '/console/organizations/no-such-organization']) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
      await expect(page.getByRole('navigation', { name: 'API Management navigation' })).toBeVisible();
    }
    await page.getByRole('link', { name: 'Back to API Management home' }).click();
    await expect(page).toHaveURL(/\/console$/);
  });
});

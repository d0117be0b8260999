import { expect, hasReactProps, holdScripts, signedInAs, test } from '../fixtures';

/*
 * Issue 29 §6: the creation wizards work as plain forms before (or without) their scripts. Each
 * button posts the step; the page comes back at the next step, or at the field in error, with
 * every answer kept; Create makes the entity and leads to it.
 */
test.describe('the editor without JavaScript', () => {
  signedInAs('editor');
  test.use({ javaScriptEnabled: false });

  const kinds = [
    { noun: 'API', org: 'ACME Support', taken: 'acme echo test api', says: 'An API with this name already exists' },
    {
      noun: 'Client',
      org: 'ACME development team',
      taken: 'DEVCLIENT',
      says: 'A client with this name already exists',
    },
    { noun: 'Plan', org: 'ACME Support', taken: 'gold', says: 'A plan with this name already exists' },
  ] as const;

  for (const { noun, org, taken, says } of kinds) {
    test(`creates ${noun === 'API' ? 'an' : 'a'} ${noun} through every step, hearing of a taken name at Configure Details`, async ({
      page,
    }) => {
      const name = `Plain ${noun} ${Date.now()}`;
      await page.goto(`/console/create/${noun.toLowerCase()}`);
      await expect(page.getByRole('heading', { name: 'Choose Organization' })).toBeVisible();
      await page.getByLabel('Organization').selectOption({ label: org });
      await page.getByRole('button', { name: 'Next' }).click();

      const details = page.getByRole('heading', { name: 'Configure Details' });
      await expect(details).toBeVisible();
      await expect(details).toBeFocused();
      await page.getByLabel('Name').fill(taken);
      await page.getByLabel('Version').fill('1.0');
      await page.getByLabel('Description').fill('Typed without scripts');
      await page.getByRole('button', { name: 'Next' }).click();

      // The server's answer: still Configure Details, the name marked and focused, nothing lost.
      const nameField = page.getByLabel('Name');
      await expect(nameField).toHaveAccessibleDescription(new RegExp(`${says} in this organization`));
      await expect(nameField).toBeFocused();
      await expect(page.getByRole('heading', { name: 'Summary' })).toHaveCount(0);
      await expect(page.getByLabel('Version')).toHaveValue('1.0');
      await expect(page.getByLabel('Description')).toHaveValue('Typed without scripts');

      await nameField.fill(name);
      await page.getByRole('button', { name: 'Next' }).click();
      await expect(page.getByRole('heading', { name: 'Summary' })).toBeFocused();
      await expect(page.getByRole('definition')).toHaveText([org, name, '1.0', 'Typed without scripts']);

      await page.getByRole('button', { name: 'Back' }).click();
      await expect(page.getByLabel('Name')).toHaveValue(name);
      await expect(page.getByLabel('Description')).toHaveValue('Typed without scripts');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('button', { name: `Create ${noun}` }).click();

      await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
      await expect(page).toHaveURL(/\/console\/organizations\/[^/]+\/(apis|clients|plans)\/[^/]+\/1\.0$/);
    });
  }

  test('creates an organization through every step; a missing name is marked', async ({ page }) => {
    const name = `Plain Organization ${Date.now()}`;
    await page.goto('/console/create/organization');
    await page.getByLabel('Description').fill('Made without scripts');
    await page.getByRole('button', { name: 'Next' }).click();
    const nameField = page.getByLabel('Name');
    await expect(nameField).toHaveAccessibleDescription(/Enter a name/);
    await expect(nameField).toBeFocused();
    await expect(page.getByLabel('Description')).toHaveValue('Made without scripts');

    await nameField.fill(name);
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByRole('heading', { name: 'Summary' })).toBeFocused();
    await expect(page.getByRole('definition')).toHaveText([name, 'Made without scripts']);
    await page.getByRole('button', { name: 'Create Organization' }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  });

  test('leaves a wizard with Cancel', async ({ page }) => {
    await page.goto('/console/create/plan');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page).toHaveURL(/\/console\/plans$/);
  });
});

test.describe('the editor while the page loads', () => {
  signedInAs('editor');

  test('a step posted and answers typed before the scripts arrive are kept when the wizard becomes interactive', async ({
    page,
  }) => {
    const name = `Early Client ${Date.now()}`;
    const release = await holdScripts(page);
    await page.goto('/console/create/client?org=acme-development-team', { waitUntil: 'domcontentloaded' });
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByRole('heading', { name: 'Configure Details' })).toBeVisible();
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Version').fill('1.0');
    const next = page.getByRole('button', { name: 'Next' });
    expect(await hasReactProps(next)).toBe(false);

    await release();
    await expect.poll(() => hasReactProps(next)).toBe(true);
    await expect(page.getByLabel('Name')).toHaveValue(name);
    await expect(page.getByLabel('Version')).toHaveValue('1.0');
    await next.click();
    await expect(page.getByRole('heading', { name: 'Summary' })).toBeFocused();
    await page.getByRole('button', { name: 'Create Client' }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  });
});

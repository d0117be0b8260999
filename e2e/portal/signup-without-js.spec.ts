import type { Page } from '@playwright/test';
import { expect, hasReactProps, holdScripts, signedInAs, test } from '../fixtures';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function openBronzeSignUp(page: Page) {
  await page.goto('/portal/apis/acme-support/acme-echo-test-api');
  await page.getByRole('article', { name: 'Plan Bronze' }).getByRole('link', { name: 'Sign Up' }).click();
  await expect(page.getByRole('heading', { name: 'Client', exact: true })).toBeVisible();
}

/*
 * Issue 29 §6: the sign-up wizard works as a plain form before (or without) its scripts: Create,
 * Next and Confirm post the step and the page comes back with every answer.
 */
test.describe('a developer without JavaScript', () => {
  signedInAs('developer');
  test.use({ javaScriptEnabled: false });

  test('creates a client in the wizard, signs up for Bronze and gets the key', async ({ page }) => {
    const name = `Plain Signup ${Date.now()}`;
    await openBronzeSignUp(page);
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByText('Choose a client, or type a name and choose Create')).toBeVisible();

    await page.getByLabel('Search or create').fill(name);
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: `Created ${name} 1.0 and chose it for this sign-up.` }),
    ).toBeVisible();
    await expect(page.getByRole('radio', { name: `${name} 1.0` })).toBeChecked();
    await expect(page.getByLabel('Search or create')).toHaveValue(name);

    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByRole('heading', { name: 'Summary' })).toBeFocused();
    await expect(page.getByRole('definition').filter({ hasText: `${name} 1.0` })).toBeVisible();
    await page.getByRole('button', { name: 'Confirm' }).click();

    await expect(page.getByRole('heading', { name: 'You are signed up' })).toBeVisible();
    await expect(page.getByLabel('API Key')).toHaveText(uuid);
  });

  test('Enter in Search or create creates the client typed, as the hint says', async ({ page }) => {
    const name = `Plain Enter ${Date.now()}`;
    await openBronzeSignUp(page);
    await page.getByLabel('Search or create').fill(name);
    await page.getByLabel('Search or create').press('Enter');
    await expect(
      page.getByRole('status').filter({ hasText: `Created ${name} 1.0 and chose it for this sign-up.` }),
    ).toBeVisible();
    await expect(page.getByRole('radio', { name: `${name} 1.0` })).toBeChecked();
  });
});

test.describe('a developer while the page loads', () => {
  signedInAs('developer');

  test('what is typed into Search or create before the scripts arrive is kept and used', async ({ page }) => {
    const name = `Early Signup ${Date.now()}`;
    await page.goto('/portal/apis/acme-support/acme-echo-test-api');
    const signUp = page.getByRole('article', { name: 'Plan Bronze' }).getByRole('link', { name: 'Sign Up' });
    const href = await signUp.getAttribute('href');
    if (!href) throw new Error('the Sign Up link has no address');
    const release = await holdScripts(page);
    await page.goto(href, { waitUntil: 'domcontentloaded' });
    await page.getByLabel('Search or create').fill(name);
    const create = page.getByRole('button', { name: 'Create' });
    expect(await hasReactProps(create)).toBe(false);

    await release();
    await expect.poll(() => hasReactProps(create)).toBe(true);
    await expect(page.getByLabel('Search or create')).toHaveValue(name);
    await create.click();
    await expect(page.getByRole('radio', { name: `${name} 1.0` })).toBeChecked();
  });
});

import { expect, test, type Page } from '@playwright/test';
import { demoPassword, signIn } from '../fixtures';
import { cutDatabase, restoreDatabase } from './database';

const sentence = 'Portico cannot reach its database right now; it retries by itself.';
const orgPage = '/console/organizations/acme-support';

test.afterEach(async () => {
  await restoreDatabase();
});

async function signInAsAdmin(page: Page) {
  await signIn(page, 'admin@example.com', demoPassword);
  await expect(page).toHaveURL(/\/console(\/|$)/);
}

test('a description edited while the database is out keeps its text and saves once it is back', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto(orgPage);
  const shown = page.getByRole('group', { name: 'Organization description' });
  const description = page.getByRole('textbox', { name: 'Organization description' });
  const save = page.getByRole('button', { name: 'Save', exact: true });
  await shown.getByRole('button', { name: 'Edit' }).click();
  await description.fill('Saved before the outage');
  await save.click();
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();

  await cutDatabase();
  await shown.getByRole('button', { name: 'Edit' }).click();
  await description.fill('Typed during the outage');
  await save.click();
  await expect(page.getByText(sentence)).toBeVisible();
  await expect(description).toHaveValue('Typed during the outage');

  // Pages answer the 503 page (not Next's error page) while the database is out.
  const during = await page.request.get(orgPage);
  expect(during.status()).toBe(503);
  expect(during.headers()['retry-after']).toMatch(/^\d+$/);
  expect(await during.text()).toContain(sentence);
  const ready = await page.request.get('/api/ready');
  expect(ready.status()).toBe(503);

  await restoreDatabase();
  const restored = Date.now();
  await expect.poll(async () => (await page.request.get(orgPage)).status(), { timeout: 2_000 }).toBe(200);
  expect(Date.now() - restored).toBeLessThan(2_000);

  await description.fill('Typed during the outage, saved after');
  await save.click();
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('group', { name: 'Organization description' })).toContainText(
    'Typed during the outage, saved after',
  );
});

test('signing in while the database is out says the service is unavailable, not a wrong password', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill('admin@example.com');
  await page.getByLabel('Password').fill(demoPassword);
  await cutDatabase();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(`Sign-in is unavailable right now. ${sentence}`)).toBeVisible();
  await expect(page.getByText('The email or password is not correct.')).toHaveCount(0);

  await restoreDatabase();
  await expect.poll(async () => (await page.request.get('/api/ready')).status(), { timeout: 2_000 }).toBe(200);
  // The email is kept; the password is never sent back into the form, so it is typed again.
  await expect(page.getByLabel('Email')).toHaveValue('admin@example.com');
  await page.getByLabel('Password').fill(demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/console(\/|$)/);
});

test('a page opened during the outage is the Portico 503 page, and it comes back by itself', async ({ page }) => {
  await signInAsAdmin(page);
  await cutDatabase();
  const response = await page.goto('/console');
  expect(response?.status()).toBe(503);
  await expect(page.getByRole('alert')).toHaveText(sentence);
  await restoreDatabase();
  await expect(page.getByRole('banner').getByText('Ada Admin')).toBeVisible({ timeout: 15_000 });
});

import type { Browser } from '@playwright/test';
import { storageStateOf } from '../../playwright.config';
import { expect, signedInAs, signUpWithNewClient, test } from '../fixtures';

signedInAs('editor');

// Each test first signs a developer up through the portal's wizard: slow on a loaded machine.
test.slow();

/** A developer's Gold sign-up for a new client: a request ACME Support's Editors decide. */
async function goldRequest(browser: Browser, prefix: string): Promise<string> {
  const developer = await browser.newContext({ storageState: storageStateOf('developer') });
  const page = await developer.newPage();
  const clientName = `${prefix} ${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  await signUpWithNewClient(page, 'Gold', clientName);
  await expect(page.getByRole('heading', { name: 'Your request awaits approval' })).toBeVisible();
  await developer.close();
  return `${clientName} 1.0 for ACME Echo Test API 1.0`;
}

test('the console home shows a request the editor may decide and approves it in place', async ({ page, browser }) => {
  const request = await goldRequest(browser, 'Home App');
  await page.goto('/console');
  const approvals = page.getByRole('region', { name: 'Latest requests awaiting your decision' });
  await approvals.getByRole('button', { name: `Approve ${request}` }).click();
  await expect(page.getByText(`${request} approved`)).toBeVisible();
  await expect(approvals.getByRole('button', { name: `Approve ${request}` })).toHaveCount(0);
  await expect(page).toHaveURL(/\/console$/);
  for (const name of ['Clients by status', 'Gateway traffic, last 24 hours', 'Latest changes'])
    await expect(page.getByRole('region', { name })).toBeVisible();
});

test('a sign-up notification opens Approvals with its request marked, approved in one click', async ({
  page,
  browser,
}) => {
  const request = await goldRequest(browser, 'Notified App');
  await page.goto('/console/notifications');
  await page.getByRole('link', { name: new RegExp(`^Sign-up request: ${request.split(' for ')[0]} for`) }).click();
  await expect(page).toHaveURL(/\/console\/approvals\?request=\d+$/);
  const row = page.getByRole('row').filter({ hasText: request.split(' for ')[0] });
  await expect(row).toHaveAttribute('aria-current', 'true');
  await row.getByRole('button', { name: `Approve ${request}` }).click();
  await expect(page.getByText(`${request} approved`)).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: request.split(' for ')[0] })).toHaveCount(0);
});

test('Approvals in the navigation counts the requests the reader may decide', async ({ page, browser }) => {
  await goldRequest(browser, 'Counted App');
  await page.goto('/console/clients');
  const approvals = page
    .getByRole('navigation', { name: 'API Management navigation' })
    .getByRole('link', { name: /^Approvals/ });
  await expect(approvals.getByLabel(/pending$/)).toBeVisible();
});

test.describe('as a viewer, who decides nothing', () => {
  signedInAs('viewer');

  test('Approvals shows no count and the home no request to decide', async ({ page }) => {
    await page.goto('/console');
    await expect(
      page
        .getByRole('region', { name: 'Latest requests awaiting your decision' })
        .getByText('No requests are waiting for your decision.'),
    ).toBeVisible();
    await expect(
      page.getByRole('navigation', { name: 'API Management navigation' }).getByLabel(/pending$/),
    ).toHaveCount(0);
  });
});

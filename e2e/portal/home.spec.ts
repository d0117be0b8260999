import type { Browser, Page } from '@playwright/test';
import { storageStateOf } from '../../playwright.config';
import { expect, signedInAs, signUpWithNewClient, test } from '../fixtures';
import { registerNewDeveloper } from '../people';

async function as(browser: Browser, profile: 'editor' | 'developer'): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStateOf(profile) });
  return context.newPage();
}

test.describe('the portal home', () => {
  test('a newcomer gets Getting started; once signed up, their client at a glance with its status and key', async ({
    page,
  }) => {
    await registerNewDeveloper(page, 'Hana Home');
    const started = page.getByRole('region', { name: 'Getting started' });
    await expect(started.getByRole('listitem')).toHaveText([
      /Step 1\s*Find an API/,
      /Step 2\s*Sign up with a client/,
      /Step 3\s*Call it with the key/,
    ]);
    await expect(page.getByRole('heading', { name: 'Your clients' })).toHaveCount(0);
    await expect(
      page.getByRole('region', { name: 'Featured APIs' }).getByRole('article', { name: 'ACME Public Echo' }),
    ).toBeVisible();
    // Other specs publish APIs meanwhile: the newest are theirs as often as the demo's.
    await expect(page.getByRole('list', { name: 'Recently updated APIs' }).getByRole('link').first()).toBeVisible();

    const clientName = `Home App ${Date.now()}`;
    await signUpWithNewClient(page, 'Bronze', clientName);
    await expect(page.getByRole('heading', { name: 'You are signed up' })).toBeVisible();
    await page.getByRole('link', { name: 'Home' }).click();
    const mine = page.getByRole('list', { name: 'Your clients' }).getByRole('listitem', { name: `${clientName} 1.0` });
    await expect(mine.getByText('Registered', { exact: true })).toBeVisible();
    await expect(mine.getByText('1 contract')).toBeVisible();
    await mine.getByRole('button', { name: `Copy API key of ${clientName} 1.0` }).click();
    await expect(mine.getByRole('status')).toHaveText('Copied');
    await mine.getByRole('link', { name: `${clientName} 1.0` }).click();
    await expect(page).toHaveURL(/\/portal\/my-clients\?q=.*#client-\d+$/);
    await expect(page.getByRole('article', { name: `${clientName} 1.0` })).toBeVisible();
  });
});

test.describe('the marketplace', () => {
  signedInAs('developer');

  test('filters by tag chip, says what to do when nothing matches, and clears the search', async ({ page }) => {
    await page.goto('/portal/marketplace');
    const chips = page.getByRole('navigation', { name: 'Filter by tag' });
    await expect(chips.getByRole('link', { name: 'All' })).toHaveAttribute('aria-current', 'page');
    await chips.getByRole('link', { name: 'public', exact: true }).click();
    await expect(page).toHaveURL(/tag=public/);
    await expect(chips.getByRole('link', { name: 'public', exact: true })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByText(/^\d+ APIs? tagged public$/)).toBeVisible();
    await expect(page.getByRole('article', { name: 'ACME Public Echo' })).toBeVisible();
    await expect(page.getByRole('article', { name: 'ACME Echo Test API' })).toHaveCount(0);

    const nonsense = `nothing-like-${Date.now()}`;
    await page.getByRole('searchbox', { name: 'Search' }).fill(nonsense);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.getByText(`0 APIs match “${nonsense}” tagged public`)).toBeVisible();
    await expect(page.getByRole('heading', { name: 'No APIs found' })).toBeVisible();
    await expect(page.getByText(/clear the search to see every API/)).toBeVisible();

    await page.getByRole('link', { name: 'Clear search' }).click();
    await expect(page).toHaveURL(/\/portal\/marketplace$/);
    await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue('');
    await expect(page.getByRole('article', { name: 'ACME Echo Test API' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Clear search' })).toHaveCount(0);
  });
});

test.describe('a public API page', () => {
  signedInAs('developer');

  test('shows the echo’s documentation and sends a test request without a key', async ({ page }) => {
    await page.goto('/portal/apis/acme-support/acme-public-echo');
    await expect(page.getByText('Echo a GET on any path')).toBeVisible();
    await page.getByRole('button', { name: 'Send test request' }).click();
    const result = page.getByRole('status', { name: 'Test request result' });
    await expect(result).toContainText('Status 200');
    await expect(result).toContainText('"method": "GET"');
    await expect(result).not.toContainText('x-api-key');
  });
});

test.describe('notifications', () => {
  test('each reader gets their own text; opening one marks it read and leads to their own area', async ({
    browser,
  }) => {
    test.setTimeout(180_000); // two sign-ups, an approval and pages in both areas on a shared machine
    const developer = await as(browser, 'developer');
    const editor = await as(browser, 'editor');
    const requested = `Asked App ${Date.now()}`;
    await signUpWithNewClient(developer, 'Gold', requested);
    await expect(developer.getByRole('heading', { name: 'Your request awaits approval' })).toBeVisible();

    // The approver is asked to decide; the "key works once approved" text is the client team's.
    await editor.goto('/console/notifications');
    const request = editor.getByRole('listitem').filter({ hasText: `Sign-up request: ${requested} 1.0` });
    await expect(request).toContainText('Approve or reject it in Approvals.');
    await expect(request).not.toContainText('once the request is approved');
    // The requester is not told of their own request.
    await developer.goto('/portal/notifications');
    await expect(developer.getByText(`Sign-up request: ${requested} 1.0`)).toHaveCount(0);

    await editor.goto('/console/approvals');
    await editor.getByRole('checkbox', { name: `Select ${requested} 1.0 for ACME Echo Test API 1.0` }).check();
    await editor.getByRole('button', { name: 'Approve', exact: true }).click();
    await editor.getByRole('alertdialog').getByRole('button', { name: 'Approve' }).click();
    await expect(editor.getByRole('alertdialog')).toBeHidden();

    // The developer opens theirs: marked read, and it leads to the client's card in the portal.
    await developer.goto('/portal/notifications');
    const approved = developer.getByRole('listitem').filter({ hasText: `Approved: ${requested} 1.0` });
    await expect(approved.getByText('Unread', { exact: true })).toBeVisible();
    await approved.getByRole('link', { name: `Approved: ${requested} 1.0 for ACME Echo Test API 1.0` }).click();
    await expect(developer).toHaveURL(/\/portal\/my-clients\?q=.*#client-\d+$/);
    await expect(developer.getByRole('article', { name: `${requested} 1.0` })).toBeVisible();
    await developer.goto('/portal/notifications');
    await expect(approved.getByText('Unread', { exact: true })).toHaveCount(0);
    await expect(approved.getByRole('button', { name: 'Mark as read' })).toHaveCount(0);

    // A console user's link about a client opens the console client page.
    const registered = `Bronze App ${Date.now()}`;
    await signUpWithNewClient(developer, 'Bronze', registered);
    await expect(developer.getByRole('heading', { name: 'You are signed up' })).toBeVisible();
    await editor.goto('/console/notifications');
    await editor.getByRole('link', { name: `${registered} 1.0 is registered` }).click();
    await expect(editor).toHaveURL(/\/console\/organizations\/acme-development-team\/clients\/[^/]+\/1\.0$/);
    await expect(editor.getByRole('heading', { name: new RegExp(registered) }).first()).toBeVisible();
  });
});

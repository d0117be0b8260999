import { storageStateOf } from '../../playwright.config';
import { expect, makeAccessToken, test } from '../fixtures';

test.describe('a developer', () => {
  test.use({ storageState: storageStateOf('developer') });

  test('reads the REST API in the portal and tries List clients with a token of their own', async ({
    page,
  }, testInfo) => {
    // The page renders every operation of the management API (about 60); on a busy 2-core machine
    // its first render and layout take tens of seconds.
    test.slow();
    const token = await makeAccessToken(page, '/portal/account', `Docs ${Date.now()}`, [['Clients', /^Read/]]);

    await page
      .getByRole('navigation', { name: 'Developer Portal navigation' })
      .getByRole('link', { name: 'REST API' })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'REST API' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'API documentation: Portico management API' })).toBeVisible();
    const listClients = page.getByRole('article', { name: 'GET /organizations/{org}/clients', exact: true });
    await expect(listClients).toContainText("The organization's client versions");
    await expect(listClients).toContainText(/Required scope:\s*clients:read/);
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.screenshot({ path: testInfo.outputPath('rest-api-1400-top.png') });

    // Without a token nothing is sent.
    await listClients.getByText('Try it', { exact: true }).click();
    await listClients.getByLabel('org (path)').fill('acme-development-team');
    await listClients.getByLabel('q (query)').fill('DevClient');
    const answer = page.getByRole('status', { name: 'Answer to GET /organizations/{org}/clients' });
    await listClients.getByRole('button', { name: 'Send GET' }).click();
    await expect(answer).toContainText('Paste one of your access tokens above first.');

    await page.getByLabel('Access token').fill(token);
    await listClients.getByRole('button', { name: 'Send GET' }).click();
    await expect(answer).toContainText('Status 200');
    await expect(answer).toContainText('"name": "DevClient"');
    await expect(answer).toContainText('"org": "acme-development-team"');
    await expect(answer.getByText('ratelimit-remaining', { exact: true })).toBeVisible();
    await listClients.screenshot({ path: testInfo.outputPath('rest-api-1400-list-clients.png') });

    // The token's scopes are what it gets: it may not list APIs.
    const listApis = page.getByRole('article', { name: 'GET /organizations/{org}/apis', exact: true });
    await expect(listApis).toContainText(/Required scope:\s*apis:read/);
    await listApis.getByText('Try it', { exact: true }).click();
    await listApis.getByLabel('org (path)').fill('acme-development-team');
    await listApis.getByRole('button', { name: 'Send GET' }).click();
    const refused = page.getByRole('status', { name: 'Answer to GET /organizations/{org}/apis' });
    await expect(refused).toContainText('Status 403');
    await expect(refused).toContainText('This operation needs the scope apis:read.');

    // The token went nowhere but the Authorization header: not the address, not the page.
    expect(page.url()).not.toContain('ptc_');
    expect(await page.content()).not.toContain(token);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: testInfo.outputPath('rest-api-390-top.png') });
    await listClients.screenshot({ path: testInfo.outputPath('rest-api-390-list-clients.png') });
  });
});

test.describe('an editor', () => {
  test.use({ storageState: storageStateOf('editor') });

  test('finds the REST API from the console’s Account page', async ({ page }) => {
    await page.goto('/console/account');
    await page.getByRole('link', { name: 'REST API' }).click();
    await expect(page).toHaveURL(/\/portal\/rest-api$/);
    await expect(page.getByRole('heading', { level: 1, name: 'REST API' })).toBeVisible();
  });
});

test('a signed-out visitor is sent to sign in from the REST API page', async ({ page }) => {
  await page.goto('/portal/rest-api');
  await expect(page).toHaveURL(/\/login(\?|$)/);
  await expect(page.getByText('Portico management API')).toHaveCount(0);
});

import type { Page } from '@playwright/test';
import { expect, makeAccessToken, signedInAs, test } from '../fixtures';

// Issue 29 §3 and §5: one status said one way, and a change log people can read and page through.
signedInAs('editor');

const slugOf = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** A client of the ACME development team made with the console's wizard (Created, no contracts). */
async function createdClient(page: Page, name: string) {
  await page.goto('/console/clients');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('menuitem', { name: 'Create Client' }).click();
  await page.getByLabel('Organization').selectOption({ label: 'ACME development team' });
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Version').fill('1.0');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Create Client' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

/** Edits the description in place (Edit, then Save with Ctrl+Enter), waiting for the save. */
async function saveDescription(page: Page, text: string) {
  await page.getByRole('group', { name: 'Description', exact: true }).getByRole('button', { name: 'Edit' }).click();
  const field = page.getByRole('textbox', { name: 'Description', exact: true });
  await field.fill(text);
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.ok()),
    field.press('Control+Enter'),
  ]);
  await expect(page.getByRole('group', { name: 'Description', exact: true })).toContainText(text);
}

test('after a policy change the version select, the badge and the Status control say Unpublished Changes; the change log reads field by field and lists the contract', async ({
  page,
}) => {
  test.slow(); // sign-up in the portal, then several console pages
  const name = `Status Said Once ${Date.now()}`;
  await page.goto('/portal/apis/acme-support/acme-echo-test-api');
  await page.getByRole('article', { name: 'Plan Bronze' }).getByRole('link', { name: 'Sign Up' }).click();
  await page.getByLabel('Organization').selectOption({ label: 'ACME development team' });
  await page.getByLabel('Search or create').fill(name);
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('heading', { name: 'You are signed up' })).toBeVisible();
  await page.goto(`/console/organizations/acme-development-team/clients/${slugOf(name)}/1.0`);
  await expect(page.getByLabel('Status', { exact: true })).toHaveText('Registered');
  await expect(page.getByRole('combobox', { name: 'Version' })).toHaveValue('1.0');
  await expect(page.getByRole('option', { name: '1.0 (Registered)', selected: true })).toBeAttached();

  await page.getByRole('tab', { name: 'Policies' }).click();
  await page.getByRole('button', { name: 'Add Policy' }).click();
  await page.getByLabel('Policy type').selectOption({ label: 'Rate Limiting' });
  await page.getByLabel('Limit').fill('100');
  await page.getByRole('button', { name: 'Add', exact: true }).click();

  await expect(page.getByLabel('Status', { exact: true })).toHaveText('Unpublished Changes');
  await expect(page.getByRole('option', { name: '1.0 (Unpublished Changes)', selected: true })).toBeAttached();
  const control = page.getByRole('button', { name: 'Status: Unpublished Changes' });
  await expect(control).toHaveText(/^Status: Unpublished Changes/);
  await control.click();
  await expect(page.getByRole('menuitem')).toHaveText(['Re-register', 'Unregister']);
  await page.keyboard.press('Escape');

  await saveDescription(page, 'Orders from the shop');
  await saveDescription(page, 'Orders and refunds');
  await page.getByRole('tab', { name: 'Change Log' }).click();
  const log = page.getByRole('table', { name: 'Change Log' });
  await expect(
    log.getByRole('cell', { name: "Description: 'Orders from the shop' → 'Orders and refunds'" }),
  ).toBeVisible();
  await expect(
    log.getByRole('cell', { name: /^Policy Rate Limiting added: 100 requests per second per client/ }),
  ).toBeVisible();
  const contract = log.getByRole('row').filter({ hasText: 'Contract created' });
  await expect(contract).toContainText(`${name} 1.0 → ACME Echo Test API`);
  // The recorded values stay one click away, behind a disclosure.
  await contract.getByText('Recorded values').click();
  await expect(contract.getByText('"plan": "Bronze"')).toBeVisible();
});

test("a client version's Change Log pages past 50 entries with the common pager", async ({ page }) => {
  const name = `Long Log ${Date.now()}`;
  await createdClient(page, name);
  const clientPage = page.url();
  await saveDescription(page, 'Edit 1');
  // The other 54 edits through the management API, as a script would make them: each is one more
  // entry in the same change log.
  const token = await makeAccessToken(page, '/console/account', `Long log ${Date.now()}`, [['Clients', /^Write/]]);
  for (let i = 2; i <= 55; i++) {
    const answer = await page.request.put(`/api/v1/organizations/acme-development-team/clients/${slugOf(name)}`, {
      headers: { Authorization: `Bearer ${token}` },
      data: { description: `Edit ${i}` },
    });
    expect(answer.status()).toBe(200);
  }

  await page.goto(clientPage);
  await page.getByRole('tab', { name: 'Change Log' }).click();
  const pager = page.getByRole('navigation', { name: 'Pagination' });
  await expect(pager).toContainText('1–50 of 56');
  await pager.getByRole('link', { name: 'Next page' }).click();
  await expect(pager).toContainText('51–56 of 56');
  await expect(page).toHaveURL(/tab=changelog/);
  const log = page.getByRole('table', { name: 'Change Log' });
  await expect(log.getByRole('cell', { name: "Description: 'Edit 4' → 'Edit 5'" })).toBeVisible();
  await expect(log.getByRole('row').filter({ hasText: 'Created' })).toHaveCount(1);
});

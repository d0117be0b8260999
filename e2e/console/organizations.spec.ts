import type { Page } from '@playwright/test';
import { expect, signedInAs, test } from '../fixtures';

/** Creates an organization the way a person does: Create → Create Organization → wizard. */
async function createOrganization(page: Page, name: string, description = '') {
  await page.goto('/console');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Create Organization' }).click();
  await expect(page.getByRole('heading', { name: 'Configure Details' })).toBeVisible();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Description').fill(description);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { name: 'Summary' })).toBeVisible();
  await expect(page.getByText(name, { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Create Organization' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

test.describe('the editor', () => {
  signedInAs('editor');

  test('creates an organization and finds its empty Clients tab offering to create a client', async ({ page }) => {
    const name = `Org ${Date.now()}`;
    await createOrganization(page, name, 'Made by the organizations spec');
    await expect(page).toHaveURL(/\/console\/organizations\/org-\d+$/);
    const slug = new URL(page.url()).pathname.split('/').pop() ?? '';
    await expect(page.getByRole('group', { name: 'Organization description' })).toContainText(
      'Made by the organizations spec',
    );
    await expect(page.getByText('your roles: Editor, User Manager')).toBeVisible();

    await page.getByRole('tab', { name: 'Clients' }).click();
    await expect(page).toHaveURL(/tab=clients/);
    const link = page.getByRole('link', { name: 'Click here to create a new client' });
    await expect(link).toHaveAttribute('href', `/console/create/client?org=${slug}`);
  });

  test('adds the viewer as Viewer on the Members tab', async ({ page }) => {
    await createOrganization(page, `Team ${Date.now()}`);
    await page.getByRole('tab', { name: 'Members' }).click();
    const form = page.getByRole('form', { name: 'Add a member' });
    await form.getByLabel('Email').fill('viewer@example.com');
    await form.getByRole('checkbox', { name: 'Viewer' }).check();
    await form.getByRole('button', { name: 'Add Member' }).click();

    const row = page.getByRole('row').filter({ hasText: 'viewer@example.com' });
    await expect(row.getByRole('checkbox', { name: 'Viewer' })).toBeChecked();
    await expect(row.getByRole('checkbox', { name: 'Editor' })).not.toBeChecked();
    await expect(form.getByLabel('Email')).toHaveValue('');

    // An unknown email is answered next to the field.
    await form.getByLabel('Email').fill('nobody@example.com');
    await form.getByRole('checkbox', { name: 'Editor' }).check();
    await form.getByRole('button', { name: 'Add Member' }).click();
    await expect(form.getByText('No Portico user has this email address')).toBeVisible();

    // The only User Manager cannot be removed.
    const self = page.getByRole('row').filter({ hasText: 'editor@example.com' });
    await self.getByRole('button', { name: 'Remove' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await expect(dialog.getByRole('alert')).toContainText('at least one User Manager');
  });

  test('edits the description in place and it stays after a reload', async ({ page }) => {
    await createOrganization(page, `Described ${Date.now()}`, 'First words');
    const shown = page.getByRole('group', { name: 'Organization description' });
    await expect(shown).toContainText('First words');
    await expect(page.getByRole('textbox', { name: 'Organization description' })).toHaveCount(0);
    await shown.getByRole('button', { name: 'Edit' }).click();
    const description = page.getByRole('textbox', { name: 'Organization description' });
    await expect(description).toBeFocused();
    await description.fill('Second thoughts');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByText('Saved')).toBeVisible();
    await expect(shown).toContainText('Second thoughts');
    await page.reload();
    await expect(page.getByRole('group', { name: 'Organization description' })).toContainText('Second thoughts');
    await page.getByRole('tab', { name: 'Change Log' }).click();
    await expect(page.getByRole('row').filter({ hasText: 'Second thoughts' })).toContainText('Updated');
  });

  test('opens ACME Support’s APIs and Plans tabs with their latest versions', async ({ page }) => {
    await page.goto('/console/organizations/acme-support');
    await expect(page.getByRole('link', { name: /^\d+ APIs$/ })).toBeVisible(); // other specs add APIs meanwhile
    await page.getByRole('tab', { name: 'APIs' }).click();
    await expect(page.getByRole('link', { name: 'ACME Echo Test API' })).toHaveAttribute(
      'href',
      '/console/organizations/acme-support/apis/acme-echo-test-api/1.0',
    );
    await expect(page.getByRole('row').filter({ hasText: 'ACME Public Echo' })).toContainText('Published');
    await page.getByRole('tab', { name: 'Plans' }).click();
    await expect(page.getByRole('row').filter({ hasText: 'Gold' })).toContainText('Locked');
    await expect(page.getByRole('link', { name: 'Bronze' })).toHaveAttribute(
      'href',
      '/console/organizations/acme-support/plans/bronze/1.0',
    );
  });
});

test.describe('the viewer', () => {
  signedInAs('viewer');

  test('sees ACME Support’s members without controls to change them', async ({ page }) => {
    await page.goto('/console/organizations/acme-support');
    await expect(page.getByLabel('Organization description')).toHaveCount(0);
    await page.getByRole('tab', { name: 'Members' }).click();
    await expect(page.getByRole('row').filter({ hasText: 'editor@example.com' })).toContainText('Editor, User Manager');
    await expect(page.getByRole('row').filter({ hasText: 'viewer@example.com' })).toContainText('Viewer');
    await expect(page.getByRole('button', { name: 'Add Member' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Remove' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Save roles' })).toHaveCount(0);
    await expect(page.getByRole('checkbox')).toHaveCount(0);
  });
});

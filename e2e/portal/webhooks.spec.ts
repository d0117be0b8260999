import { expect, signedInAs, test } from '../fixtures';

signedInAs('developer');

test("a developer adds a webhook for their organization's client events in the portal", async ({ page }) => {
  const url = `https://hooks.example.com/portal-${Date.now()}`;
  await page.goto('/portal');
  await page.getByRole('link', { name: 'Webhooks' }).click();
  await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible();
  const section = page.getByRole('region', { name: 'ACME development team' });
  await section.getByText('Add a webhook to ACME development team').click();
  const form = section.getByRole('form', { name: 'Add webhook' });
  await form.getByLabel('Endpoint URL').fill(url);
  await form.getByRole('radio', { name: 'Chosen events' }).check();
  // Only what concerns the organization's clients is offered.
  await expect(form.getByRole('checkbox', { name: 'portico.client.registered' })).toBeVisible();
  await expect(form.getByRole('checkbox', { name: 'portico.api.published' })).toHaveCount(0);
  await form.getByRole('checkbox', { name: 'portico.contract.approved' }).check();
  await form.getByRole('button', { name: 'Add webhook' }).click();

  const shown = section.getByRole('region', { name: 'Signing secret' });
  await expect(shown.getByRole('textbox', { name: 'Signing secret' })).toHaveValue(/^whsec_/);
  await shown.getByRole('button', { name: 'Done' }).click();

  await section
    .getByRole('table', { name: 'Webhooks of ACME development team' })
    .getByRole('link', { name: url })
    .click();
  await expect(page.getByRole('heading', { name: url, level: 1 })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: 'portico.contract.approved' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send test event' })).toBeEnabled();
});

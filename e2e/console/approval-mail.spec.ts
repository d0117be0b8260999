import { storageStateOf } from '../../playwright.config';
import { demo, expect, signedInAs, signUpWithNewClient, test } from '../fixtures';
import { latestMailTo, linkPath } from '../mail';

signedInAs('editor');

// The sign-up goes through the portal's wizard first: slow on a loaded machine.
test.slow();

test('a Gold sign-up mails the approver a link to it; approving there mails the requester', async ({
  page,
  browser,
}) => {
  const developer = await browser.newContext({ storageState: storageStateOf('developer') });
  const portal = await developer.newPage();
  const clientName = `Mailed App ${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  await signUpWithNewClient(portal, 'Gold', clientName);
  await expect(portal.getByRole('heading', { name: 'Your request awaits approval' })).toBeVisible();
  await developer.close();

  const request = await latestMailTo(demo.editor.email, new RegExp(`^Sign-up request: ${clientName} 1\\.0 for`));
  await page.goto(linkPath(request, '/console/approvals'));
  const row = page.getByRole('row').filter({ hasText: clientName });
  await expect(row).toHaveAttribute('aria-current', 'true');
  const named = `${clientName} 1.0 for ACME Echo Test API 1.0`;
  await row.getByRole('button', { name: `Approve ${named}` }).click();
  await expect(page.getByText(`${named} approved`)).toBeVisible();

  const decision = await latestMailTo(demo.developer.email, new RegExp(`^Approved: ${clientName} 1\\.0 for`));
  expect(decision.text).toContain(clientName);
});

import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { storageStateOf } from '../../playwright.config';
import { expect, test } from '../fixtures';

// An Editor publishes, a developer signs up and tries it: two people, on a busy machine.
test.describe.configure({ timeout: 120_000 });

const petstore = path.join(__dirname, '../../test/fixtures/openapi/petstore-expanded.yaml');

async function as(browser: Browser, profile: 'editor' | 'developer'): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStateOf(profile) });
  return context.newPage();
}

/** Console: a new API in ACME Support calling the echo backend, with the Petstore document, Bronze offered, published. */
async function publishPetstore(editor: Page, name: string, backend: string): Promise<string> {
  await editor.goto('/console/organizations/acme-support');
  await editor.getByRole('button', { name: 'Create' }).click();
  await editor.getByRole('menuitem', { name: 'Create API' }).click();
  await expect(editor.getByRole('heading', { name: 'Choose Organization' })).toBeVisible();
  await editor.getByLabel('Organization').selectOption({ label: 'ACME Support' });
  await editor.getByRole('button', { name: 'Next' }).click();
  await editor.getByLabel('Name').fill(name);
  await editor.getByLabel('Version').fill('1.0');
  await editor.getByRole('button', { name: 'Next' }).click();
  await editor.getByRole('button', { name: 'Create API' }).click();
  await expect(editor.getByRole('heading', { level: 1, name })).toBeVisible();

  await editor.getByRole('tab', { name: 'Settings' }).click();
  await editor.getByLabel('Endpoint').fill(backend);
  await editor
    .getByRole('textbox', { name: 'OpenAPI document' })
    .fill(
      'openapi: 3.0.0\ninfo: {title: Pets, version: "1"}\npaths:\n  /pets:\n    $ref: "#/components/pathItems/Pets"\n',
    );
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(
    editor.getByText('Line 5: $ref "#/components/pathItems/Pets" points to nothing in the document'),
  ).toBeVisible();
  await editor.getByLabel('Upload OpenAPI document').setInputFiles(petstore);
  await expect(editor.getByRole('textbox', { name: 'OpenAPI document' })).toHaveValue(/title: Swagger Petstore/);
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByText('Settings saved')).toBeVisible();

  await editor.getByRole('tab', { name: 'Plans' }).click();
  await editor.getByLabel('Plan', { exact: true }).selectOption({ label: 'Bronze 1.0' });
  await editor.getByRole('button', { name: 'Add Plan' }).click();
  await expect(editor.getByLabel('Status')).toHaveText('Ready');
  await editor.getByRole('button', { name: 'Publish' }).click();
  await expect(editor.getByLabel('Status')).toHaveText('Published');
  return new URL(editor.url()).pathname.split('/')[5] ?? '';
}

test('a published Petstore YAML is rendered on Learn More and in the console, and Try it GET /pets answers through the gateway', async ({
  browser,
  baseURL,
}) => {
  const editor = await as(browser, 'editor');
  const name = `Petstore ${Date.now()}`;
  const slug = await publishPetstore(editor, name, `${baseURL}/demo/echo`);

  // The console shows providers what consumers read.
  await editor.getByRole('tab', { name: 'Documentation' }).click();
  await expect(editor.getByRole('article', { name: 'DELETE /pets/{id}' })).toBeVisible();
  await expect(editor.getByText('Try it')).toHaveCount(0);

  const developer = await as(browser, 'developer');
  await developer.goto(`/portal/apis/acme-support/${slug}`);
  await expect(developer.getByRole('heading', { name: 'API documentation: Swagger Petstore' })).toBeVisible();
  const remove = developer.getByRole('article', { name: 'DELETE /pets/{id}' });
  await expect(remove).toBeVisible();
  await expect(remove.getByRole('cell', { name: 'ID of pet to delete' })).toBeVisible();
  await expect(remove.getByRole('cell', { name: 'integer (int64)' })).toBeVisible();
  await expect(developer.getByText('operationId: deletePet')).toHaveCount(0); // rendered, not the raw text
  // Its server is the gateway, never the provider's backend.
  await expect(developer.getByText(`${baseURL}/gateway/acme-support/${slug}/1.0`).first()).toBeVisible();
  await expect(developer.getByText('petstore.swagger.io')).toHaveCount(0);
  const listPets = developer.getByRole('article', { name: 'GET /pets', exact: true });
  await listPets.getByText('Try it', { exact: true }).click();
  await expect(
    listPets.getByText('To try this API, sign up for one of its plans with one of your clients.'),
  ).toBeVisible();

  // Sign up for Bronze with a new client, then come back to Learn More.
  const clientName = `Pet App ${Date.now()}`;
  await developer.getByRole('article', { name: 'Plan Bronze' }).getByRole('link', { name: 'Sign Up' }).click();
  await developer.getByLabel('Search or create').fill(clientName);
  await developer.getByRole('button', { name: 'Create' }).click();
  await expect(developer.getByRole('radio', { name: `${clientName} 1.0` })).toBeChecked();
  await developer.getByRole('button', { name: 'Next' }).click();
  await developer.getByRole('button', { name: 'Confirm' }).click();
  await expect(developer.getByRole('heading', { name: 'You are signed up' })).toBeVisible();

  await developer.goto(`/portal/apis/acme-support/${slug}`);
  await listPets.getByText('Try it', { exact: true }).click();
  await expect(listPets.getByLabel('Client')).toHaveValue(/\d+/);
  await expect(listPets.getByRole('option', { name: `ACME development team / ${clientName} 1.0` })).toBeAttached();
  await listPets.getByLabel('limit (query)').fill('2');
  const answer = developer.getByRole('status', { name: 'Answer to GET /pets' });
  // The gateway serves a new registration within a second of its change event.
  await expect(async () => {
    await listPets.getByRole('button', { name: 'Send GET' }).click();
    await expect(answer).toContainText('Status 200', { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(answer).toContainText('"path":"/pets"');
  await expect(answer).toContainText('"limit":"2"');
  await expect(answer.getByText('content-type', { exact: true })).toBeVisible();

  // The document to download names the gateway as its server.
  const downloaded = await developer.request.get(`/portal/apis/acme-support/${slug}/openapi.json`);
  expect(downloaded.status()).toBe(200);
  expect(((await downloaded.json()) as { servers: unknown }).servers).toEqual([
    { url: `${baseURL}/gateway/acme-support/${slug}/1.0` },
  ]);
  const yaml = await developer.request.get(`/portal/apis/acme-support/${slug}/openapi.yaml`);
  expect(await yaml.text()).toContain(`- url: ${baseURL}/gateway/acme-support/${slug}/1.0`);
});

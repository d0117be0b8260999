import { expect, makeAccessToken, signedInAs, test } from '../fixtures';

// Issue 28 §1 in the console: a JWT policy added through the policy editor, the API page's warning
// while its issuer's keys cannot be had (with Refresh keys), and a client version's OAuth client id.
signedInAs('editor');

const slugOf = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-');

test('an API whose token issuer cannot be reached says so on its page, and Refresh keys tries again', async ({
  page,
  baseURL,
}, testInfo) => {
  const name = `Token API ${Date.now()}`;
  const version = `/console/organizations/acme-development-team/apis/${slugOf(name)}/1.0`;
  // The API made through the management API, as a provider's script would; the policy through the page.
  const token = await makeAccessToken(page, '/console/account', `JWT ${Date.now()}`, [['APIs', /^Write/]]);
  const rest = `/api/v1/organizations/acme-development-team/apis`;
  const headers = { Authorization: `Bearer ${token}` };
  expect((await page.request.post(rest, { headers, data: { name, version: '1.0' } })).status()).toBe(201);
  const settings = await page.request.put(`${rest}/${slugOf(name)}/versions/1.0`, {
    headers,
    data: {
      endpointUrl: `${baseURL}/demo/echo`,
      isPublic: true,
      featured: false,
      timeoutMs: 30000,
      openApiDocument: '',
      tags: '',
    },
  });
  expect(settings.status()).toBe(200);

  await page.goto(`${version}?tab=policies`);
  await page.getByRole('button', { name: 'Add Policy' }).click();
  await page.getByLabel('Policy type').selectOption({ label: 'JWT / OpenID Connect' });
  // An issuer with HS256 but no secret is refused, field by field.
  await page.getByLabel('Trusted issuers').fill('https://idp.example.test aud=orders alg=HS256');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByText('HS* algorithms need a secret')).toBeVisible();
  // Nothing listens on port 9 of this machine: the issuer's keys cannot be fetched.
  await page.getByLabel('Trusted issuers').fill('https://idp.example.test aud=orders jwks=http://127.0.0.1:9/jwks');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Attached policies' })).toContainText(
    'Bearer tokens from https://idp.example.test',
  );

  expect((await page.request.post(`${rest}/${slugOf(name)}/versions/1.0/publish`, { headers })).status()).toBe(200);
  const warning = page.getByRole('status', { name: 'Token issuer keys' });
  // The gateway loads the published version and tries the issuer on its own: look again until it has.
  await expect(async () => {
    await page.goto(version);
    await expect(warning).toContainText('no usable keys: token callers are refused', { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(warning).toContainText('https://idp.example.test');

  await warning.getByRole('button', { name: 'Refresh keys' }).click();
  await expect(page.getByText('The issuer is still unreachable')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('api-page-issuer-warning.png') });

  // A caller without a token is refused at the gateway, as the policy says.
  const call = await page.request.get(`/gateway/acme-development-team/${slugOf(name)}/1.0/orders`);
  expect(call.status()).toBe(401);
  expect(call.headers()['www-authenticate']).toMatch(/^Bearer/);
});

test("a client version's OAuth client id is saved from its page, and a malformed one is refused", async ({
  page,
}, testInfo) => {
  await page.goto('/console/organizations/acme-development-team/clients/devclient/1.0');
  const field = page.getByLabel('OAuth client id');
  await field.fill('dev cli');
  await page.getByRole('button', { name: 'Save client id' }).click();
  await expect(page.getByText('OAuth client ids are printable characters without spaces')).toBeVisible();

  const id = `devclient-${Date.now()}`;
  await field.fill(id);
  await page.getByRole('button', { name: 'Save client id' }).click();
  await expect(page.getByText('OAuth client id saved')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('OAuth client id')).toHaveValue(id);
  await page.screenshot({ path: testInfo.outputPath('client-oauth-client-id.png'), fullPage: true });
});

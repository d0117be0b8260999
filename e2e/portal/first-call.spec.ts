import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Browser, Locator, Page } from '@playwright/test';
import { storageStateOf } from '../../playwright.config';
import { expect, signedInAs, signUpWithNewClient, test } from '../fixtures';
import { registerNewDeveloper } from '../people';

// A sign-up, real curl calls and a second person: more than the default on a busy machine.
test.describe.configure({ timeout: 90_000 });

signedInAs('developer');

// The Copy buttons write to the clipboard, which the tests read back: what a person would paste.
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const run = promisify(execFile);

async function as(browser: Browser, profile: 'editor' | 'developer'): Promise<Page> {
  const context = await browser.newContext({
    storageState: storageStateOf(profile),
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  return context.newPage();
}

/**
 * A command line split into words as a POSIX shell splits them: single quotes literal, double
 * quotes with backslash escapes, a backslash outside quotes escaping the next character. No
 * expansion of any kind: the words go to execFile, never to a shell.
 */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line.charAt(i + 1))) word += line.charAt(++i);
      else word += c;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= '';
    } else if (c === '\\' && i + 1 < line.length) {
      word = (word ?? '') + line.charAt(++i);
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote) throw new Error(`Unclosed quote in: ${line}`);
  if (word !== null) words.push(word);
  return words;
}

/** Presses a Copy button and reads what it put on the clipboard; the same text must be on show. */
async function copyFrom(page: Page, block: Locator, button: string): Promise<string> {
  await block.getByRole('button', { name: button }).click();
  const command = await page.evaluate(() => navigator.clipboard.readText());
  await expect(block).toContainText(command);
  return command;
}

/**
 * Runs a copied `curl` command as a person would paste it, with `extra` options after `curl`
 * (write-out of the status; -L and -v where asked): the status, the body and curl's trace.
 */
async function curl(command: string, extra: string[] = [], url?: (printed: string) => string) {
  const words = shellWords(command);
  expect(words[0]).toBe('curl');
  const args = words.slice(1);
  if (url) args.push(url(String(args.pop())));
  const { stdout, stderr } = await run('curl', ['-sS', '-w', '\n%{http_code}', ...extra, ...args], {
    timeout: 20_000,
  });
  const cut = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(cut + 1)), body: stdout.slice(0, cut), trace: stderr };
}

/** The request targets curl -v sent (`> GET /path HTTP/1.1`). */
function requestTargets(trace: string): string[] {
  return trace
    .split('\n')
    .map((line) => /^> [A-Z]+ (\S+) HTTP\//.exec(line)?.[1])
    .filter((target): target is string => target !== undefined);
}

test('the curl commands copied from the sign-up result and from Use API answer 200 with the echo', async ({ page }) => {
  const name = `Pasted App ${Date.now()}`;
  await signUpWithNewClient(page, 'Bronze', name);
  const result = page.getByRole('region', { name: 'You are signed up' });
  await expect(result.getByRole('heading', { name: 'You are signed up' })).toBeVisible();

  const header = await copyFrom(page, result.getByRole('figure', { name: 'Key in a header' }), 'Copy header example');
  const plain = await curl(header);
  expect(plain.status).toBe(200);
  expect(JSON.parse(plain.body)).toMatchObject({ method: 'GET', path: '/' });

  const query = await copyFrom(
    page,
    result.getByRole('figure', { name: 'Key as a query parameter' }),
    'Copy query parameter example',
  );
  const byQuery = await curl(query);
  expect(byQuery.status).toBe(200);
  expect(JSON.parse(byQuery.body)).toMatchObject({ method: 'GET', path: '/' });

  // A trailing slash and a path below it answer as well: the echo never redirects them away.
  const slashed = await curl(header, [], (url) => `${url}/orders/`);
  expect(slashed.status).toBe(200);
  expect(JSON.parse(slashed.body)).toMatchObject({ path: '/orders/' });

  // Send test request calls the very URL the examples call: the echo answers the endpoint's root.
  await result.getByRole('button', { name: 'Send test request' }).click();
  const answer = result.getByRole('status', { name: 'Test request result' });
  await expect(answer).toContainText('Status 200');
  await expect(answer).toContainText('"path": "/"');

  await page.goto('/portal/my-clients');
  const contract = page
    .getByRole('article', { name: `${name} 1.0` })
    .getByRole('listitem', { name: 'Contract with ACME Echo Test API 1.0' });
  await contract.getByText('Use API').click();
  const fromCard = await copyFrom(
    page,
    contract.getByRole('figure', { name: 'Key in a header' }),
    'Copy header example',
  );
  expect(fromCard).toBe(header);
  expect((await curl(fromCard)).status).toBe(200);
});

test('curl -L on a path the backend redirects stays on the gateway, and the key never leaves it', async ({ page }) => {
  const name = `Followed App ${Date.now()}`;
  await signUpWithNewClient(page, 'Bronze', name);
  const result = page.getByRole('region', { name: 'You are signed up' });
  const header = await copyFrom(page, result.getByRole('figure', { name: 'Key in a header' }), 'Copy header example');

  // The echo's documented redirect: 302 to /demo/echo/orders, a place inside the API's endpoint.
  const followed = await curl(header, ['-L', '-v'], (url) => `${url}/redirect?to=/orders`);
  expect(followed.status).toBe(200);
  const echoed = JSON.parse(followed.body) as { path: string; headers: Record<string, string> };
  expect(echoed.path).toBe('/orders');
  // The gateway takes the key off before the backend; a call straight to the backend would show it.
  expect(Object.keys(echoed.headers)).not.toContain('x-api-key');
  const targets = requestTargets(followed.trace);
  expect(targets).toHaveLength(2);
  for (const target of targets) expect(target).toMatch(/^\/gateway\/acme-support\/acme-echo-test-api\/1\.0\//);
});

test('the public API page prints a curl command that works as pasted', async ({ page }) => {
  await page.goto('/portal/apis/acme-support/acme-public-echo');
  const endpoint = page.getByRole('region', { name: 'Endpoint' });
  const command = await copyFrom(page, endpoint.getByRole('figure', { name: 'Call it' }), 'Copy curl');
  const answer = await curl(command);
  expect(answer.status).toBe(200);
  expect(JSON.parse(answer.body)).toMatchObject({ method: 'GET', path: '/' });
});

test.describe('a newcomer', () => {
  // Registers a person of the test's own, signed out first.
  test.use({ storageState: { cookies: [], origins: [] } });

  test('creates a client with Enter, and the sign-up result survives a reload', async ({ page }) => {
    await registerNewDeveloper(page, 'Nina Newcomer');
    await page.goto('/portal/marketplace');
    await page.getByRole('searchbox', { name: 'Search' }).fill('Echo Test');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('article', { name: 'ACME Echo Test API' }).getByRole('link', { name: 'Learn More' }).click();
    await page.getByRole('article', { name: 'Plan Bronze' }).getByRole('link', { name: 'Sign Up' }).click();

    await expect(page.getByText('You have no clients here yet.')).toBeVisible();
    await expect(page.getByText('No client matches')).toHaveCount(0);
    const name = `Newcomer App ${Date.now()}`;
    await page.getByLabel('Search or create').fill(name);
    await page.getByLabel('Search or create').press('Enter');
    await expect(page.getByRole('status').filter({ hasText: `Created ${name} 1.0` })).toBeVisible();
    await expect(page.getByRole('radio', { name: `${name} 1.0` })).toBeChecked();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Confirm' }).click();

    const result = page.getByRole('region', { name: 'You are signed up' });
    await expect(result).toBeVisible();
    await expect(page).toHaveURL(/[?&]signedUp=\d+/);
    const key = await result.getByLabel('API Key').textContent();

    await page.reload();
    await expect(result).toBeVisible();
    await expect(result.getByLabel('API Key')).toHaveText(key ?? '');
    await expect(page.getByRole('heading', { name: 'Client', exact: true })).toHaveCount(0);

    await result.getByRole('button', { name: 'Send test request' }).click();
    await expect(result.getByRole('status', { name: 'Test request result' })).toContainText('Status 200');

    await result.getByRole('link', { name: 'Go to My Clients' }).click();
    await expect(page).toHaveURL(/\/portal\/my-clients$/);
    await expect(page.getByRole('article', { name: `${name} 1.0` })).toBeVisible();
  });
});

test('Enter in Search or create picks the client named as typed rather than creating another', async ({ browser }) => {
  const developer = await as(browser, 'developer');
  await developer.goto('/portal/marketplace');
  await developer.getByRole('searchbox', { name: 'Search' }).fill('Echo Test');
  await developer.getByRole('button', { name: 'Search' }).click();
  await developer
    .getByRole('article', { name: 'ACME Echo Test API' })
    .getByRole('link', { name: 'Learn More' })
    .click();
  await developer.getByRole('article', { name: 'Plan Gold' }).getByRole('link', { name: 'Sign Up' }).click();
  const name = `Picked App ${Date.now()}`;
  await developer.getByLabel('Search or create').fill(name);
  await developer.getByRole('button', { name: 'Create' }).click();
  await expect(developer.getByRole('status').filter({ hasText: `Created ${name} 1.0` })).toBeVisible();

  // Coming back, the client exists: Enter on its name (in any case) picks it, Create is off.
  await developer.reload();
  const radio = developer.getByRole('radio', { name: `${name} 1.0` });
  await expect(radio).not.toBeChecked();
  await developer.getByLabel('Search or create').fill(name.toUpperCase());
  await expect(developer.getByRole('button', { name: 'Create' })).toBeDisabled();
  await developer.getByLabel('Search or create').press('Enter');
  await expect(developer.getByRole('status').filter({ hasText: `Chose ${name} 1.0` })).toBeVisible();
  await expect(radio).toBeChecked();
});

test('a Retired client’s contract reads “Not callable: client retired” in portal and console, with no Use API', async ({
  browser,
}) => {
  const developer = await as(browser, 'developer');
  const name = `Retiring App ${Date.now()}`;
  await signUpWithNewClient(developer, 'Bronze', name);
  await expect(developer.getByRole('region', { name: 'You are signed up' })).toBeVisible();

  await developer.goto('/portal/my-clients');
  const card = developer.getByRole('article', { name: `${name} 1.0` });
  const contract = card.getByRole('listitem', { name: 'Contract with ACME Echo Test API 1.0' });
  await expect(contract).toContainText('plan Bronze · Active');
  await expect(contract.getByText('Use API')).toBeVisible();
  await card.getByRole('button', { name: /^Status:/ }).click();
  await developer.getByRole('menuitem', { name: 'Retire' }).click();
  await developer.getByRole('alertdialog').getByRole('button', { name: 'Retire' }).click();
  await expect(card.getByText('Retired', { exact: true })).toBeVisible();
  await expect(contract).toContainText('Not callable: client retired');
  await expect(contract.getByText('Use API')).toHaveCount(0);
  await expect(contract.getByRole('button', { name: 'Copy header example' })).toHaveCount(0);

  const editor = await as(browser, 'editor');
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  await editor.goto(`/console/organizations/acme-development-team/clients/${slug}/1.0?tab=contracts`);
  await expect(editor.getByRole('row').filter({ hasText: 'ACME Echo Test API' })).toContainText(
    'Not callable: client retired',
  );
});

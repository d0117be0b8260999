import { test, expect, type Locator, type Page, type Route } from '@playwright/test';
import { demoPassword, demoPeople } from '../lib/demo/people';
import { storageStateOf } from '../playwright.config';

export { demoPassword };

/** The demo people (lib/demo/people.ts, what the seed made) and the area each lands in after signing in. */
export const demo = {
  admin: { ...demoPeople.admin, home: '/console' },
  editor: { ...demoPeople.editor, home: '/console' },
  viewer: { ...demoPeople.viewer, home: '/console' },
  developer: { ...demoPeople.developer, home: '/portal' },
} as const;

export type DemoProfile = keyof typeof demo;

/** Signs in through the form, the way a person does. */
export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Runs the enclosing tests as one of the demo people, with the sign-in saved by auth.setup.ts. */
export function signedInAs(profile: DemoProfile) {
  test.use({ storageState: storageStateOf(profile) });
}

export { test, expect };

/** Holds the page's scripts until released, so typing happens before the page is interactive. */
export async function holdScripts(page: Page) {
  const held: Route[] = [];
  let holding = true;
  await page.route(
    (url) => url.pathname.startsWith('/_next/static/') && url.pathname.endsWith('.js'),
    (route) => (holding ? held.push(route) : route.continue()),
  );
  return async () => {
    holding = false;
    await Promise.all(held.splice(0).map((route) => route.continue()));
  };
}

/** React has taken over an element once it hangs its own properties on it. */
export const hasReactProps = (element: Locator) =>
  element.evaluate((node) => Object.keys(node).some((key) => key.startsWith('__reactProps')));

/** Learn More → Sign Up on a plan → a new client made in the wizard → Summary → Confirm. */
export async function signUpWithNewClient(page: Page, plan: 'Bronze' | 'Gold', clientName: string) {
  await page.goto('/portal/marketplace');
  await page.getByRole('searchbox', { name: 'Search' }).fill('Echo Test');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('article', { name: 'ACME Echo Test API' }).getByRole('link', { name: 'Learn More' }).click();
  await page
    .getByRole('article', { name: `Plan ${plan}` })
    .getByRole('link', { name: 'Sign Up' })
    .click();
  await expect(page.getByRole('heading', { name: 'Client', exact: true })).toBeVisible();
  await page.getByLabel('Search or create').fill(clientName);
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('radio', { name: `${clientName} 1.0` })).toBeChecked();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { name: 'Summary' })).toBeVisible();
  await page.getByRole('button', { name: 'Confirm' }).click();
}

/**
 * Account → New token with the scopes checked (each a group of the form and its checkbox, such as
 * `['Clients', /^Read/]`); answers the token's value, read off the page the one time it is shown.
 */
export async function makeAccessToken(
  page: Page,
  account: '/console/account' | '/portal/account',
  name: string,
  scopes: [group: string, checkbox: RegExp][],
): Promise<string> {
  await page.goto(account);
  await page.getByLabel('Token name').fill(name);
  for (const [group, checkbox] of scopes)
    await page.getByRole('group', { name: group }).getByRole('checkbox', { name: checkbox }).check();
  await page.getByRole('button', { name: 'Create token' }).click();
  const shown = page.getByRole('region', { name: 'New token' });
  const token = await shown.getByRole('textbox', { name: 'New token value' }).inputValue();
  expect(token).toMatch(/^ptc_/);
  await shown.getByRole('button', { name: 'Done' }).click();
  return token;
}

import type { Browser, Page } from '@playwright/test';
import { storageStateOf } from '../../playwright.config';
import { demo, demoPassword, expect, signIn, test } from '../fixtures';
import { startTestIdp, type TestIdp } from '../oidc-idp';
import { registerNewDeveloper } from '../people';

/**
 * Single sign-on against a real OpenID provider (e2e/oidc-idp.ts) on 127.0.0.1. The provider is
 * added in Administration → Sign-in as an administrator would; its people are at sso-corp.test, a
 * domain no other spec signs in with, so "SSO required" there changes nothing for them.
 */
test.describe.configure({ mode: 'serial' });

const slug = 'e2e-idp';
const providerName = 'Corp IdP';
const domain = 'sso-corp.test';
let idp: TestIdp;

test.beforeAll(async ({ baseURL }) => {
  idp = await startTestIdp(baseURL ?? '', slug);
});

test.afterAll(async () => {
  await idp?.stop();
});

/** At the provider's development pages: any login and password; consent the first time. */
async function signInAtIdp(page: Page, login: string) {
  await page.getByPlaceholder('Enter any login').fill(login);
  await page.getByPlaceholder('and password').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  const consent = page.getByRole('button', { name: 'Continue' });
  await expect(consent.or(page.getByRole('banner'))).toBeVisible();
  if (await consent.isVisible()) await consent.click();
}

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

test('an administrator adds the provider, tests its connection, and the sign-in page offers it', async ({
  browser,
}, testInfo) => {
  const context = await browser.newContext({ storageState: storageStateOf('admin') });
  const page = await context.newPage();
  await page.goto('/console');
  await page.getByRole('button', { name: demo.admin.name }).click();
  await page.getByRole('menuitem', { name: 'Administration' }).click();
  await expect(page.getByRole('heading', { name: 'Sign-in', level: 1 })).toBeVisible();
  const form = page.getByRole('form', { name: 'New provider' });
  await form.getByRole('textbox', { name: 'Name', exact: true }).fill(providerName);
  await form.getByRole('textbox', { name: 'Slug', exact: true }).fill(slug);
  await form.getByRole('textbox', { name: 'Issuer', exact: true }).fill(idp.issuer);
  await form.getByRole('textbox', { name: 'Client ID', exact: true }).fill(idp.clientId);
  await form.getByLabel('Client secret').fill(idp.clientSecret);
  await form.getByRole('textbox', { name: 'Scopes', exact: true }).fill('openid email profile groups');
  await form.getByRole('textbox', { name: 'SSO required for domains', exact: true }).fill(domain);
  await form
    .getByRole('textbox', { name: 'Mapping rules' })
    .fill('portico-admins -> admin\npayments -> user, acme-support:Editor\nreaders -> user, acme-support:Viewer');
  await form
    .getByRole('checkbox', { name: 'Link an existing account when the provider says its email is verified' })
    .check();
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByRole('status', { name: 'Connection test' })).toContainText('Connection works');
  await form.getByRole('button', { name: 'Add provider' }).click();
  const saved = page.getByRole('form', { name: providerName });
  await expect(saved).toBeVisible();
  // The secret is never shown back.
  await expect(saved.getByLabel('Client secret')).toHaveValue('');
  await expect(page.getByText(idp.clientSecret)).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('administration-sign-in.png'), fullPage: true });
  await context.close();

  const visitor = await freshPage(browser);
  await visitor.goto('/login');
  await expect(visitor.getByRole('link', { name: `Sign in with ${providerName}` })).toBeVisible();
  await visitor.context().close();
});

test('the first sign-in makes the account with the mapped profile and roles; a group change applies at the next', async ({
  browser,
}) => {
  idp.accounts.set('paula', {
    email: `paula@${domain}`,
    email_verified: true,
    name: 'Paula Payments',
    groups: ['payments'],
  });
  const page = await freshPage(browser);
  await page.goto('/login');
  // SSO required for the domain: no password field, the provider's button instead.
  await page.getByLabel('Email').fill(`paula@${domain}`);
  await expect(page.getByLabel('Password')).toBeHidden();
  await page.getByRole('link', { name: `Continue with ${providerName}` }).click();
  await signInAtIdp(page, 'paula');
  await expect(page).toHaveURL(/\/console$/);
  await expect(page.getByRole('banner').getByText('Paula Payments')).toBeVisible();
  await page.goto('/console/organizations');
  await expect(page.getByRole('row', { name: /ACME Support/ })).toContainText('Editor');
  await page.getByRole('button', { name: 'Paula Payments' }).click();
  await expect(page.getByRole('menuitem', { name: 'Administration' })).toHaveCount(0);
  await page.keyboard.press('Escape');

  // Signing out ends Portico's session and the provider's (its end-session page, then back to sign-in).
  await page.getByRole('button', { name: 'Paula Payments' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Yes, sign me out' }).click();
  await expect(page).toHaveURL(/\/login/);

  idp.accounts.set('paula', {
    email: `paula@${domain}`,
    email_verified: true,
    name: 'Paula Payments',
    groups: ['portico-admins', 'readers'],
  });
  await page.getByRole('link', { name: `Sign in with ${providerName}` }).click();
  await signInAtIdp(page, 'paula');
  await expect(page).toHaveURL(/\/console$/);
  await page.getByRole('button', { name: 'Paula Payments' }).click();
  await expect(page.getByRole('menuitem', { name: 'Administration' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.goto('/console/organizations');
  await expect(page.getByRole('row', { name: /ACME Support/ })).toContainText('Viewer');
  await expect(page.getByRole('row', { name: /ACME Support/ })).not.toContainText('Editor');
  await page.context().close();
});

test('an unverified email is not linked to the Portico account that has it', async ({ browser }) => {
  idp.accounts.set('mallory', { email: demo.viewer.email, email_verified: false, name: 'Not Vera', groups: [] });
  const page = await freshPage(browser);
  await page.goto('/login');
  await page.getByRole('link', { name: `Sign in with ${providerName}` }).click();
  await signInAtIdp(page, 'mallory');
  await expect(page).toHaveURL(/\/login\?sso=email-taken/);
  await expect(page.getByRole('main').getByRole('alert')).toContainText('already exists');
  await page.context().close();
});

test('the break-glass administrator still signs in with the password while SSO is required', async ({ browser }) => {
  const page = await freshPage(browser);
  await page.goto('/login');
  await page.getByLabel('Email').fill(`someone@${domain}`);
  await expect(page.getByLabel('Password')).toBeHidden();
  await signIn(page, demo.admin.email, demoPassword);
  await expect(page).toHaveURL(/\/console$/);
  // Its use is on record, for administrators to see.
  await page.goto('/console/admin/sign-in');
  await expect(page.getByRole('row', { name: /Break-glass password sign-in/ }).first()).toBeVisible();
  await page.context().close();
});

test('a person signed in with their password links the provider from their account, then signs in with it', async ({
  browser,
}) => {
  const page = await freshPage(browser);
  const person = await registerNewDeveloper(page, 'Lina Linker');
  idp.accounts.set('lina', { email: 'lina@elsewhere.test', email_verified: false, name: 'Lina at IdP', groups: [] });
  await page.goto('/portal/account');
  await page.getByRole('link', { name: `Link ${providerName}` }).click();
  await signInAtIdp(page, 'lina');
  await expect(page).toHaveURL(/\/portal$/);
  await page.goto('/portal/account');
  await expect(page.getByText(`${providerName}: linked`)).toBeVisible();

  await page.getByRole('button', { name: person.name }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Yes, sign me out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.getByRole('link', { name: `Sign in with ${providerName}` }).click();
  await signInAtIdp(page, 'lina');
  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.getByRole('banner').getByText(person.name)).toBeVisible();
  await page.context().close();
});

test('a provider that is down gives a calm sign-in page', async ({ browser }, testInfo) => {
  await idp.stop();
  const page = await freshPage(browser);
  await page.goto('/login');
  await page.getByRole('link', { name: `Sign in with ${providerName}` }).click();
  await expect(page).toHaveURL(/\/login\?sso=unavailable/);
  await expect(page.getByRole('main').getByRole('alert')).toContainText(`${providerName} cannot be reached right now`);
  await expect(page.getByLabel('Password')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('sign-in-provider-down.png') });
  await page.context().close();
});

import { expect, signedInAs, test } from '../fixtures';
import { newDeveloperPassword, registerNewDeveloper, signOut } from '../people';

test.describe('security headers', () => {
  signedInAs('admin');

  test('are on pages, 404s, sign-in endpoints and static files, and the console still runs its scripts', async ({
    page,
  }) => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const response = await page.goto('/console/clients');
    expect(response?.status()).toBe(200);
    const headers = response?.headers() ?? {};
    expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).not.toContain('unsafe-eval');
    // Scripts run under the policy: the Create menu is a client component.
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(page.getByRole('menuitem', { name: 'Create Organization' })).toBeVisible();
    await page.keyboard.press('Escape');
    expect(violations).toEqual([]);

    const stylesheet = await page.locator('link[rel="stylesheet"]').first().getAttribute('href');
    for (const path of [
      '/console/clients',
      '/no-such-page',
      '/api/auth/session',
      '/login',
      stylesheet ?? '/favicon.ico',
    ]) {
      const answer = await page.request.get(path);
      const h = answer.headers();
      expect(h['content-security-policy'], path).toContain("frame-ancestors 'none'");
      expect(h['x-frame-options'], path).toBe('DENY');
      expect(h['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
      expect(h['x-content-type-options'], path).toBe('nosniff');
      expect(h['permissions-policy'], path).toContain('camera=()');
    }
    expect((await page.request.get('/no-such-page')).status()).toBe(404);
  });

  test("are not the app's on gateway responses, which are sandboxed instead", async ({ request }) => {
    const answer = await request.get('/gateway/no-such-org/no-such-api/1.0/');
    expect(answer.headers()['content-security-policy']).toBe('sandbox');
    expect(answer.headers()['x-content-type-options']).toBe('nosniff');
    expect(answer.headers()['x-frame-options']).toBeUndefined();
  });
});

test.describe('a hostile search', () => {
  signedInAs('admin');

  const lists = [
    ['/portal/marketplace', 'Marketplace'],
    ['/console/apis', 'APIs'],
    ['/console/clients', 'Clients'],
    ['/console/plans', 'Plans'],
    ['/console/organizations', 'Organizations'],
    ['/console/organizations/acme-support?tab=members', 'ACME Support'],
    ['/console/organizations/acme-support?tab=clients', 'ACME Support'],
    ['/console/organizations/acme-support?tab=apis', 'ACME Support'],
    ['/console/organizations/acme-support?tab=plans', 'ACME Support'],
  ] as const;

  for (const [path, heading] of lists) {
    test(`with a NUL gives a normal page at ${path}`, async ({ page }) => {
      const joiner = path.includes('?') ? '&' : '?';
      for (const query of ['q=%00', 'q=%ED%A0%80', 'q=%E2%80%AE%00x&page=2147483648&size=0x10']) {
        const response = await page.goto(`${path}${joiner}${query}`);
        expect(response?.status(), query).toBe(200);
        await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      }
    });
  }

  test('a malformed or NUL path segment answers 404, not a server error', async ({ page }) => {
    for (const path of [
      '/console/organizations/%E0%A4%A',
      '/console/organizations/%ZZ',
      '/console/organizations/%00',
    ]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
    }
  });
});

test.describe('sign-in throttling', () => {
  test('refuses the 6th wrong password in a row, and then even the right one', async ({ page }) => {
    test.slow(); // seven sign-ins, each with its Argon2 check
    const { email, name } = await registerNewDeveloper(page, 'Thea Throttled');
    await signOut(page, name);
    await expect(page).toHaveURL(/\/login/);
    const attempt = async (password: string) => {
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
    };
    for (let i = 1; i <= 5; i++) {
      await attempt(`wrong password ${i}`);
      // The form empties the password once the answer is in.
      await expect(page.getByLabel('Password')).toHaveValue('');
      await expect(page.getByRole('alert').filter({ hasText: 'The email or password is not correct.' })).toBeVisible();
    }
    await attempt('wrong password 6');
    await expect(
      page.getByRole('alert').filter({ hasText: 'Too many attempts — try again in 15 minutes.' }),
    ).toBeVisible();
    await expect(page.getByLabel('Password')).toHaveValue('');
    await attempt(newDeveloperPassword);
    await expect(page.getByLabel('Password')).toHaveValue('');
    await expect(
      page.getByRole('alert').filter({ hasText: /Too many attempts — try again in 1[45] minutes\./ }),
    ).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
  });
});

test.describe('signing out', () => {
  test('ends the session for a copy of the cookie taken before', async ({ page, browser }) => {
    test.slow(); // a registration, a sign-out and three pages in a second browser
    const { name } = await registerNewDeveloper(page, 'Cora Copied');
    const copied = await page.context().storageState();
    await signOut(page, name);
    await expect(page).toHaveURL(/\/login/);

    const thief = await browser.newContext({ storageState: copied });
    const stolen = await thief.newPage();
    for (const path of ['/portal', '/portal/my-clients', '/portal/marketplace']) {
      await stolen.goto(path);
      await expect(stolen).toHaveURL(/\/login/);
      await expect(stolen.getByRole('button', { name: 'Sign in' })).toBeVisible();
    }
    expect(await (await stolen.request.get('/api/auth/session')).json()).toBeNull();
    await thief.close();
  });
});

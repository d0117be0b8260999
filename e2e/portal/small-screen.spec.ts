import { expect, signedInAs, test } from '../fixtures';

signedInAs('developer');
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const pages = ['/portal', '/portal/marketplace', '/portal/apis/acme-support/acme-echo-test-api', '/portal/my-clients'];

for (const path of pages) {
  test(`${path} fits a 390 px phone without horizontal scrolling`, async ({ page }) => {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  });
}

test('the portal navigation opens from the Menu on a phone', async ({ page }) => {
  await page.goto('/portal');
  await page.getByRole('button', { name: 'Menu' }).click();
  await page
    .getByRole('navigation', { name: 'Developer Portal navigation' })
    .getByRole('link', { name: 'My Clients' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'My Clients' })).toBeVisible();
});

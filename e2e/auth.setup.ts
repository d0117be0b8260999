import { test as setup, expect } from '@playwright/test';
import { storageStateOf } from '../playwright.config';
import { demo, demoPassword, signIn, type DemoProfile } from './fixtures';

for (const profile of Object.keys(demo) as DemoProfile[]) {
  setup(`${profile} signs in and lands in their area`, async ({ page }) => {
    const person = demo[profile];
    await signIn(page, person.email, demoPassword);
    await expect(page).toHaveURL(new RegExp(`${person.home}(/|$)`));
    await expect(page.getByRole('banner').getByText(person.name)).toBeVisible();
    await page.context().storageState({ path: storageStateOf(profile) });
  });
}

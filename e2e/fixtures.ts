import { test, expect, type Page } from '@playwright/test';
import { storageStateOf } from '../playwright.config';

export const demoPassword = 'portico-demo';

export const demo = {
  admin: { email: 'admin@example.com', name: 'Ada Admin', home: '/console' },
  editor: { email: 'editor@example.com', name: 'Eddie Editor', home: '/console' },
  viewer: { email: 'viewer@example.com', name: 'Vera Viewer', home: '/console' },
  developer: { email: 'developer@example.com', name: 'Dev Developer', home: '/portal' },
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

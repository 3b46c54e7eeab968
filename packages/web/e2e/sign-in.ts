import type { Page } from 'playwright-core';
import type { E2eServer } from './e2e-server.ts';

/**
 * Signs a demo user in through the login page. Waits for the sign-out button, which both the
 * console's header and a phone's narrower one show (a phone hides the user's name).
 */
export async function signIn(server: E2eServer, page: Page, user: string): Promise<void> {
  const login = server.login(user);
  await page.goto(server.url);
  await page.getByLabel('User name').fill(login.username);
  await page.getByLabel('Password').fill(login.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 30_000 });
}

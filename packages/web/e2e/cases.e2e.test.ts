import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  CHROMIUM_PATH,
  launchChromium,
  type LaunchedBrowser,
} from './chromium.ts';
import { E2E_ARTIFACTS, startE2eServer, type E2eServer } from './e2e-server.ts';

/*
 * Police–grid fusion in a real browser: a dispatcher hands a noise complaint to urban
 * management in one action; the department user accepts, handles and closes it with a result;
 * the supervisor closes the loop and sees it counted in the month's rates.
 */
const skip = process.env.JIEFANG_SKIP_E2E === '1';

describe.skipIf(skip)('cases in chromium (e2e)', () => {
  let server: E2eServer;
  let browser: LaunchedBrowser;
  let page: Page;
  let incidentId = '';
  let caseId = '';
  const pageErrors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: join(E2E_ARTIFACTS, `${name}.png`) });

  /** A session cookie for API calls the test makes itself (setup and cross-checks). */
  const apiSession = async (username: string) => {
    const { password } = server.login(username);
    const response = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    return (response.headers.get('set-cookie') ?? '').split(';')[0];
  };
  const api = async (username: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { cookie: await apiSession(username), 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const signIn = async (username: string) => {
    await browser.context.clearCookies();
    await page.goto(server.url);
    const login = server.login(username);
    await page.getByLabel('User name').fill(login.username);
    await page.getByLabel('Password').fill(login.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('header-user').waitFor();
  };

  beforeAll(async () => {
    if (!chromiumAvailable())
      throw new Error(`no chromium at ${CHROMIUM_PATH} (or JIEFANG_SKIP_E2E=1)`);
    server = await startE2eServer();
    browser = await launchChromium({ locale: 'en-GB', timezoneId: 'Asia/Shanghai' });
    page = await browser.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await api('admin', 'PUT', '/api/v1/case-settings/city', {
      deadlines: {},
      rules: [
        {
          id: 'noise',
          categoryCode: 'noise',
          areaOrgId: 'district',
          departmentId: 'urban-management',
        },
      ],
      departments: [{ orgId: 'urban-management', kind: 'urban_management' }],
    });
    const incident = await api('dispatcher', 'POST', '/api/v1/incidents', {
      source: 'call',
      categoryCode: 'noise',
      orgId: 'station-1',
      location: { lon: 118.784, lat: 32.0417 },
      description: 'e2e: loud music from a bar after midnight',
    });
    incidentId = incident.id;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the dispatcher hands the noise complaint to urban management from the loop board', async () => {
    await signIn('dispatcher');
    await page.getByRole('button', { name: 'Loop board' }).click();
    const row = page.locator(`li[data-incident-id="${incidentId}"]`);
    await row.waitFor();
    await shot('cases-loop-board-dispatcher-en');
    await row.getByRole('button', { name: 'Hand to department' }).click();
    await row.waitFor({ state: 'detached' });
    const order = (await api('dispatcher', 'GET', '/api/v1/cases')).find(
      (c: { incidentId?: string }) => c.incidentId === incidentId,
    );
    expect([order.departmentId, order.workflow.stage]).toEqual(['urban-management', 'assign']);
    caseId = order.id;
    await page.locator(`li[data-case-id="${caseId}"]`).waitFor();
  });

  it('the department accepts, notes and closes it with a result', async () => {
    await signIn('department');
    const item = page.locator(`button[data-case-id="${caseId}"]`);
    await item.waitFor();
    await item.click();
    const detail = page.locator(`article[data-case-id="${caseId}"]`);
    await expect(detail.textContent()).resolves.toContain('rule noise');
    await shot('cases-department-inbox-en');
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.locator(`article[data-case-id="${caseId}"][data-stage="handle"]`).waitFor();
    await page.getByLabel('Handling note').fill('Spoke to the bar manager');
    await page.getByRole('button', { name: 'Add note' }).click();
    await detail.getByText('Spoke to the bar manager').waitFor();
    await page.getByLabel('Result').fill('Music off by 23:00; manager warned');
    await page.getByRole('button', { name: 'Close with result' }).click();
    await page.locator(`article[data-case-id="${caseId}"][data-stage="supervise"]`).waitFor();
    await shot('cases-department-resolved-en');
  });

  it('the supervisor closes the loop and sees it counted in the rates', async () => {
    await signIn('supervisor');
    await page.getByRole('button', { name: 'Loop board' }).click();
    const row = page.locator(`li[data-case-id="${caseId}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: 'Close' }).click();
    await row.waitFor({ state: 'detached' });
    const month = new Date();
    const from = new Date(month.getFullYear(), month.getMonth(), 1).toISOString();
    const to = new Date(month.getFullYear(), month.getMonth() + 1, 1).toISOString();
    const stats = await api('supervisor', 'GET', `/api/v1/case-stats?from=${from}&to=${to}`);
    expect(stats.total.closed).toBeGreaterThanOrEqual(1);
    const rates = page.getByTestId('case-rates');
    const percent = (v: number) => `${Math.round(v * 100)}%`;
    await rates.locator(`[data-figure="count"]`).getByText(String(stats.total.count)).waitFor();
    await rates
      .locator(`[data-figure="resolution"]`)
      .getByText(percent(stats.total.resolutionRate))
      .waitFor();
    await rates
      .locator(`[data-figure="response"]`)
      .getByText(percent(stats.total.responseRate))
      .waitFor();
    await shot('cases-loop-board-supervisor-en');
    expect(pageErrors).toEqual([]);
  });
});

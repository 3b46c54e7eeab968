import { join } from 'node:path';
import { nameIn } from '@jiefang/core';
import { incidentPart } from '@jiefang/server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MapHandleWindow } from '../src/map/map-handle.ts';
import { HOTSPOT_LAYER } from '../src/views/patrol/PatrolMap.tsx';
import {
  chromiumAvailable,
  CHROMIUM_PATH,
  launchChromium,
  type LaunchedBrowser,
} from './chromium.ts';
import { E2E_ARTIFACTS, startE2eServer, type E2eServer } from './e2e-server.ts';

/*
 * 情指勤 end to end, in two browsers against the real server on the demo city: a supervisor asks
 * for a hotspot forecast of the station's area (computed by the leader's patrol runner on its
 * thread), plans a shift from it for the responder's car and another, and assigns it after the
 * confirmation; the responder's phone, open all along, shows its patrol card from the live
 * socket without a reload; the phone's GPS fixes become the track the supervisor's compliance
 * board reads.
 */
const skip = process.env.JIEFANG_SKIP_E2E === '1';
const UNIT = 'police-1-1';
const OTHER = 'police-1-2';
const DAY_MS = 86_400_000;

describe.skipIf(skip)('patrol: forecast → plan → push → responder → compliance (e2e)', () => {
  let server: E2eServer;
  let supervisorBrowser: LaunchedBrowser;
  let responderBrowser: LaunchedBrowser;
  let supervisor: Page;
  let responder: Page;
  const pageErrors: string[] = [];

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(E2E_ARTIFACTS, `${name}.png`) });

  async function logIn(page: Page, user: string) {
    const login = server.login(user);
    await page.goto(server.url);
    await page.getByLabel('User name').fill(login.username);
    await page.getByLabel('Password').fill(login.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 120_000 });
  }

  beforeAll(async () => {
    if (!chromiumAvailable())
      throw new Error(`no chromium at ${CHROMIUM_PATH} (or JIEFANG_SKIP_E2E=1)`);
    server = await startE2eServer();
    const ctx = server.server.ctx;
    const home = ctx.positions.positions.get(UNIT);
    if (!home) throw new Error(`no position for ${UNIT}`);
    // Three weeks of the station's calls, taken through the command pipeline with the clock at
    // each call's time (what an import of the call history does): a third at one corner beside
    // the car's station, the rest spread over ~2 km.
    let seed = 5;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const now = Date.now();
    for (let i = 0; i < 90; i++) {
      const at = now - (1 + random() * 20) * DAY_MS;
      const spread = i % 3 === 0 ? 0.0006 : 0.02;
      const id = `history-${i}`;
      await ctx.commands.execute(
        incidentPart({ ...ctx, clock: { now: () => at } }, id, {
          type: 'create',
          incidentId: id,
          orgId: 'station-1',
          source: 'call',
          categoryCode: 'theft',
          location: {
            lon: home.lon + (random() - 0.5) * spread,
            lat: home.lat + (random() - 0.5) * spread * 0.9,
          },
          description: i % 3 === 0 ? '夜间拉车门把手' : '纠纷',
        }),
        null,
      );
    }
    supervisorBrowser = await launchChromium({ locale: 'en-US', timezoneId: 'Asia/Shanghai' });
    responderBrowser = await launchChromium({
      locale: 'en-US',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      geolocation: { longitude: home.lon, latitude: home.lat, accuracy: 8 },
      permissions: ['geolocation'],
    });
    supervisor = await supervisorBrowser.context.newPage();
    responder = await responderBrowser.context.newPage();
    for (const page of [supervisor, responder]) {
      page.on('pageerror', (error) => pageErrors.push(error.message));
      // The machine running the suite may be busy: a slow page is not a failing one.
      page.setDefaultTimeout(120_000);
    }
  }, 300_000);

  afterAll(async () => {
    await responderBrowser?.close();
    await supervisorBrowser?.close();
    await server?.close();
  });

  it('forecasts the area and draws the hotspot cells on the map', async () => {
    await logIn(responder, 'responder');
    await responder.getByTestId('responder-view').waitFor();
    await logIn(supervisor, 'supervisor');
    await supervisor.getByRole('button', { name: 'Patrol', exact: true }).click();
    await supervisor.getByRole('button', { name: 'Forecast the next 7 days' }).click();
    const summary = supervisor.getByTestId('forecast-summary');
    await summary.waitFor({ timeout: 120_000 });
    expect(await summary.textContent()).toMatch(/cells · computed .* from 90 incidents/);
    await supervisor.waitForFunction(
      (layer) => {
        const map = (window as MapHandleWindow).__jiefangMap;
        return !!map?.getLayer(layer) && map.queryRenderedFeatures({ layers: [layer] }).length > 0;
      },
      HOTSPOT_LAYER,
      { timeout: 120_000, polling: 250 },
    );
    await shot(supervisor, 'patrol-1-forecast');
  }, 600_000);

  it('plans a shift for two cars and assigns it after the confirmation', async () => {
    // The English console shows each unit's English name.
    const names = [UNIT, OTHER].map((id) =>
      nameIn(server.server.ctx.world.units.get(id)!.value, 'en'),
    );
    for (const name of names) await supervisor.getByLabel(name, { exact: true }).check();
    await supervisor.getByRole('button', { name: 'Plan from the forecast' }).click();
    const plan = supervisor.locator('[data-plan-id][data-status="draft"]');
    await plan.waitFor({ timeout: 120_000 });
    expect(await plan.textContent()).toMatch(/Coverage within 300 s/);
    await plan.getByRole('button', { name: 'Assign and send to units' }).click();
    const dialog = supervisor.getByRole('alertdialog');
    expect(await dialog.textContent()).toContain('Send this plan to the phones of 2 units?');
    await shot(supervisor, 'patrol-2-confirm');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await supervisor.locator('[data-plan-id][data-status="assigned"]').waitFor();
    await shot(supervisor, 'patrol-3-assigned');
  }, 600_000);

  it("lets the supervisor drop a stop of a unit's plan after a confirmation", async () => {
    const editor = supervisor.getByTestId('plan-editor');
    await editor.waitFor();
    const stops = editor.locator('li[data-start-min]');
    const before = await stops.count();
    expect(before).toBeGreaterThan(0);
    const first = stops.first();
    const startMin = Number(await first.getAttribute('data-start-min'));
    const unitId = await first
      .locator('xpath=ancestor::div[@data-unit-id]')
      .getAttribute('data-unit-id');
    await first.getByRole('button', { name: 'Drop stop' }).click();
    const dialog = editor.getByRole('alertdialog');
    expect(await dialog.textContent()).toMatch(
      /Drop the stop .* The unit stays where it is instead\./,
    );
    await shot(supervisor, 'patrol-3b-drop-confirm');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => stops.count(), { timeout: 60_000 }).toBe(before - 1);
    const plan = [...server.server.ctx.world.patrolPlans.values()][0].value;
    const unit = plan.units.find((u) => u.unitId === unitId)!;
    const leg = unit.legs.find((l) => l.startMin === startMin);
    expect(leg).toMatchObject({ kind: 'dwell' });
    expect(leg && 'stop' in leg ? leg.stop : undefined).toBeUndefined();
    await shot(supervisor, 'patrol-3c-dropped');
  }, 600_000);

  it("shows the responder's patrol card from the live socket, without a reload", async () => {
    const card = responder.getByTestId('patrol-card');
    await card.waitFor({ timeout: 120_000 });
    expect(await card.textContent()).toMatch(/Patrol.*(Next stop|Stay here|No stop left)/);
    expect(await card.textContent()).toMatch(/\d+ stops planned/);
    await shot(responder, 'patrol-4-responder-card');
  }, 600_000);

  it('shows compliance from the phone’s track, with CSV and XLSX exports', async () => {
    // The phone has been reporting its GPS fix; the board reads the stored track.
    await expect
      .poll(
        async () =>
          (
            await server.server.ctx.store.tracks.read(
              UNIT,
              new Date(Date.now() - 3_600_000).toISOString(),
              new Date(Date.now() + 60_000).toISOString(),
            )
          ).length,
        { timeout: 120_000 },
      )
      .toBeGreaterThan(0);
    await supervisor
      .locator('[data-status="assigned"]')
      .getByRole('button', { name: 'Compliance' })
      .click();
    const row = supervisor.locator(`[data-testid="compliance-board"] tr[data-unit-id="${UNIT}"]`);
    await row.waitFor({ timeout: 120_000 });
    const cells = await row.locator('td').allTextContents();
    expect(Number(cells[7])).toBeGreaterThan(0);
    const csv = supervisor.getByRole('link', { name: 'Export CSV' });
    expect(await csv.getAttribute('href')).toMatch(/compliance\.csv$/);
    const response = await supervisor.request.get(
      new URL((await csv.getAttribute('href'))!, server.url).toString(),
    );
    expect(response.status()).toBe(200);
    expect(await response.text()).toContain(UNIT);
    await shot(supervisor, 'patrol-5-compliance');
    expect(pageErrors).toEqual([]);
  }, 600_000);
});

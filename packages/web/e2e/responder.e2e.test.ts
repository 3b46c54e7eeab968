import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MapHandleWindow } from '../src/map/map-handle.ts';
import { apiAs } from './api-as.ts';
import {
  chromiumAvailable,
  CHROMIUM_PATH,
  launchChromium,
  type LaunchedBrowser,
} from './chromium.ts';
import { E2E_ARTIFACTS, startE2eServer, type E2eServer } from './e2e-server.ts';
import { type ConsoleWindow, waitForMapIdle } from './map-probe.ts';

/*
 * THE end-to-end run of one dispatch in real browsers: a dispatcher's console (1440×900) and a
 * responder's phone (390×844, geolocation granted at a fixed point), both against the real
 * server on the demo city. Both sides are driven through their screens: the dispatcher takes
 * the call with the new-incident form (N, category, the place found by name with the keyboard)
 * and accepts the recommendation with Enter; the responder gets the alert and answers Accept,
 * En route, On scene, Cleared. The dispatcher's screen must show every step (the unit's status on the
 * map and on the unit board), and a supervisor's console shows the day's figures after it.
 */
const skip = process.env.JIEFANG_SKIP_E2E === '1';

type LonLat = { lon: number; lat: number };
const UNIT = 'police-1-1';
const CATEGORY = 'suspicious';
/** Unit status codes of the map's unit features (live/unit-codes.ts). */
const STATUS_CODE = { available: 0, notified: 1, en_route: 2, on_scene: 3 } as const;

function metres(a: LonLat, b: LonLat): number {
  const rad = Math.PI / 180;
  const x = (b.lon - a.lon) * rad * Math.cos(((a.lat + b.lat) / 2) * rad);
  const y = (b.lat - a.lat) * rad;
  return Math.sqrt(x * x + y * y) * 6_371_000;
}

describe.skipIf(skip)('one dispatch, dispatcher and responder in two browsers (e2e)', () => {
  let server: E2eServer;
  let dispatcherBrowser: LaunchedBrowser;
  let responderBrowser: LaunchedBrowser;
  let dispatcher: Page;
  let responder: Page;
  let scene: LonLat;
  /** The scene's name: a POI of the city found by the place search (its only exact match). */
  let sceneName: string;
  /** The scene as both English consoles name it (the place's English name). */
  let sceneLabel: string;
  /** The responder's unit's name, as the recommendation and the dispatch rows show it. */
  let unitName: string;
  let phoneAt: LonLat;
  let incidentId: string;
  const pageErrors: string[] = [];

  /** Calls to the API as a demo user (the dispatcher's side of the run). */
  const api = apiAs(() => server);

  async function logIn(page: Page, user: string) {
    const login = server.login(user);
    await page.goto(server.url);
    await page.getByLabel('User name').fill(login.username);
    await page.getByLabel('Password').fill(login.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 30_000 });
  }

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(E2E_ARTIFACTS, `${name}.png`) });

  /**
   * The dispatcher's screen shows the unit in `status`: its dot on the map has the status's
   * colour code, and the unit board (when the dispatcher view lists units) says so too.
   */
  async function dispatcherSeesUnit(status: keyof typeof STATUS_CODE) {
    await dispatcher.waitForFunction(
      ({ lon, lat, code }) => {
        const map = (window as MapHandleWindow).__jiefangMap;
        if (!map || !map.getLayer('units-points')) return false;
        const p = map.project([lon, lat]);
        return map
          .queryRenderedFeatures(
            [
              [p.x - 8, p.y - 8],
              [p.x + 8, p.y + 8],
            ],
            { layers: ['units-points'] },
          )
          .some((f) => (f.properties as { status: number }).status === code);
      },
      { ...phoneAt, code: STATUS_CODE[status] },
      { timeout: 20_000, polling: 250 },
    );
    const row = dispatcher.locator(`[data-unit-id="${UNIT}"]`);
    if ((await row.count()) > 0) {
      await dispatcher.waitForFunction(
        ({ unit, wanted }) =>
          document.querySelector(`[data-unit-id="${unit}"]`)?.getAttribute('data-unit-status') ===
          wanted,
        { unit: UNIT, wanted: status },
        { timeout: 20_000 },
      );
    }
  }

  beforeAll(async () => {
    if (!chromiumAvailable()) {
      throw new Error(
        `no chromium at ${CHROMIUM_PATH}: apt-get install -y chromium fonts-noto-cjk (or JIEFANG_SKIP_E2E=1)`,
      );
    }
    server = await startE2eServer();
    const ctx = server.server.ctx;
    // The scene: the named place of the city (what the dispatcher's place search finds) nearest
    // to the responder's station that is at least 400 m away, with a name no other place or
    // street has. The phone stands 40 % of the way from there to the station: nearer to the
    // scene than any other police car, yet far enough that its fixes never count as arriving
    // (50 m).
    const tracker = ctx.positions;
    const start = tracker.positions.get(UNIT);
    if (!start) throw new Error(`no position for ${UNIT} in the demo seed`);
    // As the dispatcher's English console names it (the unit's English call sign).
    const unit = ctx.world.units.get(UNIT)?.value as
      { name: string; localNames?: { en: string } } | undefined;
    unitName = unit?.localNames?.en ?? unit?.name ?? UNIT;
    const station: LonLat = { lon: start.lon, lat: start.lat };
    const otherPolice = [...tracker.positions]
      .filter(
        ([id]) =>
          id !== UNIT &&
          (ctx.world.units.get(id)?.value as { kind?: string } | undefined)?.kind === 'police',
      )
      .map(([, at]) => at);
    const city = ctx.router.city as {
      places: { name: string; localNames?: { en: string }; lon: number; lat: number }[];
    };
    // As the search compares names (place-search.ts normaliseName).
    const key = (name: string) =>
      name
        .normalize('NFKC')
        .toLowerCase()
        .replace(/[\s\p{P}\p{S}\p{Z}]/gu, '');
    const named = new Map<string, number>();
    for (const place of city.places)
      named.set(key(place.name), (named.get(key(place.name)) ?? 0) + 1);
    const candidates = city.places
      .filter(
        (place) =>
          place.name.trim().length >= 2 &&
          named.get(key(place.name)) === 1 &&
          metres(place, station) >= 400,
      )
      .sort((a, b) => metres(a, station) - metres(b, station));
    for (const place of candidates) {
      const at: LonLat = {
        lon: place.lon + (station.lon - place.lon) * 0.4,
        lat: place.lat + (station.lat - place.lat) * 0.4,
      };
      if (otherPolice.some((other) => metres(other, place) < metres(at, place) * 2 + 200)) continue;
      // The search's own answer: this place, and no other exact match, first.
      const hits = await api<{ name: string; lon: number; lat: number }[]>(
        'dispatcher',
        'GET',
        `/api/v1/places/search?q=${encodeURIComponent(place.name)}&limit=5`,
      );
      if (hits[0]?.name !== place.name || hits[0].lon !== place.lon || hits[0].lat !== place.lat)
        continue;
      if (hits.slice(1).some((hit) => key(hit.name) === key(place.name))) continue;
      scene = { lon: place.lon, lat: place.lat };
      sceneName = place.name;
      sceneLabel = place.localNames?.en ?? place.name;
      phoneAt = at;
      break;
    }
    if (!sceneName) throw new Error(`no named place for a scene near ${UNIT}`);
    // A plan for the test's category: one police car at tier 1, with time to answer.
    await api('admin', 'POST', '/api/v1/plans', {
      id: 'plan-e2e-suspicious',
      orgId: 'district',
      name: 'e2e: one police car',
      categoryCode: CATEGORY,
      priorities: [],
      preemptLowerPriority: false,
      tiers: [{ tier: 1, acceptTimeoutSeconds: 300, units: [{ kinds: ['police'], count: 1 }] }],
    });

    dispatcherBrowser = await launchChromium({ locale: 'en-US', timezoneId: 'Asia/Shanghai' });
    responderBrowser = await launchChromium({
      locale: 'en-US',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      geolocation: { longitude: phoneAt.lon, latitude: phoneAt.lat, accuracy: 8 },
      permissions: ['geolocation'],
    });
    dispatcher = await dispatcherBrowser.context.newPage();
    responder = await responderBrowser.context.newPage();
    for (const page of [dispatcher, responder])
      page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 240_000);

  afterAll(async () => {
    await responderBrowser?.close();
    await dispatcherBrowser?.close();
    await server?.close();
  });

  it('logs both in: the console map, and the phone reporting its position', async () => {
    await logIn(dispatcher, 'dispatcher');
    await dispatcher.locator('[data-map-ready]').waitFor({ timeout: 60_000 });
    await logIn(responder, 'responder');
    await responder.getByTestId('responder-view').waitFor();
    // The one gesture the browser needs before the alert may make a sound.
    await responder.getByRole('button', { name: /Tap to enable alert sound/ }).click();
    await responder.getByRole('button', { name: /Tap to enable alert sound/ }).waitFor({
      state: 'detached',
    });
    await expect
      .poll(() => responder.getByTestId('responder-position').textContent(), { timeout: 20_000 })
      .toMatch(/Position: GPS.*sent/);
    // The server has the phone's fix for the unit.
    const tracker = server.server.ctx.positions;
    await expect
      .poll(() => {
        const at = tracker.positions.get(UNIT);
        return at ? Math.round(metres(at, phoneAt)) : -1;
      })
      .toBeLessThan(5);
    await responder
      .getByText('Standing by', { exact: false })
      .first()
      .waitFor({ state: 'visible' });
    // The dispatcher's map, showing where the responder is and where the call will come from.
    await dispatcher.evaluate(
      ([a, b]) =>
        (window as unknown as ConsoleWindow).__jiefangMap.fitBounds(
          [
            [Math.min(a.lon, b.lon), Math.min(a.lat, b.lat)],
            [Math.max(a.lon, b.lon), Math.max(a.lat, b.lat)],
          ],
          { padding: 120, maxZoom: 16.5, duration: 0 },
        ),
      [phoneAt, scene],
    );
    await dispatcherSeesUnit('available');
  }, 150_000);

  it('the dispatcher takes the call with the form and accepts the recommendation with Enter', async () => {
    // N opens the form; the category, the place by its name (keyboard only), what happened.
    await dispatcher.locator('body').press('n');
    await dispatcher.getByRole('region', { name: 'New incident' }).waitFor();
    await dispatcher.getByLabel('Category').selectOption(CATEGORY);
    await dispatcher.getByLabel('Priority').selectOption('2');
    const search = dispatcher.getByRole('combobox', { name: 'Place' });
    await search.fill(sceneName);
    await dispatcher.getByRole('option', { name: sceneName }).first().waitFor();
    await search.press('ArrowDown');
    await search.press('ArrowUp');
    await search.press('Enter');
    const chosen = dispatcher.getByTestId('place-chosen');
    await expect(chosen.textContent()).resolves.toContain(sceneLabel);
    await expect(chosen.textContent()).resolves.toContain(
      `${scene.lon.toFixed(5)}, ${scene.lat.toFixed(5)}`,
    );
    await dispatcher
      .getByLabel('What happened')
      .fill('Man trying car door handles along the street');
    await dispatcher.getByRole('button', { name: 'Create incident' }).click();
    const panel = dispatcher.locator('.incident-panel');
    await panel.waitFor({ timeout: 20_000 });
    incidentId = (await panel.getAttribute('data-incident-id')) ?? '';
    expect(incidentId).not.toBe('');
    await expect(panel.locator('h2').textContent()).resolves.toContain(sceneLabel);
    // The recommendation: the responder's car, the only police car of the plan's one tier.
    await dispatcher.locator('.rec-candidates li').first().waitFor({ timeout: 20_000 });
    expect(await dispatcher.locator('.rec-candidates li .rec-name').allTextContents()).toEqual([
      unitName,
    ]);
    const accept = dispatcher.getByTestId('accept-recommendation');
    await expect.poll(() => accept.isEnabled(), { timeout: 20_000 }).toBe(true);
    await waitForMapIdle(dispatcher);
    await shot(dispatcher, 'e2e-dispatcher-recommendation');
    // Enter accepts (with nothing focused that would take the key for itself).
    await dispatcher.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await dispatcher.keyboard.press('Enter');
    await dispatcher.getByText(/^Dispatched \d+:/).waitFor({ timeout: 20_000 });
    await panel
      .locator('.dispatch-row[data-dispatch-status]')
      .filter({ hasText: unitName })
      .waitFor({ timeout: 20_000 });
    const dispatched = await api<{ unitId: string; tier: number }[]>(
      'dispatcher',
      'GET',
      `/api/v1/dispatches?incidentId=${incidentId}`,
    );
    expect(dispatched.map((d) => d.unitId)).toEqual([UNIT]);
    // The dispatcher's map draws the incident.
    await dispatcher.waitForFunction(
      (id) => {
        const map = (window as MapHandleWindow).__jiefangMap;
        return Boolean(
          map?.getLayer('incidents-points') &&
          map
            .queryRenderedFeatures({ layers: ['incidents-points'] })
            .some((f) => (f.properties as { incidentId: string }).incidentId === id),
        );
      },
      incidentId,
      { timeout: 20_000, polling: 250 },
    );
    await dispatcherSeesUnit('notified');
    await waitForMapIdle(dispatcher);
    await shot(dispatcher, 'e2e-dispatcher');
  }, 90_000);

  it('the phone alerts, shows the job and the route; the responder accepts', async () => {
    const job = responder.getByTestId('responder-job');
    await job.waitFor({ timeout: 20_000 });
    expect(await job.getAttribute('role')).toBe('alert');
    expect(await job.textContent()).toContain('New dispatch');
    expect(await job.textContent()).toContain('Suspicious activity');
    expect(await job.textContent()).toContain(sceneLabel);
    // The phone told the server the alert arrived.
    await expect.poll(() => job.getAttribute('data-status')).toBe('delivered');
    // The route: its summary, and the line drawn on the phone's map.
    await expect
      .poll(() => responder.getByTestId('responder-route-summary').textContent(), {
        timeout: 20_000,
      })
      .toMatch(/m · \d+:\d\d by road/);
    await responder.waitForFunction(
      () => {
        const map = (window as MapHandleWindow).__jiefangMap;
        return Boolean(
          map?.getLayer('responder-route-line') &&
          map.queryRenderedFeatures({ layers: ['responder-route-line'] }).length > 0,
        );
      },
      null,
      { timeout: 30_000, polling: 250 },
    );
    await waitForMapIdle(responder);
    await shot(responder, 'e2e-responder-incoming');

    await responder.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => job.getAttribute('data-status')).toBe('accepted');
    expect(await responder.getByRole('button', { name: 'Decline' }).count()).toBe(0);
    const timeline = await api<{ events: { type: string }[] }>(
      'dispatcher',
      'GET',
      `/api/v1/incidents/${incidentId}/timeline`,
    );
    expect(timeline.events.map((e) => e.type)).toContain('dispatch.accepted');
  }, 120_000);

  it('en route, on scene, cleared: each step on the phone and on the dispatcher’s screen', async () => {
    const job = responder.getByTestId('responder-job');
    await responder.getByRole('button', { name: 'En route' }).click();
    await expect.poll(() => job.getAttribute('data-status')).toBe('en_route');
    await expect
      .poll(() => responder.getByTestId('responder-unit-status').textContent())
      .toBe('En route');
    await dispatcherSeesUnit('en_route');
    await waitForMapIdle(responder);
    await shot(responder, 'e2e-responder-en-route');

    await responder.getByRole('button', { name: 'On scene' }).click();
    await expect.poll(() => job.getAttribute('data-status')).toBe('on_scene');
    await dispatcherSeesUnit('on_scene');
    await shot(responder, 'e2e-responder-on-scene');

    await responder.getByRole('button', { name: 'Cleared' }).click();
    await job.waitFor({ state: 'detached', timeout: 20_000 });
    await responder
      .getByText('Standing by', { exact: false })
      .first()
      .waitFor({ state: 'visible' });
    await expect
      .poll(() => responder.getByTestId('responder-unit-status').textContent())
      .toBe('Available');
    await dispatcherSeesUnit('available');
    await shot(dispatcher, 'e2e-dispatcher-after');
  }, 120_000);

  it('keeps the job through a reload (a reconnect reads it back from the server)', async () => {
    // A second dispatch, then the phone reloads before answering: the job is still there.
    await api('dispatcher', 'POST', '/api/v1/dispatches', {
      incidentId,
      unitId: UNIT,
      tier: 1,
      acceptTimeoutSeconds: 300,
    });
    const job = responder.getByTestId('responder-job');
    await job.waitFor({ timeout: 20_000 });
    await responder.reload();
    await responder.getByTestId('responder-view').waitFor({ timeout: 30_000 });
    await job.waitFor({ timeout: 20_000 });
    expect(['notified', 'delivered']).toContain(await job.getAttribute('data-status'));
    // Decline with a reason: the dispatcher's side is told why.
    await responder.getByRole('button', { name: 'Decline' }).click();
    await responder.getByLabel('Too far away').check();
    await responder.getByRole('button', { name: 'Send decline' }).click();
    await job.waitFor({ state: 'detached', timeout: 20_000 });
    // The phone's outbox sends the decline just after the card goes: the server has it shortly.
    await expect
      .poll(
        async () =>
          (
            await api<{ unitId: string; status: string }[]>(
              'dispatcher',
              'GET',
              `/api/v1/dispatches?incidentId=${incidentId}`,
            )
          )
            .filter((d) => d.unitId === UNIT)
            .map((d) => d.status)
            .sort(),
        { timeout: 20_000 },
      )
      .toEqual(['cleared', 'declined']);
  }, 120_000);

  it('shows the supervisor the incident against its deadline and today’s 1-3-5 figures', async () => {
    // The phone is done; the console's browser signs in as the supervisor (two machines'
    // worth of software WebGL on two cores is the most this test asks for at once).
    await responderBrowser.close();
    const page = dispatcher;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('User name').waitFor();
    await logIn(page, 'supervisor');
    await page.locator('[data-map-ready]').waitFor({ timeout: 90_000 });
    const row = page.getByTestId('supervisor-incident').filter({ hasText: 'Suspicious activity' });
    await row.waitFor({ timeout: 20_000 });
    expect(['ok', 'amber', 'red']).toContain(await row.getAttribute('data-deadline'));
    expect(await row.textContent()).toMatch(/left|overdue/);
    // Today's figures: the one incident, met within its minute.
    await page.getByTestId('chart-share').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('chart-share').getAttribute('aria-label')).toContain(
      'Tier 1 · 1 min: 100%',
    );
    // The charts drew on their canvases.
    for (const id of ['chart-response', 'chart-share', 'chart-hour'])
      expect(await page.getByTestId(id).locator('canvas').count()).toBeGreaterThan(0);
    await waitForMapIdle(page);
    await shot(page, 'e2e-supervisor');
  }, 150_000);

  it('ran without page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});

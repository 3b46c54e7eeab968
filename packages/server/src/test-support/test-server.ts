import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Clock } from '@jiefang/core';
import { CityRouter, importOsm, type CityGraphData } from '@jiefang/routing';
import { openStore, type JiefangStore } from '@jiefang/store';
import { createServer, type JiefangServer } from '../app.ts';
import { defaultConfig, type ServerConfig } from '../config.ts';
import type { PositionTracker } from '../positions/position-tracker.ts';
import { DEMO_LOGINS, seedDemoCity, type DemoSeed } from '../seed/demo-seed.ts';
import { COMPACT_NANJING, type NanjingDemoOptions } from '../seed/nanjing-demo-city.ts';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
export const DEMO_OSM = join(repoRoot, 'cities/nanjing-xinjiekou/nanjing_xuanwu.osm');

let demoCity: Promise<CityGraphData> | undefined;
/** The demo city's graph, imported once per test worker. */
export function demoCityGraph(): Promise<CityGraphData> {
  demoCity ??= importOsm(DEMO_OSM);
  return demoCity;
}

export interface TestServer extends JiefangServer {
  seed: DemoSeed;
  store: JiefangStore;
  positions: PositionTracker;
  /** Session cookie header of each demo login, by user name. */
  cookie(username: string): Promise<string>;
  /** Puts every seeded unit at its start position with a fresh fix. */
  placeUnits(): void;
  /** A dispatcher's call taken at a point of station-1 (POST /api/v1/incidents, expects 201). */
  createIncident(
    at: { lon: number; lat: number },
    fields?: Record<string, unknown>,
  ): Promise<{ id: string }>;
}

/**
 * A real server (real SQLite file or PostgreSQL, real routing on the demo city, the demo seed),
 * driven through Fastify's inject: what the API tests run against.
 */
export async function startTestServer(
  options: {
    databaseUrl?: string;
    clock?: Clock;
    config?: Partial<ServerConfig>;
    /** The district to seed (default COMPACT_NANJING). */
    nanjing?: NanjingDemoOptions;
  } = {},
): Promise<TestServer> {
  const databaseUrl =
    options.databaseUrl ?? join(mkdtempSync(join(tmpdir(), 'jiefang-server-')), 'test.db');
  const store = await openStore(databaseUrl);
  const router = new CityRouter(await demoCityGraph());
  const config = defaultConfig({
    databaseUrl,
    logLevel: 'silent',
    loginAttemptsPerMinute: 1000,
    ...options.config,
  });
  const server = await createServer(config, { store, router, clock: options.clock });
  const positions = server.ctx.positions;
  await positions.restore();
  // The API tests' recommendations and counts were written for the compact district; the
  // demo's full one is checked by demo-seed.test.ts.
  const seed = await seedDemoCity(server.ctx, { nanjing: options.nanjing ?? COMPACT_NANJING });
  const cookies = new Map<string, string>();
  const close = server.close.bind(server);
  const testServer: TestServer = {
    ...server,
    seed,
    store,
    positions,
    async cookie(username) {
      const known = cookies.get(username);
      if (known) return known;
      const login = DEMO_LOGINS.find((l) => l.username === username);
      if (!login) throw new Error(`no demo login ${username}`);
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password: login.password },
      });
      if (response.statusCode !== 200) throw new Error(`login ${username}: ${response.body}`);
      const setCookie = response.cookies.find((c) => c.name === 'jf_session');
      const header = `jf_session=${setCookie!.value}`;
      cookies.set(username, header);
      return header;
    },
    placeUnits() {
      const now = server.ctx.clock.now();
      for (const [unitId, at] of seed.startPositions) {
        const unit = server.ctx.world.units.get(unitId)?.value;
        if (unit) positions.report(unit, { lon: at.lon, lat: at.lat, at: now, accuracyM: 5 });
      }
    },
    async createIncident(at, fields = {}) {
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/v1/incidents',
        headers: { cookie: await testServer.cookie('dispatcher') },
        payload: {
          source: 'call',
          categoryCode: 'theft',
          orgId: 'station-1',
          location: { lon: at.lon, lat: at.lat },
          description: 'test call',
          ...fields,
        },
      });
      if (response.statusCode !== 201) throw new Error(`create incident: ${response.body}`);
      return response.json() as { id: string };
    },
    async close() {
      await close();
      await store.close();
    },
  };
  return testServer;
}

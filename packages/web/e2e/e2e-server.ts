import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBasemapFile } from '@jiefang/basemap';
import { importOsm, writeGraphFile } from '@jiefang/routing';
import { defaultConfig, startServer, type DemoLogin, type RunningServer } from '@jiefang/server';
import { ensureWebBuilt } from '../scripts/ensure-built.mjs';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

/** The bundled demo city (cities/nanjing-xinjiekou). */
export const DEMO_OSM = join(repoRoot, 'cities/nanjing-xinjiekou/nanjing_xuanwu.osm');

/** Screenshots and other evidence of a browser run (gitignored: /artifacts/). */
export const E2E_ARTIFACTS = join(repoRoot, 'artifacts/e2e');

/** The server's position tracker, as the browser tests drive it. */
export interface PositionsService {
  positions: Map<string, { lon: number; lat: number }>;
  report(unit: unknown, fix: { lon: number; lat: number; at: number; accuracyM: number }): void;
}

export interface E2eServer {
  /** http://127.0.0.1:<port> — the console and the API on one origin. */
  url: string;
  server: RunningServer;
  login(username: string): DemoLogin;
  /** Every unit gets a fresh fix where it stands (the demo's are minutes old by then). */
  refreshPositions(): void;
  close(): Promise<void>;
}

/**
 * The real server for browser tests: the web console built if stale (`vite build`), the demo
 * city's graph and basemap imported into a temp folder, a fresh SQLite file, the demo seed,
 * and `startServer` listening on a free port — what `npm start` runs, minus the fixed paths.
 */
export async function startE2eServer(
  options: { log?: (line: string) => void } = {},
): Promise<E2eServer> {
  const log = options.log ?? (() => {});
  await ensureWebBuilt({ log });
  mkdirSync(E2E_ARTIFACTS, { recursive: true });
  const directory = mkdtempSync(join(tmpdir(), 'jiefang-e2e-'));
  const cityGraph = join(directory, 'city.graph');
  const basemap = join(directory, 'city.graph.basemap.json.gz');
  writeGraphFile(cityGraph, await importOsm(DEMO_OSM));
  await buildBasemapFile(DEMO_OSM, basemap);
  const config = defaultConfig({
    host: '127.0.0.1',
    port: 0,
    databaseUrl: join(directory, 'e2e.db'),
    cityGraph,
    basemap,
    logLevel: 'warn',
    loginAttemptsPerMinute: 1000,
    timeZone: 'Asia/Shanghai',
  });
  const server = await startServer(config, { demo: true, log });
  if (!server.ctx.services.webApp) {
    await server.close();
    throw new Error(
      'the server does not serve the web console: webAppRoutes (packages/server/src/routes/web-app-routes.ts) is not registered',
    );
  }
  const url = server.url.replace('localhost', '127.0.0.1');
  return {
    url,
    server,
    login(username) {
      const found = server.logins.find((l) => l.username === username);
      if (!found) throw new Error(`no demo login ${username}`);
      return found;
    },
    refreshPositions() {
      const ctx = server.ctx;
      const tracker = ctx.positions;
      const now = ctx.clock.now();
      for (const [unitId, fix] of [...tracker.positions]) {
        const unit = ctx.world.units.get(unitId)?.value;
        if (unit) tracker.report(unit, { lon: fix.lon, lat: fix.lat, at: now, accuracyM: 10 });
      }
    },
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

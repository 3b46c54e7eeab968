import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '@jiefang/core';
import { CityRouter, importOsm, type CityGraphData } from '@jiefang/routing';
import type { PositionTracker } from '@jiefang/server';
import {
  createServer,
  defaultConfig,
  seedDemoCity,
  type DemoSeed,
  type JiefangServer,
} from '@jiefang/server';
import { openStore } from '@jiefang/store';
import { portlandCalls, portlandOsm } from '../paths.ts';
import { portlandDemo, type PortlandDemoOptions, type ReplayDemo } from './portland-demo.ts';

/** The shared Portland data are beside the repository on development machines and in CI. */
export const HAVE_PORTLAND = existsSync(portlandOsm()) && existsSync(portlandCalls());

let graph: Promise<CityGraphData> | undefined;
/** The central Portland graph, imported once per test worker. */
export function portlandGraph(): Promise<CityGraphData> {
  graph ??= importOsm(portlandOsm());
  return graph;
}

export interface PortlandTestServer extends JiefangServer {
  demo: ReplayDemo;
  seed: DemoSeed;
  positions: PositionTracker;
  /** Puts every seeded unit at its start position with a fresh fix. */
  placeUnits(): void;
}

/** A real server (SQLite file, routing on central Portland) seeded with the Portland demo. */
export async function startPortlandServer(
  options: { clock?: Clock; demo?: PortlandDemoOptions } = {},
): Promise<PortlandTestServer> {
  const databaseUrl = join(mkdtempSync(join(tmpdir(), 'jiefang-portland-')), 'test.db');
  const store = await openStore(databaseUrl);
  const router = new CityRouter(await portlandGraph());
  const demo = portlandDemo(router, options.demo);
  const config = defaultConfig({ databaseUrl, logLevel: 'silent', loginAttemptsPerMinute: 1000 });
  const server = await createServer(config, { store, router, clock: options.clock });
  const positions = server.ctx.positions;
  const seed = await seedDemoCity(server.ctx, { city: demo.city });
  const close = server.close.bind(server);
  return {
    ...server,
    demo,
    seed,
    positions,
    placeUnits() {
      const now = server.ctx.clock.now();
      for (const [unitId, at] of seed.startPositions) {
        const unit = server.ctx.world.units.get(unitId)?.value;
        if (unit) positions.report(unit, { lon: at.lon, lat: at.lat, at: now, accuracyM: 5 });
      }
    },
    async close() {
      await close();
      await store.close();
    },
  };
}

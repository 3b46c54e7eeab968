import { readFileSync } from 'node:fs';
import { haversineMetres, type Incident } from '@jiefang/core';
import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EPSG_2913 } from '../city/portland-calls.ts';
import {
  HAVE_PORTLAND,
  startPortlandServer,
  type PortlandTestServer,
} from '../city/portland-test-support.ts';
import { portlandCalls } from '../paths.ts';
import { SimulationClock } from './simulation-clock.ts';
import { startSimulator } from './simulator.ts';

/** The raw NIJ rows (x, y in EPSG:2913 feet), converted here independently of the reader. */
function rawRows(): Map<number, { lon: number; lat: number; date: string }> {
  const lines = readFileSync(portlandCalls(), 'utf8').split(/\r?\n/);
  const header = lines[0].split(';').map((h) => h.trim());
  const [cx, cy, cd] = ['x_coordinate', 'y_coordinate', 'occ_date'].map((n) => header.indexOf(n));
  const toWgs84 = proj4(EPSG_2913, 'EPSG:4326');
  const rows = new Map<number, { lon: number; lat: number; date: string }>();
  lines.forEach((line, row) => {
    if (row === 0 || line.trim() === '') return;
    const f = line.split(';');
    const [lon, lat] = toWgs84.forward([Number(f[cx]), Number(f[cy])]);
    rows.set(row, { lon, lat, date: f[cd].trim() });
  });
  return rows;
}

describe.skipIf(!HAVE_PORTLAND)(
  'live simulator replaying Portland calls (needs ../shared/data)',
  () => {
    let server: PortlandTestServer;
    // The replayed day's local midnight (2016-08-22 00:00 PDT).
    const midnight = Date.UTC(2016, 7, 22, 7);
    const clock = new SimulationClock(midnight);

    beforeAll(async () => {
      server = await startPortlandServer({ clock, demo: { start: '2016-08-22', seed: 1 } });
      server.placeUnits();
    }, 60_000);

    afterAll(async () => {
      await server?.close();
    });

    it('creates the calls of the first hour at their times and places', async () => {
      expect(server.demo.startEpochMs).toBe(midnight);
      const errors: unknown[] = [];
      const sim = startSimulator(server.ctx, {
        manual: true,
        autoDispatch: true,
        incidents: server.demo.incidents,
        replayStartMs: server.demo.startEpochMs,
        routines: server.demo.routines,
        seed: 1,
        onError: (error) => errors.push(error),
      });
      // One simulated hour from midnight, as fast as it runs.
      const started = performance.now();
      await sim.advance(3600);
      await sim.stop();
      expect(clock.now()).toBe(midnight + 3600_000);
      expect(performance.now() - started).toBeLessThan(60_000);
      expect(errors).toEqual([]);

      const firstHour = server.demo.incidents.filter((d) => d.atSeconds < 3600);
      expect(firstHour.length).toBeGreaterThanOrEqual(5); // ~4 % of ~230 calls
      const created = [...server.ctx.world.incidents.values()].map((v) => v.value as Incident);
      expect(created.map((i) => i.id).sort()).toEqual(firstHour.map((d) => d.id).sort());
      expect(sim.stats.incidents).toBe(firstHour.length);
      expect(sim.stats.replayPending).toBe(server.demo.incidents.length - firstHour.length);

      const rows = rawRows();
      for (const incident of created) {
        const draft = firstHour.find((d) => d.id === incident.id)!;
        // Received at the replayed time…
        expect(
          Math.abs(Date.parse(incident.receivedAt) - (midnight + draft.atSeconds * 1000)),
        ).toBeLessThan(1000);
        // …at the call's place: the row's EPSG:2913 coordinates converted to WGS84.
        const row = rows.get(Number(incident.id.replace('pdx-', '')))!;
        expect(row.date).toBe('22/08/2016');
        expect(
          haversineMetres(row.lon, row.lat, incident.location.lon, incident.location.lat),
        ).toBeLessThan(3);
        expect(incident.orgId).toBe('district');
      }
      // The fleet moved and answered.
      expect(sim.stats.positionReports).toBeGreaterThan(600 * 60);
      expect(sim.stats.alerts).toBeGreaterThan(0);
    }, 120_000);

    it('resumes a replay without creating a call twice', async () => {
      const before = server.ctx.world.incidents.size;
      const sim = startSimulator(server.ctx, {
        manual: true,
        incidents: server.demo.incidents,
        replayStartMs: server.demo.startEpochMs,
        routines: server.demo.routines,
      });
      // Calls already created or already past are not scheduled again.
      const still = server.demo.incidents.filter(
        (d) => midnight + d.atSeconds * 1000 >= clock.now(),
      ).length;
      expect(sim.stats.replayPending).toBe(still);
      await sim.advance(600);
      await sim.stop();
      const due = server.demo.incidents.filter(
        (d) => midnight + d.atSeconds * 1000 <= clock.now(),
      ).length;
      expect(server.ctx.world.incidents.size).toBe(due);
      expect(server.ctx.world.incidents.size).toBeGreaterThanOrEqual(before);
    }, 60_000);
  },
);

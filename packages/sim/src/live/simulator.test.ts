import { haversineMetres, type Dispatch, type Incident } from '@jiefang/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@jiefang/server/test-support';
import { SimulationClock } from './simulation-clock.ts';
import { startSimulator } from './simulator.ts';

describe('live simulator in the server process', () => {
  let server: TestServer;
  // 09:00 in Nanjing.
  const clock = new SimulationClock(Date.UTC(2026, 0, 5, 1));

  beforeAll(async () => {
    server = await startTestServer({ clock });
    server.placeUnits();
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it('moves units, raises incidents and plays responders through to cleared', async () => {
    const start = new Map(
      [...server.positions.positions].map(([id, p]) => [id, [p.lon, p.lat] as const]),
    );
    const errors: unknown[] = [];
    const sim = startSimulator(server.ctx, {
      manual: true,
      autoDispatch: true,
      incidentsPerHour: 20,
      seed: 3,
      onError: (error) => errors.push(error),
    });
    const t0 = clock.now();
    await sim.advance(60 * 60);
    await sim.stop();
    expect(clock.now() - t0).toBe(3600_000);
    expect(errors).toEqual([]);

    const incidents = [...server.ctx.world.incidents.values()].map((i) => i.value as Incident);
    expect(incidents.length).toBeGreaterThan(3);
    expect(sim.stats.incidents).toBe(incidents.length);
    // Made-up calls say so, in the city's language.
    for (const incident of incidents) {
      expect(incident.source).toBe('simulated');
      expect(incident.description).toMatch(/^模拟警情：/);
      // A call at a named place names it in both console languages.
      if (incident.location.placeName !== undefined)
        expect(incident.location.placeLocalNames?.en, incident.location.placeName).toBeDefined();
    }

    let moved = 0;
    for (const [id, [lon, lat]] of start) {
      const now = server.positions.positions.get(id)!;
      expect(clock.now() - now.at).toBeLessThanOrEqual(5000); // fresh fixes all along
      if (haversineMetres(lon, lat, now.lon, now.lat) > 50) moved++;
    }
    expect(moved).toBeGreaterThan(start.size / 2);

    const dispatches = [...server.ctx.world.dispatches.values()].map((d) => d.value as Dispatch);
    const cleared = dispatches.filter((d) => d.status === 'cleared');
    expect(cleared.length).toBeGreaterThan(0);
    for (const d of cleared) {
      const times = ['notified', 'accepted', 'on_scene', 'cleared'].map((s) =>
        Date.parse(d.times[s as keyof Dispatch['times']]!),
      );
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    }
    // Arrivals come from the positions (within 50 m) rather than a button, mostly.
    expect(dispatches.some((d) => d.arrivalSource === 'position')).toBe(true);
    // Handled incidents went on to supervision.
    expect(incidents.some((i) => i.workflow.stage === 'supervise')).toBe(true);
    expect(sim.stats.positionReports).toBeGreaterThan(700 * start.size);
  }, 120_000);

  it('keeps a dispatcher busy at the evening peak, and callers nobody answers withdraw', async () => {
    // 17:00 in Nanjing, the busiest hour of the diurnal profile.
    clock.set(Date.UTC(2026, 0, 6, 9));
    const before = server.ctx.world.incidents.size;
    const sim = startSimulator(server.ctx, {
      manual: true,
      withdrawAfterSeconds: 600,
      seed: 5,
      positionIntervalSeconds: 30,
    });
    await sim.advance(30 * 60);
    await sim.stop();
    const drawn = server.ctx.world.incidents.size - before;
    // DEMO_INCIDENTS_PER_HOUR at the peak: about two a minute, so "a few per minute".
    expect(drawn / 30).toBeGreaterThan(1);
    expect(drawn / 30).toBeLessThan(4);
    // Nobody was sent: those older than ten minutes were withdrawn, the rest still wait.
    const now = clock.now();
    const mine = [...server.ctx.world.incidents.values()]
      .map((i) => i.value as Incident)
      .filter((i) => Date.parse(i.receivedAt) >= Date.UTC(2026, 0, 6, 9));
    expect(mine).toHaveLength(drawn);
    expect(sim.stats.withdrawn).toBeGreaterThan(0);
    for (const incident of mine) {
      const old = now - Date.parse(incident.receivedAt) >= 600_000;
      expect(incident.status, incident.id).toBe(old ? 'cancelled' : 'open');
    }
  }, 120_000);

  it('runs on its own timer at the given speed', async () => {
    const t0 = clock.now();
    const sim = startSimulator(server.ctx, { speed: 600, tickMs: 20, incidentsPerHour: 0 });
    await new Promise((resolve) => setTimeout(resolve, 400));
    await sim.stop();
    // 400 ms at 600× is 240 simulated seconds; allow for slow machines and skipped beats.
    expect(clock.now() - t0).toBeGreaterThanOrEqual(30_000);
    expect(clock.now() - t0).toBeLessThanOrEqual(300_000);
  });

  it('refuses to run faster than real time on the system clock', async () => {
    const plain = await startTestServer();
    try {
      expect(() => startSimulator(plain.ctx, { speed: 10 })).toThrow(/SimulationClock/);
    } finally {
      await plain.close();
    }
  }, 60_000);
});

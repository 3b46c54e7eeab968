import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PoliceUnit } from '@jiefang/core';
import { CityRouter, importOsm } from '@jiefang/routing';
import { describe, expect, it } from 'vitest';
import { offset } from '../city/road-sampler.ts';
import type { Coord } from '../model/motion.ts';
import type { FleetMember, Scenario } from '../model/scenario.ts';
import { defaultTimings } from '../model/timings.ts';
import { evaluate } from './eval-command.ts';
import { simulate } from './simulation.ts';

const ORIGIN: Coord = [118.78, 32.04];

/**
 * Two streets 200 m apart on either side of a river (nothing crosses it but the bridge at
 * the east end, 1 km away), drawn as OSM XML. Node ids by position: 1xx north, 2xx south.
 */
function riverCityOsm(): string {
  const nodes: string[] = [];
  const north: number[] = [];
  const south: number[] = [];
  for (let i = 0; i <= 10; i++) {
    const [nLon, nLat] = offset(ORIGIN, i * 100, 100);
    const [sLon, sLat] = offset(ORIGIN, i * 100, -100);
    nodes.push(`<node id="${100 + i}" lat="${nLat}" lon="${nLon}"/>`);
    nodes.push(`<node id="${200 + i}" lat="${sLat}" lon="${sLon}"/>`);
    north.push(100 + i);
    south.push(200 + i);
  }
  const way = (id: number, refs: number[], tags: Record<string, string>) =>
    `<way id="${id}">${refs.map((r) => `<nd ref="${r}"/>`).join('')}${Object.entries(tags)
      .map(([k, v]) => `<tag k="${k}" v="${v}"/>`)
      .join('')}</way>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6">
${nodes.join('\n')}
${way(1, north, { highway: 'residential', name: 'North Bank Road' })}
${way(2, south, { highway: 'residential', name: 'South Bank Road' })}
${way(3, [110, 210], { highway: 'residential', name: 'Bridge', bridge: 'yes' })}
</osm>`;
}

const police = (id: string, at: Coord): FleetMember => {
  const unit: PoliceUnit = {
    id,
    name: id,
    kind: 'police',
    mode: 'car',
    orgId: 'station-1',
    profile: 'drive',
    turnoutSeconds: 30,
    status: 'available',
    talkGroupIds: [],
  };
  return { unit, routine: { kind: 'stay', home: at, radiusMetres: 0 } };
};

describe('policy simulation', () => {
  it('straight_line sends the car across the river, road_eta the one that can get there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiefang-sim-'));
    const path = join(dir, 'river.osm');
    writeFileSync(path, riverCityOsm());
    const router = new CityRouter(await importOsm(path));
    const incidentAt = offset(ORIGIN, 100, 100); // on the north bank, west end
    const scenario: Scenario = {
      city: 'river',
      router,
      // 200 m away across the water (2 km by road over the bridge), and 600 m up the same bank.
      fleet: [
        police('south-car', offset(ORIGIN, 100, -100)),
        police('north-car', offset(ORIGIN, 700, 100)),
      ],
      incidents: [
        {
          id: 'call-1',
          atSeconds: 60,
          lon: incidentAt[0],
          lat: incidentAt[1],
          categoryCode: 'robbery',
          priority: 2,
          description: 'robbery on the north bank',
        },
      ],
      horizonSeconds: 3600,
      startEpochMs: Date.UTC(2026, 0, 1),
      seed: 7,
      notes: [],
    };
    const straight = simulate(scenario, 'straight_line');
    const road = simulate(scenario, 'road_eta');
    const [s] = straight.outcomes[0].arrivals;
    const [r] = road.outcomes[0].arrivals;
    expect(s.unitId).toBe('south-car');
    expect(r.unitId).toBe('north-car');
    // Same delays for the same unit at the same call; the difference is the road: 2 km vs 600 m.
    const south = router.route(
      router.snap('drive', offset(ORIGIN, 100, -100)),
      router.snap('drive', incidentAt),
      'drive',
    );
    const north = router.route(
      router.snap('drive', offset(ORIGIN, 700, 100)),
      router.snap('drive', incidentAt),
      'drive',
    );
    expect(south.metres).toBeCloseTo(2000, -1);
    expect(north.metres).toBeCloseTo(600, -1);
    const intake = defaultTimings().intakeSeconds;
    expect(s.afterSeconds).toBeGreaterThanOrEqual(intake + 30 + south.seconds - 1e-6);
    expect(r.afterSeconds).toBeGreaterThanOrEqual(intake + 30 + north.seconds - 1e-6);
    expect(r.afterSeconds).toBeLessThan(s.afterSeconds);
  });

  it('gives the same figures for the same seed and different ones for another seed', async () => {
    const options = { city: 'nanjing' as const, days: 1, perDay: 40 };
    const a = await evaluate({ ...options, seed: 1 });
    const b = await evaluate({ ...options, seed: 1 });
    const c = await evaluate({ ...options, seed: 2 });
    expect(JSON.stringify(b.metrics)).toBe(JSON.stringify(a.metrics));
    expect(JSON.stringify(c.metrics)).not.toBe(JSON.stringify(a.metrics));
    expect(Object.keys(a.metrics)).toEqual(['straight_line', 'road_eta', 'tiered_135']);
    for (const m of Object.values(a.metrics)) {
      expect(Object.keys(m)).toEqual([
        'first_on_scene_p50_s',
        'first_on_scene_p90_s',
        'police_on_scene_p90_s',
        'met_60',
        'met_180',
        'met_300',
        'utilisation',
        'unserved_300',
      ]);
    }
    // Every policy saw the same calls.
    const ids = a.runs.map((run) => run.outcomes.map((o) => o.id).join());
    expect(new Set(ids).size).toBe(1);
  }, 60_000);
});

import { describe, expect, it } from 'vitest';
import { RoutingError, RoutingErrorCode } from '../errors.ts';
import {
  fixtureCity,
  METRES_PER_MILLIDEGREE as M,
  secondsAt,
} from '../test-support/fixture-city.ts';

// A square of residential streets, 0.001° (111.2 m) per side, at the equator:
//
//   5 ---- 4          way 10: 1 → 2 → 3  (varies per test)
//   |      |          way 11: 3 — 4
//   1 -2-- 3          way 12: 4 — 5 — 1
const square = (way10Tags: string) => `
node 1 lat=0 lon=0
node 2 lat=0 lon=0.001
node 3 lat=0 lon=0.002
node 4 lat=0.001 lon=0.002
node 5 lat=0.001 lon=0
way 10 nodes=1,2,3 highway=residential ${way10Tags}
way 11 nodes=3,4 highway=residential
way 12 nodes=4,5,1 highway=residential
`;
const at = (lon: number, lat: number) => [lon, lat] as const;
const NODE1 = at(0, 0);
const NODE3 = at(0.002, 0);
const RESIDENTIAL = 25;

describe('importOsm: travel rules', () => {
  it('contracts pass-through nodes but keeps their geometry', async () => {
    const { city } = await fixtureCity(square(''));
    const drive = city.profiles.find((p) => p.profile === 'drive')!;
    // Every node here has degree 2 and both-way streets: the square is one closed chain, so
    // node 1 (the first vertex walked) stays as the only vertex... unless rules differ.
    expect(drive.nodeCount).toBe(1);
    expect(drive.edgeCount).toBe(1);
    expect(drive.edgeGeomStart[1] - drive.edgeGeomStart[0]).toBe(6);
  });

  it('honours oneway=yes: against the arrow the car goes round the block', async () => {
    const { router, city } = await fixtureCity(square('oneway=yes'));
    const drive = city.profiles.find((p) => p.profile === 'drive')!;
    // Node 2 is a pass-through; nodes 1 and 3 join a oneway and a two-way street.
    expect(drive.nodeCount).toBe(2);
    expect(drive.edgeCount).toBe(2);
    expect(router.route(NODE1, NODE3, 'drive').seconds).toBeCloseTo(
      secondsAt(2 * M, RESIDENTIAL),
      3,
    );
    expect(router.route(NODE3, NODE1, 'drive').seconds).toBeCloseTo(
      secondsAt(4 * M, RESIDENTIAL),
      3,
    );
    // Walkers ignore the arrow.
    expect(router.route(NODE3, NODE1, 'walk').seconds).toBeCloseTo(secondsAt(2 * M, 5), 3);
  });

  it('honours oneway=-1 (travel against the way direction only)', async () => {
    const { router } = await fixtureCity(square('oneway=-1'));
    expect(router.route(NODE3, NODE1, 'drive').seconds).toBeCloseTo(
      secondsAt(2 * M, RESIDENTIAL),
      3,
    );
    expect(router.route(NODE1, NODE3, 'drive').seconds).toBeCloseTo(
      secondsAt(4 * M, RESIDENTIAL),
      3,
    );
  });

  it('treats roundabouts as oneway for cars and bikes, not for walkers', async () => {
    const { router } = await fixtureCity(square('junction=roundabout'));
    expect(router.route(NODE3, NODE1, 'drive').seconds).toBeCloseTo(
      secondsAt(4 * M, RESIDENTIAL),
      3,
    );
    expect(router.route(NODE3, NODE1, 'bike').seconds).toBeCloseTo(secondsAt(4 * M, 18), 3);
    expect(router.route(NODE3, NODE1, 'walk').seconds).toBeCloseTo(secondsAt(2 * M, 5), 3);
  });

  it('closes access=no roads to cars but opens them to whoever is allowed', async () => {
    const { router } = await fixtureCity(square('access=no foot=yes'));
    expect(router.route(NODE1, NODE3, 'drive').seconds).toBeCloseTo(
      secondsAt(4 * M, RESIDENTIAL),
      3,
    );
    expect(router.route(NODE1, NODE3, 'walk').seconds).toBeCloseTo(secondsAt(2 * M, 5), 3);
    expect(router.route(NODE1, NODE3, 'bike').seconds).toBeCloseTo(secondsAt(4 * M, 18), 3);
  });

  it('lets motor_vehicle=yes override access=no for cars', async () => {
    const { router } = await fixtureCity(square('access=no motor_vehicle=yes'));
    expect(router.route(NODE1, NODE3, 'drive').seconds).toBeCloseTo(
      secondsAt(2 * M, RESIDENTIAL),
      3,
    );
    expect(router.route(NODE1, NODE3, 'walk').seconds).toBeCloseTo(secondsAt(4 * M, 5), 3);
  });

  it('keeps footways for walkers only', async () => {
    // Way 10 becomes a footway shortcut; cars and bikes (no bicycle=yes) go round.
    const text = square('').replace(
      'way 10 nodes=1,2,3 highway=residential',
      'way 10 nodes=1,2,3 highway=footway',
    );
    const { router, city } = await fixtureCity(text);
    expect(router.route(NODE1, NODE3, 'walk').seconds).toBeCloseTo(secondsAt(2 * M, 5), 3);
    expect(router.route(NODE1, NODE3, 'drive').seconds).toBeCloseTo(
      secondsAt(4 * M, RESIDENTIAL),
      3,
    );
    expect(router.route(NODE1, NODE3, 'bike').seconds).toBeCloseTo(secondsAt(4 * M, 18), 3);
    // The footway's middle node is not part of the car graph at all.
    const drive = city.profiles.find((p) => p.profile === 'drive')!;
    const driveLons = Array.from(drive.geomLon);
    expect(driveLons.filter((lon) => lon === 0.001)).toHaveLength(0);
  });

  it('uses a tagged maxspeed (times the profile factor) instead of the class speed', async () => {
    const { router } = await fixtureCity(square('maxspeed=50'));
    expect(router.route(NODE1, NODE3, 'drive').seconds).toBeCloseTo(secondsAt(2 * M, 50 * 0.8), 3);
    const mph = await fixtureCity(square('maxspeed="30 mph"'));
    expect(mph.router.route(NODE1, NODE3, 'drive').seconds).toBeCloseTo(
      secondsAt(2 * M, 30 * 1.609344 * 0.8),
      3,
    );
  });

  it('keeps only the largest strongly connected part', async () => {
    const text = `${square('')}
node 20 lat=0.01 lon=0.01
node 21 lat=0.01 lon=0.011
way 30 nodes=20,21 highway=residential
`;
    const { city, router } = await fixtureCity(text);
    for (const graph of city.profiles) {
      expect(Array.from(graph.nodeOsmId)).not.toContain(20);
      expect(Array.from(graph.nodeOsmId)).not.toContain(21);
    }
    // A point on the dropped island snaps to the kept network only if it is near enough.
    expect(() => router.snap('drive', [0.0105, 0.01])).toThrow(
      expect.objectContaining({ code: RoutingErrorCode.POINT_NOT_ON_NETWORK }),
    );
  });

  it('drops a oneway dead end that cannot be left (not strongly connected)', async () => {
    const text = `${square('')}
node 6 lat=-0.001 lon=0.002
way 13 nodes=3,6 highway=residential oneway=yes
`;
    const { city } = await fixtureCity(text);
    const drive = city.profiles.find((p) => p.profile === 'drive')!;
    expect(Array.from(drive.nodeOsmId)).not.toContain(6);
    const walk = city.profiles.find((p) => p.profile === 'walk')!;
    expect(Array.from(walk.nodeOsmId)).toContain(6);
  });

  it('reads an unsorted file (ways before nodes, ids descending) into the same graph', async () => {
    const sorted = square('oneway=yes');
    const lines = sorted.trim().split('\n');
    const unsorted = [
      ...lines.filter((l) => l.startsWith('way')),
      ...lines.filter((l) => l.startsWith('node')).reverse(),
    ].join('\n');
    const a = await fixtureCity(sorted);
    const b = await fixtureCity(unsorted, { gzip: true });
    for (const profile of ['drive', 'walk', 'bike']) {
      const ga = a.city.profiles.find((p) => p.profile === profile)!;
      const gb = b.city.profiles.find((p) => p.profile === profile)!;
      expect(Array.from(gb.nodeOsmId)).toEqual(Array.from(ga.nodeOsmId));
      expect(Array.from(gb.edgeForwardSeconds)).toEqual(Array.from(ga.edgeForwardSeconds));
      expect(Array.from(gb.geomLon)).toEqual(Array.from(ga.geomLon));
    }
  });

  it('refuses a file without any road with a coded error', async () => {
    const error = await fixtureCity('node 1 lat=0 lon=0 amenity=police name=Station').catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(RoutingError);
    expect(error.code).toBe(RoutingErrorCode.OSM_NO_ROADS);
    expect(error.message).toMatch(/city\.osm/);
  });

  it('collects named places, police stations even unnamed, with area centroids', async () => {
    const text = `${square('')}
node 40 lat=0.0005 lon=0.0005 amenity=police
node 41 lat=0.002 lon=0.002 shop=mall name="中央商场" name:en="Central Mall"
node 42 lat=0.002 lon=0.003
node 43 lat=0.003 lon=0.003
node 44 lat=0.003 lon=0.002
way 50 nodes=41,42,43,44,41 amenity=school name="Lanyuan School"
node 45 lat=0.001 lon=0.001 amenity=school name="兰园小学"
node 46 lat=0.001 lon=0.002 shop=mall name:en="Central Mall"
node 47 lat=0.001 lon=0.003 amenity=bank name:en="SPD branch"
`;
    const { city } = await fixtureCity(text);
    const byName = new Map(city.places.map((p) => [p.name, p]));
    expect(byName.get('police')?.kind).toBe('amenity=police');
    expect(byName.get('中央商场')?.altNames).toEqual(['Central Mall']);
    const school = byName.get('Lanyuan School')!;
    expect(school.lon).toBeCloseTo(0.0025, 9);
    expect(school.lat).toBeCloseTo(0.0025, 9);
    // Names in both console languages, English-only ones given the city's own Chinese.
    expect(byName.get('中央商场')?.localNames).toEqual({ zh: '中央商场', en: 'Central Mall' });
    expect(byName.get('police')?.localNames).toEqual({ zh: '派出所', en: 'Police station' });
    expect(school.localNames).toEqual({ zh: '兰园学校', en: 'Lanyuan School' });
    const central = city.places.find((p) => p.osmId === 46)!;
    expect(central.localNames).toEqual({ zh: '中央商场', en: 'Central Mall' });
    expect(city.places.find((p) => p.osmId === 47)!.localNames).toEqual({
      zh: '银行',
      en: 'SPD branch',
    });
  });
});

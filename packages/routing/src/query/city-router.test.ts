import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importOsm } from '../build/import-osm.ts';
import { haversineMetres } from '../geo/geodesy.ts';
import { RoutingErrorCode } from '../errors.ts';
import type { CityGraphData } from '../graph/profile-graph.ts';
import {
  fixtureCity,
  METRES_PER_MILLIDEGREE as M,
  SHARED_DATA,
  secondsAt,
} from '../test-support/fixture-city.ts';
import { CityRouter } from './city-router.ts';

// The square of import-osm.test.ts with a oneway bottom street (1 → 3, through node 2).
const ONEWAY_SQUARE = `
node 1 lat=0 lon=0
node 2 lat=0 lon=0.001
node 3 lat=0 lon=0.002
node 4 lat=0.001 lon=0.002
node 5 lat=0.001 lon=0
way 10 nodes=1,2,3 highway=residential oneway=yes name="Oneway St"
way 11 nodes=3,4 highway=residential
way 12 nodes=4,5,1 highway=residential name="中山路"
`;
const T = secondsAt(M, 25); // seconds per 0.001° of residential street

describe('CityRouter on a hand-made city', () => {
  let router: CityRouter;
  beforeAll(async () => {
    router = (await fixtureCity(ONEWAY_SQUARE)).router;
  });

  it('snaps onto the segment by projection, not to the nearest node', () => {
    const point = router.snap('drive', [0.0005, -0.0001]);
    expect(point.lon).toBeCloseTo(0.0005, 9);
    expect(point.lat).toBeCloseTo(0, 9);
    expect(point.fraction).toBeCloseTo(0.25, 6);
    expect(point.offRoadMetres).toBeCloseTo(0.1 * M, 1);
  });

  it('routes between mid-edge points with, and against, a oneway', () => {
    const along = router.route([0.0005, 0], [0.0015, 0], 'drive');
    expect(along.seconds).toBeCloseTo(T, 4);
    expect(along.metres).toBeCloseTo(M, 2);
    expect(along.geometry.coordinates[0]).toEqual([0.0005, 0]);
    // Against the arrow: on to node 3, round the block (4 sides of 0.001° … 4 M), back to 0.0005.
    const against = router.route([0.0015, 0], [0.0005, 0], 'drive');
    expect(against.seconds).toBeCloseTo(0.5 * T + 4 * T + 0.5 * T, 4);
    expect(against.metres).toBeCloseTo(5 * M, 1);
    const coordinates = against.geometry.coordinates;
    expect(coordinates[0]).toEqual([0.0015, 0]);
    expect(coordinates[coordinates.length - 1][0]).toBeCloseTo(0.0005, 9);
    expect(coordinates).toContainEqual([0.002, 0.001]);
    expect(coordinates).toContainEqual([0, 0.001]);
  });

  it('reach gives each source its time to the target, Infinity beyond the limit', () => {
    const target = [0.001, 0] as const; // node 2, on the oneway
    const sources = [
      [0, 0], // node 1: one block along the oneway
      [0.002, 0], // node 3: against the oneway, round the block
      [0, 0.0005], // mid-way up the left street
    ] as const;
    const seconds = router.reach(target, sources, 'drive', 600);
    expect(seconds[0]).toBeCloseTo(T, 4);
    expect(seconds[1]).toBeCloseTo(4 * T + T, 4);
    expect(seconds[2]).toBeCloseTo(0.5 * T + T, 4);
    const bounded = router.reach(target, sources, 'drive', 2 * T);
    expect(bounded[0]).toBeCloseTo(T, 4);
    expect(bounded[1]).toBe(Infinity);
    expect(bounded[2]).toBeCloseTo(1.5 * T, 4);
  });

  it('draws an isochrone that cuts edges at the limit', () => {
    const iso = router.isochrone([0, 0], 'drive', 1.5 * T);
    let metres = 0;
    for (const feature of iso.features) {
      const c = feature.geometry.coordinates;
      for (let i = 1; i < c.length; i++)
        metres += haversineMetres(c[i - 1][0], c[i - 1][1], c[i][0], c[i][1]);
    }
    // From node 1: 1.5 blocks along the oneway, and 1.5 blocks up the two-way street.
    expect(metres).toBeCloseTo(3 * M, 0);
    expect(iso.features.map((f) => f.properties.name)).toContain('中山路');
  });

  it('measures coverage as the share of road length within each threshold', () => {
    const result = router.coverage([[0, 0]], 'drive', [T, 2 * T, 10 * T]);
    const total = 6 * M;
    expect(result.totalMetres).toBeCloseTo(total, 0);
    // Within T: 1 block of the oneway + 1 block up the left street.
    expect(result.thresholds[0].metres).toBeCloseTo(2 * M, 0);
    expect(result.thresholds[1].metres).toBeCloseTo(4 * M, 0);
    expect(result.thresholds[2].share).toBeCloseTo(1, 6);
    // Per-vertex times: node 1 is where the source stands.
    expect(Math.min(...result.nodeSeconds)).toBe(0);
  });

  it('delays a source by its start offset (turnout)', () => {
    const result = router.coverage([[0, 0]], 'drive', [T], [0.5 * T]);
    expect(result.thresholds[0].metres).toBeCloseTo(M, 0);
  });

  it('refuses bad input with coded errors naming the field', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return [(error as { code: string }).code, (error as { field: string }).field];
      }
      return null;
    };
    expect(code(() => router.route([Number.NaN, 0], [0, 0], 'drive'))).toEqual([
      RoutingErrorCode.INVALID_COORDINATE,
      'from',
    ]);
    expect(code(() => router.route([0, 0], [200, 0], 'drive'))).toEqual([
      RoutingErrorCode.INVALID_COORDINATE,
      'to',
    ]);
    expect(code(() => router.route([0, 0], [1, 1], 'drive'))).toEqual([
      RoutingErrorCode.POINT_NOT_ON_NETWORK,
      'to',
    ]);
    expect(code(() => router.route([0, 0], [0, 0], 'boat'))).toEqual([
      RoutingErrorCode.PROFILE_UNKNOWN,
      'profile',
    ]);
    expect(
      code(() =>
        router.reach(
          [0, 0],
          [
            [0, 0],
            [5, 5],
          ],
          'drive',
          60,
        ),
      ),
    ).toEqual([RoutingErrorCode.POINT_NOT_ON_NETWORK, 'sources[1]']);
    expect(code(() => router.reach([0, 0], [], 'drive', -1))).toEqual([
      RoutingErrorCode.INVALID_ARGUMENT,
      'limitSeconds',
    ]);
    const walkPoint = router.snap('walk', [0, 0]);
    expect(code(() => router.reach(walkPoint, [], 'drive', 60))).toEqual([
      RoutingErrorCode.INVALID_ARGUMENT,
      'target',
    ]);
  });
});

describe('CityRouter on real Portland roads', () => {
  let city: CityGraphData;
  let router: CityRouter;
  beforeAll(async () => {
    city = await importOsm(
      join(SHARED_DATA, 'osm-portland-central/portland-central-filtered.osm.pbf'),
    );
    router = new CityRouter(city);
  });

  const random = (seed: number) => () => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };

  it('agrees with itself: reach(target, sources) equals route(source, target) for every source', () => {
    const rnd = random(42);
    for (const profile of ['drive', 'walk', 'bike']) {
      // Random places near the network (a vertex moved up to ~50 m), as units stand.
      const graph = router.graph(profile);
      const point = () => {
        const v = Math.floor(rnd() * graph.nodeCount);
        return [
          graph.nodeLon[v] + (rnd() - 0.5) * 0.001,
          graph.nodeLat[v] + (rnd() - 0.5) * 0.001,
        ] as const;
      };
      const sources = Array.from({ length: 40 }, () => router.snap(profile, point()));
      const target = router.snap(profile, point());
      const reach = router.reach(target, sources, profile, 86400);
      sources.forEach((source, i) => {
        const route = router.route(source, target, profile).seconds;
        expect(reach[i]).toBeCloseTo(route, 6);
      });
    }
  });

  it('never finds a path shorter than the straight line at the fastest speed', () => {
    const rnd = random(7);
    const graph = router.graph('drive');
    for (let i = 0; i < 50; i++) {
      const a = Math.floor(rnd() * graph.nodeCount);
      const b = Math.floor(rnd() * graph.nodeCount);
      const from = [graph.nodeLon[a], graph.nodeLat[a]] as const;
      const to = [graph.nodeLon[b], graph.nodeLat[b]] as const;
      const route = router.route(from, to, 'drive');
      expect(route.seconds).toBeGreaterThanOrEqual(
        haversineMetres(...from, ...to) / (90 / 3.6) - 1e-6,
      );
      expect(route.metres).toBeGreaterThanOrEqual(haversineMetres(...from, ...to) - 1);
      const c = route.geometry.coordinates;
      expect(c[0][0]).toBeCloseTo(from[0], 6);
      expect(c[c.length - 1][1]).toBeCloseTo(to[1], 6);
    }
  });

  it('covers more road the longer the threshold, and all of it eventually', () => {
    const stations = [
      router.snap('drive', [-122.68, 45.52]),
      router.snap('drive', [-122.64, 45.5]),
    ];
    const result = router.coverage(stations, 'drive', [60, 180, 300, 86400]);
    const shares = result.thresholds.map((t) => t.share);
    expect(shares[0]).toBeGreaterThan(0);
    expect(shares[0]).toBeLessThan(shares[1]);
    expect(shares[1]).toBeLessThan(shares[2]);
    expect(shares[3]).toBeCloseTo(1, 9);
    expect(result.nodeSeconds.every((s) => Number.isFinite(s))).toBe(true);
  });
});

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importOsm } from '../build/import-osm.ts';
import type { RoutingError } from '../errors.ts';
import { RoutingErrorCode } from '../errors.ts';
import {
  fixtureCity,
  METRES_PER_MILLIDEGREE as M,
  SHARED_DATA,
  secondsAt,
} from '../test-support/fixture-city.ts';
import { CityRouter } from './city-router.ts';
import type { RoadPoint } from './road-point.ts';

// The oneway square of city-router.test.ts.
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
const T = secondsAt(M, 25);

const hitsOf = (hits: { count: number; slots: Int32Array; seconds: Float64Array }) =>
  new Map(Array.from(hits.slots.subarray(0, hits.count), (slot, j) => [slot, hits.seconds[j]]));

describe('PointSet and reachSet on a hand-made city', () => {
  let router: CityRouter;
  beforeAll(async () => {
    router = (await fixtureCity(ONEWAY_SQUARE)).router;
  });

  it('answers like reach for the slots that arrive within the limit', () => {
    const target = router.snap('drive', [0.001, 0]);
    const set = router.pointSet('drive', 2);
    set.set(0, router.snap('drive', [0, 0])); // T along the oneway
    set.set(5, router.snap('drive', [0.002, 0])); // against it: 5 T
    set.set(3, router.snap('drive', [0, 0.0005])); // 1.5 T
    expect(set.size).toBe(3);
    const all = hitsOf(router.reachSet(target, set, 600));
    expect([...all.keys()].sort()).toEqual([0, 3, 5]);
    expect(all.get(0)).toBeCloseTo(T, 4);
    expect(all.get(5)).toBeCloseTo(5 * T, 4);
    expect(all.get(3)).toBeCloseTo(1.5 * T, 4);
    const bounded = hitsOf(router.reachSet(target, set, 2 * T));
    expect([...bounded.keys()].sort()).toEqual([0, 3]);
  });

  it('finds a source on the target edge that goes straight there, and follows moves and removals', () => {
    const target = router.snap('drive', [0.0015, 0]);
    const set = router.pointSet('drive');
    set.set(7, router.snap('drive', [0.0012, 0])); // same edge, 0.3 T ahead along the oneway
    const near = hitsOf(router.reachSet(target, set, 0.5 * T));
    expect(near.get(7)).toBeCloseTo(0.3 * T, 4);
    set.set(7, router.snap('drive', [0, 0.0005])); // moved: 1.5 T to node 2, then 0.5 T
    expect(hitsOf(router.reachSet(target, set, 0.5 * T)).size).toBe(0);
    expect(hitsOf(router.reachSet(target, set, 600)).get(7)).toBeCloseTo(2 * T, 4);
    set.set(7, undefined);
    set.set(7, undefined);
    expect(set.size).toBe(0);
    expect(set.has(7)).toBe(false);
    expect(router.reachSet(target, set, 600).count).toBe(0);
  });

  it('refuses points of another profile, bad slots and sets of another graph', async () => {
    const set = router.pointSet('drive');
    const walk = router.snap('walk', [0, 0]);
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return (error as RoutingError).code;
      }
      return undefined;
    };
    expect(code(() => set.set(0, walk))).toBe(RoutingErrorCode.INVALID_ARGUMENT);
    expect(code(() => set.set(-1, router.snap('drive', [0, 0])))).toBe(
      RoutingErrorCode.INVALID_ARGUMENT,
    );
    expect(code(() => set.set(0, { ...walk, profile: 'drive', edge: 1e6 } as RoadPoint))).toBe(
      RoutingErrorCode.INVALID_ARGUMENT,
    );
    expect(code(() => router.reachSet([0, 0], set, -1))).toBe(RoutingErrorCode.INVALID_ARGUMENT);
    const other = (
      await fixtureCity(`
node 1 lat=0 lon=0
node 2 lat=0 lon=0.001
way 10 nodes=1,2 highway=residential
`)
    ).router;
    expect(code(() => router.reachSet([0, 0], other.pointSet('drive'), 60))).toBe(
      RoutingErrorCode.INVALID_ARGUMENT,
    );
  });

  it('reachPoints gives what reach gives, for points snapped by the router', () => {
    const target = router.snap('drive', [0.001, 0]);
    const sources = [
      [0, 0],
      [0.002, 0],
      [0, 0.0005],
    ].map((c) => router.snap('drive', c as [number, number]));
    expect(router.reachPoints(target, sources, 'drive', 600)).toEqual(
      router.reach(target, sources, 'drive', 600),
    );
  });
});

describe('reachSet on Portland', () => {
  let router: CityRouter;
  beforeAll(async () => {
    router = new CityRouter(
      await importOsm(join(SHARED_DATA, 'osm-portland-central/portland-central-filtered.osm.pbf')),
    );
  });

  it('equals reach for thousands of sources at several limits, after moves', () => {
    let seed = 11;
    const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (const profile of ['drive', 'walk', 'bike']) {
      const graph = router.graph(profile);
      const point = () => {
        const v = Math.floor(rnd() * graph.nodeCount);
        return router.snap(profile, [
          graph.nodeLon[v] + (rnd() - 0.5) * 0.001,
          graph.nodeLat[v] + (rnd() - 0.5) * 0.001,
        ]);
      };
      const sources = Array.from({ length: 2000 }, point);
      const set = router.pointSet(profile);
      sources.forEach((s, i) => set.set(i, s));
      // Move a quarter of them, several onto the same edges as others.
      for (let i = 0; i < 500; i++) {
        sources[i] = i % 2 ? point() : sources[1000 + i];
        set.set(i, sources[i]);
      }
      for (const limit of [60, 300, 900]) {
        const target = point();
        const expected = router.reach(target, sources, profile, limit);
        const hits = hitsOf(router.reachSet(target, set, limit));
        let arriving = 0;
        expected.forEach((seconds, i) => {
          if (seconds === Infinity) return;
          arriving++;
          expect(hits.get(i)).toBe(seconds);
        });
        expect(hits.size).toBe(arriving);
      }
    }
  });
});

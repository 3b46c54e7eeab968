import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSegments } from '../src/build/build-profile-graph.ts';
import { collectRoads, type RoadData } from '../src/build/collect-roads.ts';
import { importOsm } from '../src/build/import-osm.ts';
import { readOsm } from '../src/build/osm-reader.ts';
import type { CityGraphData } from '../src/graph/profile-graph.ts';
import { resolveProfiles } from '../src/profile/load-profiles.ts';
import { CityRouter } from '../src/query/city-router.ts';
import { SHARED_DATA } from '../src/test-support/fixture-city.ts';
import {
  openPgRouting,
  PgRoutingUnavailableError,
  type PgRoutingPeer,
} from '../bench/peer-pgrouting.ts';

/*
 * Cross-check against pgRouting on real Portland roads. pgRouting gets the RAW OSM segments
 * (every pair of consecutive way nodes, costs from the same profile rules), not our contracted
 * graph; our engine answers on its contracted, strongly-connected graph. Agreement therefore
 * checks contraction, component filtering, snapping at vertices and the search all at once.
 */
const PAIRS = 500;
const inCi = process.env.CI === 'true';
const osmPath = join(SHARED_DATA, 'osm-portland-central/portland-central-filtered.osm.pbf');

let peer: PgRoutingPeer | undefined;
let skipReason: string | undefined;
try {
  peer = await openPgRouting();
} catch (error) {
  // In CI a missing peer is a failure, never a silent skip.
  if (inCi || !(error instanceof PgRoutingUnavailableError)) throw error;
  skipReason = error.message;
  console.warn(`[pgrouting-crosscheck] skipped: ${error.message}`);
}

describe.skipIf(skipReason !== undefined)(
  'travel times agree with pgRouting (Portland, 500 pairs)',
  () => {
    let roads: RoadData;
    let city: CityGraphData;
    let router: CityRouter;
    const tables: string[] = [];

    beforeAll(async () => {
      const profiles = resolveProfiles();
      roads = await collectRoads(readOsm(osmPath), profiles);
      city = await importOsm(osmPath, { profiles });
      router = new CityRouter(city);
    });

    afterAll(async () => {
      for (const table of tables) await peer?.dropTable(table);
      await peer?.close();
    });

    for (const profile of ['drive', 'walk', 'bike']) {
      it(`${profile}: every pair within 0.1 %`, async () => {
        const p = roads.profiles.findIndex((spec) => spec.name === profile);
        const segments = collectSegments(roads, p, roads.profiles.length);
        const table = `jf_crosscheck_${profile}_${process.pid}`;
        tables.push(table);
        await peer!.loadEdges(table, {
          source: segments.a.subarray(0, segments.count) as unknown as Uint32Array,
          target: segments.b.subarray(0, segments.count) as unknown as Uint32Array,
          cost: segments.forward,
          reverseCost: segments.backward,
        });

        const graph = router.graph(profile);
        let seed = 20161 + p;
        const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
        const osmIndex = (vertex: number) => {
          const id = graph.nodeOsmId[vertex];
          let lo = 0;
          let hi = roads.nodeIds.length;
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (roads.nodeIds[mid] < id) lo = mid + 1;
            else hi = mid;
          }
          return lo;
        };
        const vertexPairs: [number, number][] = [];
        for (let i = 0; i < PAIRS; i++) {
          vertexPairs.push([
            Math.floor(random() * graph.nodeCount),
            Math.floor(random() * graph.nodeCount),
          ]);
        }
        const theirs = await peer!.dijkstraCostPairs(
          table,
          vertexPairs.map(([a, b]) => [osmIndex(a), osmIndex(b)] as [number, number]),
        );
        let maxRelative = 0;
        vertexPairs.forEach(([a, b], i) => {
          const ours = router.route(
            [graph.nodeLon[a], graph.nodeLat[a]],
            [graph.nodeLon[b], graph.nodeLat[b]],
            profile,
          ).seconds;
          const expected = theirs[i];
          expect(expected, `pgRouting found no path ${a}→${b}`).not.toBeNull();
          const relative = Math.abs(ours - expected!) / Math.max(expected!, 1e-9);
          if (a !== b) maxRelative = Math.max(maxRelative, relative);
          expect(
            relative,
            `pair ${i}: ours ${ours} s, pgRouting ${expected} s`,
          ).toBeLessThanOrEqual(0.001);
        });
        console.log(
          `[pgrouting-crosscheck] ${profile}: ${PAIRS} pairs, max relative difference ${maxRelative.toExponential(2)}`,
        );
      });
    }
  },
);

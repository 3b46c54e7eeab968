import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importOsm } from '../build/import-osm.ts';
import { LocalProjection } from '../geo/geodesy.ts';
import type { CityGraphData, ProfileGraph } from '../graph/profile-graph.ts';
import { SHARED_DATA } from '../test-support/fixture-city.ts';
import { Snapper } from './snapper.ts';

/** Nearest segment by looking at every one of them: slow, obviously right. */
function bruteForce(graph: ProfileGraph, projection: LocalProjection, lon: number, lat: number) {
  const px = projection.x(lon);
  const py = projection.y(lat);
  let best = Infinity;
  for (let e = 0; e < graph.edgeCount; e++) {
    for (let k = graph.edgeGeomStart[e]; k + 1 < graph.edgeGeomStart[e + 1]; k++) {
      const ax = projection.x(graph.geomLon[k]);
      const ay = projection.y(graph.geomLat[k]);
      const dx = projection.x(graph.geomLon[k + 1]) - ax;
      const dy = projection.y(graph.geomLat[k + 1]) - ay;
      const l2 = dx * dx + dy * dy;
      const t = l2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / l2)) : 0;
      best = Math.min(best, Math.hypot(ax + dx * t - px, ay + dy * t - py));
    }
  }
  return best;
}

describe('Snapper', () => {
  let city: CityGraphData;
  beforeAll(async () => {
    city = await importOsm(
      join(SHARED_DATA, 'osm-portland-central/portland-central-filtered.osm.pbf'),
    );
  });

  it('finds the same nearest distance as a scan of every segment, near and far from roads', () => {
    const projection = new LocalProjection(...city.meta.projectionOrigin);
    let seed = 99;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (const graph of city.profiles) {
      const snapper = new Snapper(graph, projection);
      for (let i = 0; i < 150; i++) {
        const v = Math.floor(random() * graph.nodeCount);
        // Offsets from a few metres (the fast path) to ~1 km (the fallback).
        const spread = i % 3 === 0 ? 0.02 : 0.0008;
        const lon = graph.nodeLon[v] + (random() - 0.5) * spread;
        const lat = graph.nodeLat[v] + (random() - 0.5) * spread;
        const point = snapper.snap(lon, lat)!;
        const snappedDistance = Math.hypot(
          projection.x(point.lon) - projection.x(lon),
          projection.y(point.lat) - projection.y(lat),
        );
        expect(snappedDistance).toBeCloseTo(bruteForce(graph, projection, lon, lat), 6);
      }
    }
  });

  it('refuses points beyond the radius', () => {
    const projection = new LocalProjection(...city.meta.projectionOrigin);
    const snapper = new Snapper(city.profiles[0], projection);
    expect(snapper.snap(-122.0, 45.0, 1000)).toBeUndefined();
  });
});

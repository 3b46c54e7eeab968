import type { LonLatPair, RoadNetwork } from '../patrol/road-network.ts';

const M_PER_DEG = 111_320;

/**
 * A stand-in road network for tests: straight lines at `speed` m/s near the equator (so a
 * degree is 111.32 km both ways), and "roads" as sample points whose share within reach is
 * the coverage.
 */
export function straightLineNetwork(samples: readonly LonLatPair[], speed = 10): RoadNetwork {
  const metres = (a: LonLatPair, b: LonLatPair) => Math.hypot(a[0] - b[0], a[1] - b[1]) * M_PER_DEG;
  return {
    route(from, to) {
      const d = metres(from, to);
      return { seconds: d / speed, metres: d, path: [[...from], [...to]] };
    },
    coverageShare(positions, seconds) {
      const reach = seconds * speed;
      const hit = samples.filter((s) => positions.some((p) => metres(p, s) <= reach)).length;
      return samples.length > 0 ? hit / samples.length : 0;
    },
  };
}

import type { CityRouter, ProfileGraph } from '@jiefang/routing';

/** Deterministic random numbers (Park–Miller), one stream per run. */
export function lcg(seed: number): () => number {
  let state = Math.max(1, Math.floor(seed) % 2147483647);
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

/**
 * A unit doing its rounds: a random walk along the road graph of its profile at a steady speed
 * (no U-turn unless at a dead end), read lazily at the time of each fix.
 */
export class RoadWalker {
  private node: number;
  private arc = -1;
  private along = 0;
  private at: number;

  constructor(
    private readonly graph: ProfileGraph,
    startNode: number,
    private readonly metresPerSecond: number,
    private readonly random: () => number,
    now: number,
  ) {
    this.node = startNode;
    this.at = now;
    this.pickArc(-1);
  }

  /** Starts again from the road point nearest to `lon, lat` (after a job elsewhere). */
  restartNear(router: CityRouter, lon: number, lat: number, now: number): void {
    try {
      const point = router.snap(this.graph.profile, [lon, lat]);
      this.node = this.graph.edgeU[point.edge];
    } catch {
      // Off the network: carry on from where the rounds were.
    }
    this.at = now;
    this.along = 0;
    this.pickArc(-1);
  }

  position(now: number): [number, number] {
    const g = this.graph;
    this.along += (Math.max(0, now - this.at) / 1000) * this.metresPerSecond;
    this.at = now;
    for (let guard = 0; guard < 1000 && this.arc >= 0; guard++) {
      const edge = g.outEdge[this.arc] >> 1;
      const length = g.edgeMetres[edge];
      if (this.along < length) break;
      this.along -= length;
      const from = this.node;
      this.node = g.outHead[this.arc];
      this.pickArc(from);
    }
    if (this.arc < 0) return [g.nodeLon[this.node], g.nodeLat[this.node]];
    const code = g.outEdge[this.arc];
    const edge = code >> 1;
    const reverse = (code & 1) === 1;
    const start = g.edgeGeomStart[edge];
    const end = g.edgeGeomStart[edge + 1];
    const points = end - start;
    const share = g.edgeMetres[edge] > 0 ? this.along / g.edgeMetres[edge] : 0;
    // Even pace over the geometry's vertices (close enough for a fix a few metres off).
    const x = share * (points - 1);
    const i = Math.min(points - 2, Math.floor(x));
    if (i < 0) return [g.nodeLon[this.node], g.nodeLat[this.node]];
    const f = x - i;
    const k0 = reverse ? end - 1 - i : start + i;
    const k1 = reverse ? k0 - 1 : k0 + 1;
    return [
      g.geomLon[k0] + (g.geomLon[k1] - g.geomLon[k0]) * f,
      g.geomLat[k0] + (g.geomLat[k1] - g.geomLat[k0]) * f,
    ];
  }

  private pickArc(cameFrom: number): void {
    const g = this.graph;
    const first = g.firstOut[this.node];
    const count = g.firstOut[this.node + 1] - first;
    if (count === 0) {
      this.arc = -1;
      return;
    }
    let arc = first + Math.floor(this.random() * count);
    if (count > 1 && g.outHead[arc] === cameFrom) arc = first + ((arc - first + 1) % count);
    this.arc = arc;
  }
}

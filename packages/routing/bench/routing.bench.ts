/**
 * Routing benchmark: `npm run bench:routing -- --osm <file> [--incidents N] [--peer pgrouting] [--json]`.
 * With `--peer pgrouting`, pgRouting answers the same number of the same questions: reach bounded
 * at the same limit (pgr_drivingDistance) and the same routes; routes it cannot answer are counted.
 * Prints a human summary on stderr and, as the last stdout line, one JSON object. Everything is
 * measured in one run on the same random incidents and sources (fixed seed). No assertions:
 * these machines are shared and noisy; compare medians and ratios from one run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  CityRouter,
  importOsm,
  readGraphFile,
  writeGraphFile,
  type RoadPoint,
} from '../src/index.ts';
import { latencyPercentile as percentile } from '@jiefang/core/latency-percentiles';
import { openPgRouting } from './peer-pgrouting.ts';

const { values } = parseArgs({
  options: {
    osm: { type: 'string' },
    peer: { type: 'string' },
    profile: { type: 'string', default: 'drive' },
    sources: { type: 'string', default: '1000' },
    incidents: { type: 'string', default: '300' },
    seed: { type: 'string', default: '20261128' },
    json: { type: 'boolean', default: false },
  },
});
const here = fileURLToPath(new URL('.', import.meta.url));
const osm = values.osm ?? resolve(here, '../../../../shared/data/osm-columbus/columbus.osm.pbf');
const profile = values.profile;
const SOURCES = Number(values.sources);
const INCIDENTS = Number(values.incidents);
const LIMIT_S = 300;
const COVERAGE_SOURCES = 500;
let seed = Number(values.seed);
const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
const log = (line: string) => process.stderr.write(`${line}\n`);

const round = (ms: number) => Math.round(ms * 1000) / 1000;

// Import (build stage) and load (what a server does at start), timed apart.
let started = performance.now();
const built = await importOsm(osm);
const importMs = performance.now() - started;
const directory = mkdtempSync(join(tmpdir(), 'jiefang-bench-'));
const graphPath = join(directory, 'city.graph');
writeGraphFile(graphPath, built);
started = performance.now();
const router = new CityRouter(readGraphFile(graphPath));
const loadMs = performance.now() - started;
rmSync(directory, { recursive: true, force: true });
const graph = router.graph(profile);
log(
  `import ${importMs.toFixed(0)} ms, load ${loadMs.toFixed(1)} ms, ${graph.nodeCount} vertices, ${graph.edgeCount} edges`,
);

// Units and incidents stand at random vertices: the peer can then answer the very same question.
const randomVertex = () => Math.floor(random() * graph.nodeCount);
const vertexPoint = (v: number) => [graph.nodeLon[v], graph.nodeLat[v]] as const;
const sourceVertices = Array.from({ length: SOURCES }, randomVertex);
const sources: RoadPoint[] = sourceVertices.map((v) => router.snap(profile, vertexPoint(v)));
const incidentVertices = Array.from({ length: INCIDENTS }, randomVertex);

// Warm-up: let the JIT compile the searches before timing.
for (let i = 0; i < 30; i++)
  router.reach(vertexPoint(incidentVertices[i]), sources, profile, LIMIT_S);

const reachMs: number[] = [];
const ourReach: Float64Array[] = [];
for (const v of incidentVertices) {
  const t0 = performance.now();
  const seconds = router.reach(vertexPoint(v), sources, profile, LIMIT_S);
  reachMs.push(performance.now() - t0);
  ourReach.push(seconds);
}
const withinLimit =
  ourReach.reduce((n, r) => n + r.filter(Number.isFinite).length, 0) / ourReach.length;
log(
  `reach: p50 ${percentile(reachMs, 0.5).toFixed(3)} ms, p95 ${percentile(reachMs, 0.95).toFixed(3)} ms (${withinLimit.toFixed(1)} of ${SOURCES} units within ${LIMIT_S} s on average)`,
);

const routePairs = Array.from(
  { length: INCIDENTS },
  () => [randomVertex(), randomVertex()] as const,
);
const routeMs: number[] = [];
const ourRoute: number[] = [];
for (const [a, b] of routePairs) {
  const t0 = performance.now();
  const result = router.route(vertexPoint(a), vertexPoint(b), profile);
  routeMs.push(performance.now() - t0);
  ourRoute.push(result.seconds);
}
log(
  `route: p50 ${percentile(routeMs, 0.5).toFixed(3)} ms, p95 ${percentile(routeMs, 0.95).toFixed(3)} ms`,
);

const coverageMs: number[] = [];
const coverageSources = sources.slice(0, COVERAGE_SOURCES);
let coverageShares: number[] = [];
for (let i = 0; i < 21; i++) {
  const t0 = performance.now();
  const result = router.coverage(coverageSources, profile, [60, 180, 300]);
  coverageMs.push(performance.now() - t0);
  coverageShares = result.thresholds.map((t) => t.share);
}
log(
  `coverage (${COVERAGE_SOURCES} sources): p50 ${percentile(coverageMs, 0.5).toFixed(3)} ms; shares ${coverageShares.map((s) => s.toFixed(3)).join(' / ')}`,
);

const report: Record<string, unknown> = {
  osm: osm.split('/').pop(),
  profile,
  graph: { nodes: graph.nodeCount, edges: graph.edgeCount },
  import_ms: Math.round(importMs),
  load_ms: round(loadMs),
  reach: {
    limit_s: LIMIT_S,
    sources: SOURCES,
    queries: reachMs.length,
    p50_ms: round(percentile(reachMs, 0.5)),
    p95_ms: round(percentile(reachMs, 0.95)),
  },
  route: {
    queries: routeMs.length,
    p50_ms: round(percentile(routeMs, 0.5)),
    p95_ms: round(percentile(routeMs, 0.95)),
  },
  coverage: { sources: COVERAGE_SOURCES, p50_ms: round(percentile(coverageMs, 0.5)) },
};

if (values.peer === 'pgrouting') {
  // The same graph and costs (our contracted edges) in pgRouting, asked the same questions.
  const peer = await openPgRouting();
  const table = `jf_bench_${process.pid}`;
  try {
    await peer.loadEdges(table, {
      source: graph.edgeU,
      target: graph.edgeV,
      cost: graph.edgeForwardSeconds,
      reverseCost: graph.edgeBackwardSeconds,
    });
    // The same number of queries as ours, each the same bounded question: every unit that
    // reaches the incident within LIMIT_S (pgr_drivingDistance on the transposed graph, bounded
    // at LIMIT_S), and the same point-to-point routes.
    const peerReachMs: number[] = [];
    const peerRouteMs: number[] = [];
    let maxRelDiff = 0;
    let compared = 0;
    // Units one side puts within the limit and the other not (beyond rounding at the boundary).
    let reachDisagreements = 0;
    const compare = (ours: number, theirs: number | undefined) => {
      const theirsWithin = theirs !== undefined && theirs <= LIMIT_S ? theirs : Infinity;
      if (Number.isFinite(ours) !== Number.isFinite(theirsWithin)) {
        const edge = Number.isFinite(ours) ? ours : (theirs ?? Infinity);
        if (Math.abs(edge - LIMIT_S) > LIMIT_S * 1e-6) {
          reachDisagreements++;
          maxRelDiff = Math.max(maxRelDiff, 1);
        }
        return;
      }
      compared++;
      if (Number.isFinite(ours) && theirsWithin > 0) {
        maxRelDiff = Math.max(maxRelDiff, Math.abs(ours - theirsWithin) / theirsWithin);
      }
    };
    for (let i = 0; i < incidentVertices.length; i++) {
      const t0 = performance.now();
      const costs = await peer.drivingDistanceToTarget(table, incidentVertices[i], LIMIT_S);
      peerReachMs.push(performance.now() - t0);
      sourceVertices.forEach((v, k) => compare(ourReach[i][k], costs.get(v)));
    }
    // Routes pgRouting finds no path for are counted, and a disagreement if we found one.
    let routesUnanswered = 0;
    let routesUnansweredWeAnswered = 0;
    for (let i = 0; i < routePairs.length; i++) {
      const [a, b] = routePairs[i];
      const t0 = performance.now();
      const theirs = await peer.dijkstraCostOneToOne(table, a, b);
      peerRouteMs.push(performance.now() - t0);
      if (theirs === null) {
        routesUnanswered++;
        if (Number.isFinite(ourRoute[i])) routesUnansweredWeAnswered++;
        continue;
      }
      compared++;
      if (theirs > 0) maxRelDiff = Math.max(maxRelDiff, Math.abs(ourRoute[i] - theirs) / theirs);
    }
    const peerReachP50 = percentile(peerReachMs, 0.5);
    const peerRouteP50 = percentile(peerRouteMs, 0.5);
    report.peer = {
      name: 'pgrouting',
      version: await peer.version(),
      reach_query: `pgr_drivingDistance bounded at ${LIMIT_S} s`,
      queries: peerReachMs.length,
      route_queries: peerRouteMs.length,
      reach_p50_ms: round(peerReachP50),
      route_p50_ms: round(peerRouteP50),
      max_rel_diff: maxRelDiff,
      answers_compared: compared,
      reach_disagreements: reachDisagreements,
      routes_unanswered: routesUnanswered,
      routes_unanswered_we_answered: routesUnansweredWeAnswered,
      reach_speedup: Math.round(peerReachP50 / percentile(reachMs, 0.5)),
      route_speedup: Math.round(peerRouteP50 / percentile(routeMs, 0.5)),
    };
    log(
      `pgRouting ${String((report.peer as { version: string }).version)}: ${peerReachMs.length} reach queries (pgr_drivingDistance ≤ ${LIMIT_S} s) p50 ${peerReachP50.toFixed(1)} ms, ${peerRouteMs.length} routes p50 ${peerRouteP50.toFixed(1)} ms; ${routesUnanswered} routes unanswered (${routesUnansweredWeAnswered} of them answered by us), ${reachDisagreements} reach disagreements, max relative difference ${maxRelDiff.toExponential(2)}`,
    );
  } finally {
    await peer.dropTable(table);
    await peer.close();
  }
}

if (!values.json) log(JSON.stringify(report, null, 2));
process.stdout.write(`${JSON.stringify(report)}\n`);

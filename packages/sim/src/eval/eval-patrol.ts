import { parseArgs } from 'node:util';
import {
  chessboardZones,
  expandRepeatedOption,
  forecastHotspots,
  hourShares,
  inZone,
  minuteTrack,
  nijEvents,
  oregonNorthFeet,
  planKm,
  planPatrols,
  selectByValidation,
  staticPlan,
  ForecastError,
  ForecastErrorCode,
  type HotPlace,
  type LonLatPair,
  type NijCall,
  type PatrolLeg,
  type PatrolUnit,
  type RoadNetwork,
  type UnitPlan,
  type Zone,
} from '@jiefang/forecast';
import { readNijFile } from '@jiefang/forecast/io';
import { CityRouter, haversineMetres, importOsm, RoutingError } from '@jiefang/routing';
import { routerNetwork } from '@jiefang/server/router-network';
import { Rng } from '../model/rng.ts';
import { portlandOsm } from '../paths.ts';

const SHIFT_MINUTES = 480;
const SHIFTS = 3;
const DAY_MINUTES = SHIFT_MINUTES * SHIFTS;
const COLLISION_METRES = 150;
const DWELL_MIN = 12;
/** Hot cells handed to the planner: the forecast's top cells inside the road extract. */
const HOT_CELLS = 120;

/** A call's road point when it lies in the extract's box within 150 m of a drivable road. */
function onRoad(router: CityRouter, p: LonLatPair): LonLatPair | undefined {
  const [west, south, east, north] = router.city.meta.bbox;
  if (p[0] < west || p[0] > east || p[1] < south || p[1] > north) return undefined;
  try {
    const snapped = router.snap('drive', p);
    return snapped.offRoadMetres <= 150 ? [snapped.lon, snapped.lat] : undefined;
  } catch (error) {
    if (error instanceof RoutingError) return undefined;
    throw error;
  }
}

export interface PatrolStrategyResult {
  collision_rate: number;
  coverage_300: number;
  km_per_unit: number;
}

export interface PatrolEvaluation {
  units: number;
  calls_scored: number;
  calls_dropped: number;
  static_posts: PatrolStrategyResult;
  random_patrol: PatrolStrategyResult;
  hotspot_patrol: PatrolStrategyResult & { min_coverage_300: number; floor: number };
}

/**
 * Plans a day (three 8-hour shifts) for `units` units with three strategies from the training
 * calls only and scores them against the test calls (see the README, "Patrol evaluation").
 */
export function evaluatePatrol(
  router: CityRouter,
  train: readonly NijCall[],
  test: readonly NijCall[],
  unitCount: number,
  seed = 1,
): PatrolEvaluation {
  const network = routerNetwork(router);
  const zones = chessboardZones(router.city.meta.bbox, unitCount);
  const units: PatrolUnit[] = zones.map((zone, i) => ({
    id: `P${i + 1}`,
    zone,
    post: onRoad(router, zone.centre) ?? nearestRoadInZone(router, zone, zone.centre),
  }));
  // Forecast for the test window from the training calls, all categories.
  const lastTrain = Math.max(...train.map((c) => c.day));
  const from = Math.min(...test.map((c) => c.day));
  const horizon = Math.max(...test.map((c) => c.day)) - from + 1;
  const history = nijEvents(train, 'all');
  const selection = selectByValidation(history, lastTrain + 1, horizon, 0.75);
  const config = selection.perMethod[selection.chosen].config;
  const forecast = forecastHotspots(history, config, from, horizon, 0.75);
  const order = [...forecast.scores.keys()]
    .filter((c) => forecast.scores[c] > 0)
    .sort((a, b) => forecast.scores[b] - forecast.scores[a] || a - b);
  const hourly = hourShares();
  const hot: HotPlace[] = [];
  for (const cell of order) {
    if (hot.length >= HOT_CELLS) break;
    const [x, y] = forecast.grid.centre(cell);
    const [lon, lat] = oregonNorthFeet.forward([x, y]);
    const at = onRoad(router, [lon, lat]);
    if (at === undefined) continue;
    const perDay = forecast.scores[cell] / horizon;
    hot.push({ cell: String(cell), at, perHour: hourly.map((share) => perDay * share) });
  }
  // The test calls on the extract's roads, each at a minute of the day drawn from the profile.
  const rng = new Rng('eval:patrol', seed);
  const scored: { at: LonLatPair; minute: number }[] = [];
  let dropped = 0;
  for (const call of test) {
    const at = onRoad(router, [call.lon, call.lat]);
    const minute = Math.floor(rng.weighted(hourly) * 60 + rng.next() * 60);
    if (at === undefined) dropped++;
    else scored.push({ at: [call.lon, call.lat], minute });
  }
  const shiftPlans = (plan: (shift: number) => UnitPlan[]) =>
    Array.from({ length: SHIFTS }, (_, s) => plan(s));
  const staticDay = shiftPlans(() => units.map((u) => staticPlan(u, SHIFT_MINUTES)));
  const randomDay = shiftPlans((s) =>
    units.map((u) => randomPlan(router, network, u, new Rng('random-patrol', seed, s, u.id))),
  );
  let minCoverage = 1;
  let floor = 0;
  const hotspotDay = shiftPlans((s) => {
    const shiftHot = hot.map((h) => ({
      ...h,
      perHour: h.perHour.slice(s * 8, s * 8 + 8),
    }));
    const result = planPatrols(network, {
      shiftMinutes: SHIFT_MINUTES,
      units,
      hot: shiftHot,
      dwellMin: DWELL_MIN,
    });
    minCoverage = Math.min(minCoverage, ...result.coverageByMinute);
    floor = result.floor;
    return result.plans;
  });
  const score = (day: UnitPlan[][]): PatrolStrategyResult => {
    const tracks = day.map((plans) => plans.map((p) => minuteTrack(p, SHIFT_MINUTES)));
    const at = (minute: number) =>
      tracks[Math.floor(minute / SHIFT_MINUTES)].map((t) => t[minute % SHIFT_MINUTES]);
    let hits = 0;
    for (const call of scored)
      if (
        at(call.minute).some(
          (p) => haversineMetres(p[0], p[1], call.at[0], call.at[1]) <= COLLISION_METRES,
        )
      )
        hits++;
    let coverage = 0;
    for (let m = 0; m < DAY_MINUTES; m++) coverage += network.coverageShare(at(m), 300);
    const km = day.flat().reduce((sum, plan) => sum + planKm(plan), 0);
    return {
      collision_rate: round(scored.length > 0 ? hits / scored.length : 0),
      coverage_300: round(coverage / DAY_MINUTES),
      km_per_unit: round(km / units.length),
    };
  };
  return {
    units: units.length,
    calls_scored: scored.length,
    calls_dropped: dropped,
    static_posts: score(staticDay),
    random_patrol: score(randomDay),
    hotspot_patrol: {
      ...score(hotspotDay),
      min_coverage_300: round(minCoverage),
      floor: round(floor),
    },
  };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** The drive-graph vertex nearest `p`, preferring those inside the zone (some squares are river). */
function nearestRoadInZone(router: CityRouter, zone: Zone, p: LonLatPair): LonLatPair {
  const graph = router.graph('drive');
  let best: LonLatPair = [graph.nodeLon[0], graph.nodeLat[0]];
  let bestScore = Infinity;
  for (let v = 0; v < graph.nodeCount; v++) {
    const q: LonLatPair = [graph.nodeLon[v], graph.nodeLat[v]];
    const score = haversineMetres(p[0], p[1], q[0], q[1]) + (inZone(zone, q) ? 0 : 1e7);
    if (score < bestScore) {
      bestScore = score;
      best = q;
    }
  }
  return best;
}

/**
 * The random-patrol baseline: the same drive-then-12-minute-stop rhythm as the hotspot plan,
 * but to uniformly drawn road vertices of the unit's square.
 */
function randomPlan(
  router: CityRouter,
  network: RoadNetwork,
  unit: PatrolUnit,
  rng: Rng,
): UnitPlan {
  const graph = router.graph('drive');
  const vertices: LonLatPair[] = [];
  for (let v = 0; v < graph.nodeCount; v++) {
    const p: LonLatPair = [graph.nodeLon[v], graph.nodeLat[v]];
    if (inZone(unit.zone, p)) vertices.push(p);
  }
  const legs: PatrolLeg[] = [];
  let at = unit.post;
  let t = 0;
  for (let tries = 0; t < SHIFT_MINUTES && tries < 1000; tries++) {
    const target = vertices.length > 0 ? vertices[rng.int(vertices.length)] : unit.post;
    const leg = network.route(at, target);
    const travel = leg ? Math.ceil(leg.seconds / 60) : Infinity;
    if (leg === undefined || t + travel + DWELL_MIN > SHIFT_MINUTES) continue;
    if (travel > 0)
      legs.push({
        kind: 'drive',
        startMin: t,
        endMin: t + travel,
        path: leg.path,
        metres: leg.metres,
      });
    legs.push({ kind: 'dwell', startMin: t + travel, endMin: t + travel + DWELL_MIN, at: target });
    t += travel + DWELL_MIN;
    at = target;
  }
  if (t < SHIFT_MINUTES) legs.push({ kind: 'dwell', startMin: t, endMin: SHIFT_MINUTES, at });
  return { unit: unit.id, zone: unit.zone.id, post: unit.post, legs };
}

export async function evalPatrolCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: expandRepeatedOption(argv, ['train']),
    options: {
      train: { type: 'string', multiple: true },
      test: { type: 'string' },
      city: { type: 'string', default: 'portland' },
      units: { type: 'string', default: '20' },
      seed: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
    },
  });
  const units = Number(values.units);
  if (!values.train?.length || values.test === undefined)
    throw new ForecastError(
      ForecastErrorCode.INVALID_ARGUMENT,
      'usage: eval:patrol --train FILE… --test FILE --city portland --units 20 [--json]',
      'train',
    );
  if (values.city !== 'portland')
    throw new ForecastError(
      ForecastErrorCode.INVALID_ARGUMENT,
      'only --city portland has calls',
      'city',
    );
  if (!(Number.isInteger(units) && units >= 1 && units <= 200))
    throw new ForecastError(ForecastErrorCode.INVALID_ARGUMENT, '--units must be 1–200', 'units');
  const router = new CityRouter(await importOsm(portlandOsm()));
  const train = values.train.flatMap((f) => readNijFile(f));
  const test = readNijFile(values.test);
  const started = performance.now();
  const result = evaluatePatrol(router, train, test, units, Number(values.seed));
  if (!values.json)
    process.stdout.write(
      `${result.calls_scored} test calls on the extract's roads, ${result.calls_dropped} dropped; ` +
        `planned and scored in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  evalPatrolCommand(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      if (!(error instanceof ForecastError)) throw error;
      process.stderr.write(`eval:patrol: ${error.message} [${error.code}]\n`);
      process.exitCode = 2;
    },
  );
}

/**
 * Recommendation at city scale: 50,000 units (Guangzhou has ~41,000 emergency-unit members on
 * duty a day, plus police and grid workers) against a straight-line TravelTimes, so the figure
 * is core's own cost: filtering, grouping, sorting, choosing. A real road engine adds its reach
 * time on top. Prints one JSON line.
 *
 *   npx tsx packages/core/bench/recommend.bench.ts [units] [runs]
 */
import os from 'node:os';
import { DEFAULT_RESPONSE_PLANS } from '../src/plan/default-plans.ts';
import { selectPlan } from '../src/plan/response-plan.ts';
import {
  FleetIndex,
  recommend,
  recommendFromFleet,
  type TrackedPosition,
} from '../src/recommend/recommend.ts';
import { offset } from '../src/testing/geometry.ts';
import { incidentAt } from '../src/testing/incident-builder.ts';
import { FixedClock, StraightLineTravelTimes } from '../src/testing/straight-line-travel-times.ts';
import { latencyPercentile } from '../src/testing/latency-percentiles.ts';
import { emergencyUnit, gridWorker, policeCar, specialUnit } from '../src/testing/unit-builders.ts';
import type { Unit } from '../src/unit/unit.ts';

const unitCount = Number(process.argv[2] ?? 50_000);
const runs = Number(process.argv[3] ?? 200);
const t0 = Date.parse('2026-11-28T08:00:00Z');

// Deterministic pseudo-random (mulberry32) so runs compare.
let seed = 42;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const travel = new StraightLineTravelTimes();
const units: Unit[] = [];
const positions = new Map<string, TrackedPosition>();
for (let i = 0; i < unitCount; i++) {
  const r = random();
  const id = `u${i}`;
  // Mix of a city: mostly emergency units, then grid workers, police, a few special units;
  // 10 % off duty, 10 % busy, 5 % with stale positions.
  const unit =
    r < 0.7
      ? emergencyUnit(id)
      : r < 0.85
        ? gridWorker(id)
        : r < 0.98
          ? policeCar(id)
          : specialUnit(id);
  const s = random();
  if (s < 0.1) unit.status = 'off_duty';
  else if (s < 0.2) {
    unit.status = 'en_route';
    unit.assignment = {
      incidentId: `x${i}`,
      dispatchId: `d${i}`,
      priority: random() < 0.5 ? 2 : 4,
    };
  }
  units.push(unit);
  // Spread over a 30 km × 30 km city around the incident.
  const where = offset((random() - 0.5) * 30_000, (random() - 0.5) * 30_000);
  const at = t0 - (random() < 0.05 ? 300_000 : random() * 60_000);
  positions.set(id, {
    ...where,
    at,
    accuracyM: 10,
    snapped: travel.snap(unit.profile, where.lon, where.lat),
  });
}

const clock = new FixedClock(t0);
const incident = incidentAt(t0);
const plan = selectPlan(DEFAULT_RESPONSE_PLANS, incident.categoryCode, incident.priority);

// Positions by unit id (a Map), and the same aligned with the units array (no hash lookup per unit).
const aligned = units.map((u) => positions.get(u.id));

// The live form: a FleetIndex kept up to date as units and positions change.
const fleet = FleetIndex.of(units, positions, travel);

function measure(
  lookup: Map<string, TrackedPosition> | (TrackedPosition | undefined)[] | FleetIndex,
) {
  const once = () =>
    lookup instanceof FleetIndex
      ? recommendFromFleet(incident, plan, lookup, clock)
      : recommend(incident, plan, units, lookup, travel, clock);
  for (let i = 0; i < 20; i++) once();
  const times: number[] = [];
  // CPU time as well as wall time: on a shared machine wall time includes waiting for a core.
  const cpu: number[] = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    last = once();
    const used = process.cpuUsage(cpuStart);
    times.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  const pct = (p: number) => Number(latencyPercentile(times, p).toFixed(2));
  return {
    p50Ms: pct(0.5),
    p99Ms: pct(0.99),
    maxMs: pct(1),
    cpuP50Ms: Number(latencyPercentile(cpu, 0.5).toFixed(2)),
    result: last!,
  };
}

const byMap = measure(positions);
const byIndex = measure(aligned);
const byFleet = measure(fleet);
console.log(
  JSON.stringify({
    bench: 'recommend',
    units: unitCount,
    runs,
    positionsByMap: { ...byMap, result: undefined },
    positionsAligned: { ...byIndex, result: undefined },
    fleetIndex: { ...byFleet, result: undefined },
    loadAverage: Number(os.loadavg()[0].toFixed(2)),
    tiersMet: byMap.result.tiers.map((t) => t.met),
    excluded: byMap.result.excluded,
  }),
);

/**
 * Patrol planning benchmark: `npm run bench:patrol -- [--units 6] [--hours 8] [--cells 40]`
 * on the Nanjing demo city. A forecast of --cells cells spread over the city (scores falling
 * with rank), a shift of --hours for --units units, planned twice:
 * - plan_ms: planFromForecast on the calling thread (what a request used to do: while it
 *   ran, the process answered nothing);
 * - worker_plan_ms, worker_warm_plan_ms and loop_max_delay_ms: the same plan through the
 *   PatrolPlanner twice (its own thread: the first call includes the thread's start and its
 *   copy of the graph, the second does not), with the event loop's longest stall measured
 *   over both (perf_hooks monitorEventLoopDelay).
 * Prints one JSON line last on stdout. No assertions: the machine is shared and noisy.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { ForecastRecord } from '@jiefang/core';
import { CityRouter } from '@jiefang/routing';
import { planFromForecast, type PlanInput } from '../src/patrol/plan-from-forecast.ts';
import { PatrolPlanner } from '../src/patrol/patrol-planner.ts';
import { demoCityGraph } from '../src/test-support/test-server.ts';

const { values } = parseArgs({
  options: {
    units: { type: 'string', default: '6' },
    hours: { type: 'string', default: '8' },
    cells: { type: 'string', default: '40' },
  },
});
const UNITS = Number(values.units);
const HOURS = Number(values.hours);
const CELLS = Number(values.cells);

const router = new CityRouter(await demoCityGraph());
const [west, south, east, north] = router.city.meta.bbox;
let seed = 3;
const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
const d = 0.0005;
const forecast: ForecastRecord = {
  id: 'bench',
  orgId: 'city',
  categoryCode: '*',
  horizonDays: 7,
  status: 'computed',
  requestedAt: new Date().toISOString(),
  requestedBy: null,
  computedAt: new Date().toISOString(),
  result: {
    method: 'kde',
    cellSizeFt: 350,
    rotationDeg: 0,
    from: '2026-12-03',
    until: '2026-12-10',
    historyCount: 1000,
    validatedHitRate: 0.3,
    cells: Array.from({ length: CELLS }, (_, i) => {
      const lon = west + (0.1 + 0.8 * random()) * (east - west);
      const lat = south + (0.1 + 0.8 * random()) * (north - south);
      return {
        rank: i + 1,
        cell: String(i),
        score: 20 / (i + 1),
        centre: [lon, lat] as [number, number],
        ring: [
          [lon - d, lat - d],
          [lon + d, lat - d],
          [lon + d, lat + d],
          [lon - d, lat + d],
          [lon - d, lat - d],
        ] as [number, number][],
      };
    }),
  },
};
const input: PlanInput = {
  id: 'bench-plan',
  forecast,
  unitIds: Array.from({ length: UNITS }, (_, i) => `unit-${i}`),
  positions: new Map(),
  shiftStart: Date.parse('2026-12-03T12:00:00Z'),
  shiftMinutes: HOURS * 60,
  dwellMin: 12,
  timeZone: 'Asia/Shanghai',
};

let t0 = performance.now();
const direct = planFromForecast(router, input);
const planMs = performance.now() - t0;

const planner = new PatrolPlanner(router);
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
t0 = performance.now();
const threaded = await planner.plan(input);
const workerMs = performance.now() - t0;
t0 = performance.now();
await planner.plan({ ...input, id: 'bench-plan-2' });
const warmMs = performance.now() - t0;
delay.disable();
await planner.close();

const stops = (plan: typeof direct) =>
  plan.units.reduce((n, u) => n + u.legs.filter((l) => l.kind === 'dwell' && l.stop).length, 0);
process.stderr.write(
  `units ${UNITS}, ${HOURS} h, ${CELLS} cells: ${stops(direct)} stops (thread: ${stops(threaded)})\n`,
);
process.stdout.write(
  `${JSON.stringify({
    units: UNITS,
    shift_min: HOURS * 60,
    cells: CELLS,
    stops: stops(direct),
    plan_ms: Math.round(planMs),
    worker_plan_ms: Math.round(workerMs),
    worker_warm_plan_ms: Math.round(warmMs),
    loop_max_delay_ms: Math.round(delay.max / 1e6),
  })}\n`,
);

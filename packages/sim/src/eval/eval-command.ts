import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CityRouter, importOsm } from '@jiefang/routing';
import { nanjingScenario } from '../city/nanjing.ts';
import { portlandScenario } from '../city/portland.ts';
import type { Scenario } from '../model/scenario.ts';
import { defaultTimings } from '../model/timings.ts';
import { NANJING_OSM, portlandOsm } from '../paths.ts';
import { intervalOverSeeds, type SeedInterval } from './interval-over-seeds.ts';
import { computeMetrics, firstOnScene, type PolicyMetrics } from './metrics.ts';
import { POLICIES, simulate, type PolicyName, type RunResult } from './simulation.ts';

export const evalUsage = `npm run eval:dispatch -- --city <nanjing|portland> [--days 1] [--seed 1] [--seeds 5] [--json]
    [--per-day 120] (nanjing: mean calls per day of the model)
    [--cars-per-station 6] (nanjing: patrol cars per police station, 6 as in the demo seed)
    [--start 2016-08-22] (portland: first replayed day; the calls before it place the fleet)
    [--intake-s 15] (call received → units alerted, the same for every policy)
  Simulates the days under each dispatch policy (straight_line, road_eta, tiered_135) with
  the same calls and the same units, once per seed (--seed, --seed+1, … --seeds of them);
  prints a table, then one JSON line: per policy and figure, the mean over the seeds and its
  95 % interval.`;

export interface EvalOptions {
  city: 'nanjing' | 'portland';
  days: number;
  seed: number;
  perDay?: number;
  carsPerStation?: number;
  start?: string;
  intakeSeconds?: number;
  policies?: readonly PolicyName[];
}

export interface EvalResult {
  scenario: Scenario;
  runs: RunResult[];
  metrics: Record<PolicyName, PolicyMetrics>;
  seconds: { load: number; simulate: number };
}

/** Loads the city, builds the scenario and runs every policy over it. */
export async function evaluate(options: EvalOptions): Promise<EvalResult> {
  const t0 = performance.now();
  const router = new CityRouter(
    await importOsm(options.city === 'nanjing' ? NANJING_OSM : portlandOsm()),
  );
  const scenario =
    options.city === 'nanjing'
      ? nanjingScenario(router, {
          days: options.days,
          seed: options.seed,
          perDay: options.perDay,
          carsPerStation: options.carsPerStation,
          // Calls anywhere on the streets: the model must not know where the units stand.
          hotspotShare: 0,
        })
      : portlandScenario(router, { days: options.days, seed: options.seed, start: options.start });
  const t1 = performance.now();
  const timings = defaultTimings(options.intakeSeconds ?? 15);
  const runs = (options.policies ?? POLICIES).map((policy) =>
    simulate(scenario, policy, { timings }),
  );
  const metrics = Object.fromEntries(
    runs.map((run) => [run.policy, computeMetrics(run.outcomes, run.utilisation)]),
  ) as Record<PolicyName, PolicyMetrics>;
  const t2 = performance.now();
  return {
    scenario,
    runs,
    metrics,
    seconds: { load: (t1 - t0) / 1000, simulate: (t2 - t1) / 1000 },
  };
}

function parseIntOption(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0)
    throw new UsageError(`${name} must be a whole number, got '${text}'`);
  return value;
}

class UsageError extends Error {}

/** Human-readable summary: the figures per policy, then per priority and unit kind. */
export function formatReport(result: EvalResult): string {
  const lines: string[] = [];
  const { scenario, runs, metrics } = result;
  lines.push(`eval:dispatch ${scenario.city}, seed ${scenario.seed}`);
  for (const note of scenario.notes) lines.push(`  ${note}`);
  const keys = Object.keys(metrics[runs[0].policy]) as (keyof PolicyMetrics)[];
  const width = Math.max(...keys.map((k) => k.length)) + 2;
  lines.push('');
  lines.push(''.padEnd(width) + runs.map((r) => r.policy.padStart(14)).join(''));
  for (const key of keys) {
    lines.push(
      key.padEnd(width) +
        runs.map((r) => String(metrics[r.policy][key] ?? '—').padStart(14)).join(''),
    );
  }
  lines.push('');
  lines.push('first on scene p50 / p90 (s) by priority, and busy share by unit kind:');
  for (const run of runs) {
    const parts: string[] = [];
    for (const priority of [1, 2, 3, 4]) {
      const own = run.outcomes.filter((o) => o.priority === priority);
      if (own.length === 0) continue;
      const m = computeMetrics(own, 0);
      parts.push(
        `P${priority} (${own.length}) ${m.first_on_scene_p50_s ?? '—'}/${m.first_on_scene_p90_s ?? '—'}`,
      );
    }
    const busy = Object.keys(run.unitsByKind)
      .map(
        (kind) =>
          `${kind} ${((run.busySeconds[kind] / (run.unitsByKind[kind] * run.horizonSeconds)) * 100).toFixed(1)} %`,
      )
      .join(', ');
    const never = run.outcomes.filter((o) => !Number.isFinite(firstOnScene(o))).length;
    lines.push(
      `  ${run.policy.padEnd(14)} ${parts.join('  ')}; ${run.dispatches} dispatches, ${never} never reached; busy: ${busy}`,
    );
  }
  lines.push('');
  lines.push(
    `load ${result.seconds.load.toFixed(2)} s, simulate ${result.seconds.simulate.toFixed(2)} s`,
  );
  return lines.join('\n');
}

/** Per policy and figure: the mean over the seeds and its 95 % interval. */
export type SeedSummary = Record<
  PolicyName,
  Partial<Record<keyof PolicyMetrics, SeedInterval | null>>
>;

export function summariseSeeds(results: readonly EvalResult[]): SeedSummary {
  const summary = {} as SeedSummary;
  for (const policy of Object.keys(results[0].metrics) as PolicyName[]) {
    const keys = Object.keys(results[0].metrics[policy]) as (keyof PolicyMetrics)[];
    summary[policy] = Object.fromEntries(
      keys.map((key) => [key, intervalOverSeeds(results.map((r) => r.metrics[policy][key]))]),
    );
  }
  return summary;
}

function formatSummary(seeds: readonly number[], summary: SeedSummary): string {
  const lines = [`mean over seeds ${seeds.join(', ')} [95 % interval]:`];
  const policies = Object.keys(summary) as PolicyName[];
  const keys = Object.keys(summary[policies[0]]) as (keyof PolicyMetrics)[];
  const width = Math.max(...keys.map((k) => k.length)) + 2;
  for (const key of keys) {
    lines.push(
      key.padEnd(width) +
        policies
          .map((p) => {
            const v = summary[p][key];
            return (v ? `${v.mean} [${v.ci95[0]}, ${v.ci95[1]}]` : '—').padStart(30);
          })
          .join(''),
    );
  }
  lines.splice(1, 0, ''.padEnd(width) + policies.map((p) => p.padStart(30)).join(''));
  return lines.join('\n');
}

export async function evalCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      city: { type: 'string' },
      days: { type: 'string' },
      seed: { type: 'string' },
      seeds: { type: 'string' },
      'per-day': { type: 'string' },
      'cars-per-station': { type: 'string' },
      start: { type: 'string' },
      'intake-s': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${evalUsage}\n`);
    return 0;
  }
  const city = values.city;
  if (city !== 'nanjing' && city !== 'portland') {
    throw new UsageError(`--city must be nanjing or portland, got '${city ?? ''}'`);
  }
  const days = parseIntOption(values.days, '--days', 1);
  if (days < 1) throw new UsageError('--days must be at least 1');
  const firstSeed = parseIntOption(values.seed, '--seed', 1);
  const seedCount = parseIntOption(values.seeds, '--seeds', 5);
  if (seedCount < 1 || seedCount > 100) throw new UsageError('--seeds must be 1 to 100');
  const seeds = Array.from({ length: seedCount }, (_, i) => firstSeed + i);
  const results: EvalResult[] = [];
  for (const seed of seeds) {
    const result = await evaluate({
      city,
      days,
      seed,
      perDay:
        values['per-day'] !== undefined
          ? parseIntOption(values['per-day'], '--per-day', 120)
          : undefined,
      carsPerStation:
        values['cars-per-station'] !== undefined
          ? parseIntOption(values['cars-per-station'], '--cars-per-station', 6)
          : undefined,
      start: values.start,
      intakeSeconds: parseIntOption(values['intake-s'], '--intake-s', 15),
    });
    if (!values.json) process.stdout.write(`${formatReport(result)}\n\n`);
    results.push(result);
  }
  const summary = summariseSeeds(results);
  if (!values.json) process.stdout.write(`${formatSummary(seeds, summary)}\n`);
  process.stdout.write(`${JSON.stringify({ city, days, seeds, policies: summary })}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  evalCommand(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (
        error instanceof UsageError ||
        (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
      ) {
        process.stderr.write(`eval:dispatch: ${(error as Error).message}\n\n${evalUsage}\n`);
        process.exitCode = 2;
        return;
      }
      process.stderr.write(`eval:dispatch: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

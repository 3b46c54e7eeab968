import { parseCliArgs } from '../arguments.ts';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Dispatch, Incident } from '@jiefang/core';
import { CityRouter } from '@jiefang/routing';
import { defaultConfig, startServer, type RunningServer } from '@jiefang/server';
import {
  portlandDemo,
  SimulationClock,
  startSimulator,
  DEMO_INCIDENTS_PER_HOUR,
  type ReplayDemo,
  type Simulator,
} from '@jiefang/sim';
import { CliUsageError } from '../cli-error.ts';
import { dataDirectory, demoCitySource, loadDemoCity, type DemoCityKey } from '../demo-city.ts';
import { parsePort, stopOnSignals } from './serve-command.ts';

export const demoUsage = `jiefang demo --city <nanjing|portland> [--speed 1] [--auto-dispatch] [--port 8080] [--host 127.0.0.1]
    [--start 2016-08-22] [--days 1] [--time HH:MM] [--seed 1] [--db <url>] [--fresh] [--no-sim]
  The demo city on its own: imports the city into the data directory on first use, seeds its
  organisation, fleet and demo logins into data/jiefang-demo-<city>.db (--db elsewhere; --fresh
  starts that file afresh), starts the server and the simulator. Nanjing: incidents from the
  spatio-temporal model. Portland (../shared/data): replays the real calls for service of --days
  days from --start, at times of day drawn from the diurnal profile (--seed), on a simulated
  clock starting at that day's local midnight (--time: later); a restart resumes the replay.
  --speed N runs N simulated seconds per second (above 1 on a simulated clock).`;

/** What one demo run is made of; `jiefang demo` and `npm start` fill it. */
export interface DemoSettings {
  city: DemoCityKey;
  databaseUrl: string;
  speed: number;
  autoDispatch: boolean;
  /** Nanjing: mean simulated incidents per hour (default the simulator's DEMO_INCIDENTS_PER_HOUR). */
  incidentsPerHour?: number;
  /** Run the simulator (default true). */
  simulate?: boolean;
  port?: number;
  host?: string;
  /** Portland: first replayed day (YYYY-MM-DD), days to replay, seed of the times of day. */
  start?: string;
  days?: number;
  seed?: number;
  /** Portland: seconds after the replayed day's local midnight at which the clock starts. */
  startSecondOfDay?: number;
  log?: (line: string) => void;
  /** Simulator errors (default: printed on stderr). */
  onError?: (error: unknown) => void;
}

export interface RunningDemo {
  server: RunningServer;
  simulator?: Simulator;
  /** Portland: the replay. */
  replay?: ReplayDemo;
  stop(): Promise<void>;
}

/** The units the demo logins `responder` and `grid` play themselves: the simulator leaves them. */
const PLAYED_BY_PEOPLE = ['police-1-1', 'grid-unit-1'];

/**
 * Starts a demo city: graph and basemap (imported on first use), server with the city's seed,
 * and the simulator — for Portland replaying the real calls of the chosen days.
 */
export async function runDemo(settings: DemoSettings): Promise<RunningDemo> {
  const log = settings.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const { city: graph, path, basemap } = await loadDemoCity(settings.city);
  const config = defaultConfig({
    timeZone: process.env.TIME_ZONE || demoCitySource(settings.city).timeZone,
    databaseUrl: settings.databaseUrl,
    cityGraph: path,
    basemap,
    ...(settings.host !== undefined ? { host: settings.host } : {}),
    ...(settings.port !== undefined ? { port: settings.port } : {}),
  });
  const seed = settings.seed ?? 1;
  const simulate = settings.simulate ?? true;
  let replay: ReplayDemo | undefined;
  let clock: SimulationClock | undefined;
  if (settings.city === 'portland') {
    replay = portlandDemo(new CityRouter(graph), {
      start: settings.start,
      days: settings.days ?? 1,
      seed,
    });
    clock = new SimulationClock(replay.startEpochMs + (settings.startSecondOfDay ?? 0) * 1000);
  } else if (settings.speed !== 1) {
    clock = new SimulationClock();
  }
  const server = await startServer(config, { demo: replay?.city ?? true, clock, log });
  if (clock && replay) {
    // A database from an earlier run: the replay resumes after the last thing that happened.
    const resumed = latestActivityMs(server);
    if (resumed > clock.now()) clock.set(resumed);
  }
  if (replay) {
    for (const note of replay.notes) log(`  ${note}`);
    log(
      `  replay: times of day from the diurnal profile (seed ${seed}); simulated clock at ${localTime(clock!.now(), replay.startEpochMs, settings.start ?? '2016-08-22')}`,
    );
  }
  let errors = 0;
  const simulator = simulate
    ? startSimulator(server.ctx, {
        speed: settings.speed,
        autoDispatch: settings.autoDispatch,
        skipUnitIds: PLAYED_BY_PEOPLE,
        seed,
        ...(settings.incidentsPerHour !== undefined
          ? { incidentsPerHour: settings.incidentsPerHour }
          : {}),
        ...(replay
          ? {
              incidents: replay.incidents,
              replayStartMs: replay.startEpochMs,
              routines: replay.routines,
            }
          : {}),
        onError:
          settings.onError ??
          ((error) => {
            if (++errors <= 20) process.stderr.write(`simulator: ${String(error)}\n`);
          }),
      })
    : undefined;
  if (simulator) {
    log(
      `  simulator: speed ${settings.speed}×, auto-dispatch ${settings.autoDispatch ? 'on' : 'off'}${replay ? '' : `, ${settings.incidentsPerHour ?? DEMO_INCIDENTS_PER_HOUR} incidents an hour on average`}`,
    );
  }
  return {
    server,
    simulator,
    replay,
    async stop() {
      await simulator?.stop();
      await server.close();
    },
  };
}

/** `jiefang demo --city <nanjing|portland> …` */
export async function demoCommand(argv: string[]): Promise<number> {
  const { values } = parseCliArgs({
    args: argv,
    options: {
      city: { type: 'string' },
      speed: { type: 'string' },
      'auto-dispatch': { type: 'boolean', default: false },
      port: { type: 'string' },
      host: { type: 'string' },
      start: { type: 'string' },
      days: { type: 'string' },
      time: { type: 'string' },
      seed: { type: 'string' },
      db: { type: 'string' },
      fresh: { type: 'boolean', default: false },
      'no-sim': { type: 'boolean', default: false },
    },
  });
  const settings = parseDemoSettings(values);
  if (values.fresh) {
    if (values.db !== undefined)
      throw new CliUsageError('--fresh only resets the default data/jiefang-demo-<city>.db');
    for (const suffix of ['', '-wal', '-shm'])
      rmSync(`${settings.databaseUrl}${suffix}`, { force: true });
  }
  const demo = await runDemo(settings);
  stopOnSignals(demo.server, demo.simulator);
  return new Promise<number>(() => {});
}

/** The flags of `jiefang demo` as settings; usage errors name the flag. */
export function parseDemoSettings(values: {
  city?: string;
  speed?: string;
  'auto-dispatch'?: boolean;
  port?: string;
  host?: string;
  start?: string;
  days?: string;
  time?: string;
  seed?: string;
  db?: string;
  'no-sim'?: boolean;
}): DemoSettings {
  const city = values.city;
  if (city !== 'nanjing' && city !== 'portland')
    throw new CliUsageError(`--city must be nanjing or portland, got '${city ?? ''}'`);
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!(speed > 0 && speed <= 1000))
    throw new CliUsageError(`--speed must be in (0, 1000], got '${values.speed}'`);
  const positiveInteger = (text: string | undefined, flag: string): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1)
      throw new CliUsageError(`${flag} must be a whole number ≥ 1, got '${text}'`);
    return n;
  };
  if (city === 'nanjing') {
    for (const flag of ['start', 'days', 'time'] as const) {
      if (values[flag] !== undefined)
        throw new CliUsageError(`--${flag} is for the Portland replay`);
    }
  }
  if (values.start !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.start))
    throw new CliUsageError(`--start must be YYYY-MM-DD, got '${values.start}'`);
  let startSecondOfDay: number | undefined;
  if (values.time !== undefined) {
    const m = /^(\d{1,2}):(\d{2})$/.exec(values.time);
    if (!m || Number(m[1]) > 23 || Number(m[2]) > 59)
      throw new CliUsageError(`--time must be HH:MM, got '${values.time}'`);
    startSecondOfDay = Number(m[1]) * 3600 + Number(m[2]) * 60;
  }
  return {
    city,
    databaseUrl: values.db ?? join(dataDirectory(), `jiefang-demo-${city}.db`),
    speed,
    autoDispatch: values['auto-dispatch'] ?? false,
    simulate: !values['no-sim'],
    port: parsePort(values.port),
    host: values.host,
    start: values.start,
    days: positiveInteger(values.days, '--days'),
    seed: values.seed === undefined ? undefined : Number(positiveInteger(values.seed, '--seed')),
    startSecondOfDay,
  };
}

/**
 * `npm start` (`jiefang start`): the Nanjing demo as it always ran — data/jiefang-demo.db
 * (DATABASE_URL), PORT, HOST, and the simulator's JIEFANG_SIM=off, JIEFANG_SIM_SPEED,
 * JIEFANG_AUTO_DISPATCH=1 and JIEFANG_SIM_INCIDENTS_PER_HOUR.
 */
export async function startDemoCommand(): Promise<number> {
  const speed = Number(process.env.JIEFANG_SIM_SPEED ?? 1);
  if (!(speed > 0 && speed <= 1000))
    throw new CliUsageError('JIEFANG_SIM_SPEED must be in (0, 1000]');
  const autoDispatch = process.env.JIEFANG_AUTO_DISPATCH === '1';
  const rate = process.env.JIEFANG_SIM_INCIDENTS_PER_HOUR;
  const incidentsPerHour = rate === undefined ? DEMO_INCIDENTS_PER_HOUR : Number(rate);
  if (!(incidentsPerHour >= 0 && incidentsPerHour <= 10_000))
    throw new CliUsageError('JIEFANG_SIM_INCIDENTS_PER_HOUR must be a number from 0 to 10000');
  const simulate = process.env.JIEFANG_SIM !== 'off';
  const demo = await runDemo({
    city: 'nanjing',
    databaseUrl: process.env.DATABASE_URL ?? join(dataDirectory(), 'jiefang-demo.db'),
    speed,
    autoDispatch,
    incidentsPerHour,
    simulate,
    // The simulator's line names the environment switches, as npm start always printed it.
    log: (line) => {
      if (line.startsWith('  simulator:')) return;
      process.stdout.write(`${line}\n`);
    },
    onError: () => {},
  });
  if (demo.simulator) {
    process.stdout.write(
      `  simulator: speed ${speed}×, auto-dispatch ${autoDispatch ? 'on' : 'off'}, ${incidentsPerHour} incidents an hour on average (JIEFANG_SIM=off, JIEFANG_SIM_SPEED, JIEFANG_AUTO_DISPATCH=1, JIEFANG_SIM_INCIDENTS_PER_HOUR)\n`,
    );
  }
  stopOnSignals(demo.server, demo.simulator);
  return new Promise<number>(() => {});
}

/** The latest time anything happened in the store's world (incidents, dispatches), or 0. */
function latestActivityMs(server: RunningServer): number {
  let latest = 0;
  const later = (iso: string | undefined) => {
    const ms = iso ? Date.parse(iso) : NaN;
    if (ms > latest) latest = ms;
  };
  for (const { value } of server.ctx.world.incidents.values()) {
    const incident = value as Incident;
    later(incident.receivedAt);
    later(incident.createdAt);
  }
  for (const { value } of server.ctx.world.dispatches.values()) {
    for (const iso of Object.values((value as Dispatch).times)) later(iso);
  }
  return latest;
}

/** "2016-08-22 06:30 local time", from the replayed day's local midnight. */
function localTime(nowMs: number, midnightMs: number, startDay: string): string {
  const seconds = Math.floor((nowMs - midnightMs) / 1000);
  const day = Math.floor(seconds / 86400);
  const date = new Date(Date.parse(`${startDay}T00:00:00Z`) + day * 86400_000)
    .toISOString()
    .slice(0, 10);
  const s = seconds - day * 86400;
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  return `${date} ${hh}:${mm} local time`;
}

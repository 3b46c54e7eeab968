import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CityRouter, readGraphFile } from '@jiefang/routing';
import { loadToken, planLoadFleet, LOAD_DISPATCHER } from '@jiefang/server';
import { DeviceFleet } from './devices.ts';
import { runDispatcher } from './dispatcher.ts';
import { ErrorLog, Samples } from './stats.ts';
import { REPO_ROOT as repoRoot, sharedDataDir } from '../paths.ts';

export interface LoadOptions {
  responders: number;
  police: number;
  incidentsPerS: number;
  positionIntervalS: number;
  durationS: number;
  /** Devices connected and reporting this long before measuring (rss_mb_start). */
  warmupS: number;
  /** A running server (seeded with the same counts, seed and key); else one is started. */
  url?: string;
  key?: string;
  /** City graph; default Columbus, imported once into the temp directory. */
  city?: string;
  seed: number;
  /** Pass --cpu-prof to the server process (profiles land in this directory). */
  profileDir?: string;
  log: (line: string) => void;
}

export interface LoadReport {
  positions_per_s: number;
  incidents: number;
  intake_to_recommendation_ms: { p50: number | null; p99: number | null };
  dispatch_to_device_ms: { p50: number | null; p99: number | null };
  errors: number;
  rss_mb_start: number | null;
  rss_mb_end: number | null;
}

const COLUMBUS_OSM = join(sharedDataDir(), 'osm-columbus/columbus.osm.pbf');
const CLI = resolve(repoRoot, 'packages/cli/bin/jiefang.js');
const SEEDER = resolve(repoRoot, 'packages/server/src/load-seed/seed-load-command.ts');
/** Time allowed after the last incident for dispatches to reach their phones. */
const GRACE_MS = 5000;

/** Open files this process may have (soft limit), from /proc. */
export function openFileLimit(pid: number | 'self' = 'self'): { soft: number; hard: number } {
  const text = readFileSync(`/proc/${pid}/limits`, 'utf8');
  const line = text.split('\n').find((l) => l.startsWith('Max open files'))!;
  const [soft, hard] = line
    .replace('Max open files', '')
    .trim()
    .split(/\s+/)
    .map((v) => (v === 'unlimited' ? Infinity : Number(v)));
  return { soft, hard };
}

function rssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? Math.round(kb / 102.4) / 10 : null;
  } catch {
    return null;
  }
}

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line.trim()) log(`  ${line}`);
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolvePromise(stdout) : reject(new Error(`${args[0]} exited with ${code}`)),
    );
  });
}

interface StartedServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Seeds a fresh SQLite store, then runs `jiefang serve` on it as its own process. */
async function startServer(
  options: LoadOptions,
  city: string,
  key: string,
  directory: string,
): Promise<StartedServer> {
  const db = join(directory, 'load.db');
  const env = { ...process.env, JIEFANG_LOAD_KEY: key };
  const started = performance.now();
  const seeded = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      SEEDER,
      '--db',
      db,
      '--city',
      city,
      '--responders',
      String(options.responders),
      '--police',
      String(options.police),
      '--seed',
      String(options.seed),
    ],
    env,
    options.log,
  );
  options.log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s: ${seeded.trim()}`);
  const nodeArgs = options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', options.profileDir] : [];
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, CLI, 'serve', '--db', db, '--city', city, '--port', '0', '--host', '127.0.0.1'],
    {
      cwd: repoRoot,
      env: { ...process.env, LOG_LEVEL: 'warn', JIEFANG_LOAD_KEY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) if (line.trim()) options.log(`  server: ${line}`);
  });
  const url = await new Promise<string>((resolvePromise, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (match) resolvePromise(match[1]);
    });
    child.on('exit', (code) =>
      reject(new Error(`the server exited with ${code} before listening`)),
    );
  });
  const exited = new Promise<void>((resolvePromise) => child.on('exit', () => resolvePromise()));
  return {
    url,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      const timeout = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}

function cityGraph(options: LoadOptions, log: (line: string) => void): Promise<string> {
  if (options.city) return Promise.resolve(options.city);
  const cache = join(tmpdir(), 'jiefang-load');
  const path = join(cache, 'columbus.graph');
  if (existsSync(path)) return Promise.resolve(path);
  mkdirSync(cache, { recursive: true });
  log(`importing ${COLUMBUS_OSM} into ${path}`);
  return run(
    process.execPath,
    [CLI, 'import', COLUMBUS_OSM, '--out', path, '--json'],
    process.env,
    log,
  ).then(() => path);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One load run end to end; the report is what `npm run load -- --json` prints last. */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const { log } = options;
  const devices = options.responders + options.police;
  const limit = openFileLimit();
  if (limit.soft < devices + 512) {
    throw new Error(
      `${devices} device sockets need ${devices + 512} open files in this process and in the server; the limit here is ${limit.soft} (hard ${limit.hard}). Raise it (ulimit -n / LimitNOFILE) or run fewer devices.`,
    );
  }
  const city = await cityGraph(options, log);
  const router = new CityRouter(readGraphFile(city));
  const key = options.key ?? randomBytes(24).toString('base64url');
  const directory = mkdtempSync(join(tmpdir(), 'jiefang-load-'));
  let server: StartedServer | undefined;
  let fleet: DeviceFleet | undefined;
  try {
    if (options.url) {
      if (!options.key)
        throw new Error(
          '--url needs --key (or JIEFANG_LOAD_KEY): the key the server was seeded with',
        );
      server = { url: options.url.replace(/\/$/, ''), pid: 0, stop: async () => {} };
    } else {
      server = await startServer(options, city, key, directory);
    }
    const host = new URL(server.url).hostname;
    if (!/^127\.\d+\.\d+\.\d+$|^localhost$/.test(host))
      throw new Error(`load runs on loopback only (127.0.0.0/8), not ${host}`);
    log(`server ${server.url}${server.pid ? ` (pid ${server.pid})` : ''}`);
    if (server.pid && openFileLimit(server.pid).soft < devices + 512) {
      throw new Error(`the server process may open only ${openFileLimit(server.pid).soft} files`);
    }

    const plan = planLoadFleet(router, options);
    const errors = new ErrorLog();
    const dispatchAcks = new Map<string, number>();
    const dispatchToDevice = new Samples();
    const sendToDevice = new Samples();
    const dispatchSent = new Map<string, number>();
    const intakeToRecommendation = new Samples();
    fleet = new DeviceFleet({
      wsUrl: `${server.url.replace(/^http/, 'ws')}/api/v1/live`,
      httpUrl: server.url,
      plan,
      token: (accountId) => loadToken(key, accountId),
      router,
      positionIntervalS: options.positionIntervalS,
      errors,
      dispatchAcks,
      dispatchToDevice,
      dispatchSent,
      sendToDevice,
      seed: options.seed,
      log,
    });
    const connectStarted = performance.now();
    await fleet.connect();
    log(
      `${fleet.readyCount}/${fleet.devices.length} devices in device mode after ${((performance.now() - connectStarted) / 1000).toFixed(1)} s (${plan.units.length} units)`,
    );
    fleet.startReporting();
    await sleep(options.warmupS * 1000);
    const rssStart = server.pid ? rssMb(server.pid) : null;
    log(`warm-up done: server rss ${rssStart} MB, ${fleet.accepted} fixes accepted so far`);

    fleet.counting = true;
    const windowStarted = performance.now();
    const sampler = setInterval(() => {
      log(
        `  t+${Math.round((performance.now() - windowStarted) / 1000)} s: ${fleet!.acceptedInWindow} fixes, ${dispatchAcks.size} dispatches, ${fleet!.busyUnits} units busy, rss ${server!.pid ? rssMb(server!.pid) : '?'} MB, errors ${errors.total}`,
      );
    }, 10_000);
    const dispatched = await runDispatcher({
      httpUrl: server.url,
      token: loadToken(key, LOAD_DISPATCHER),
      drive: router.graph('drive'),
      incidentsPerSecond: options.incidentsPerS,
      durationS: options.durationS,
      errors,
      intakeToRecommendation,
      dispatchAcks,
      onAcknowledged: (id, at) => fleet!.acknowledged(id, at),
      dispatchSent,
      seed: options.seed,
    });
    const windowS = (performance.now() - windowStarted) / 1000;
    fleet.counting = false;
    const fixes = fleet.acceptedInWindow;
    await sleep(GRACE_MS);
    clearInterval(sampler);
    const rssEnd = server.pid ? rssMb(server.pid) : null;
    let undelivered = 0;
    for (const id of dispatchAcks.keys()) if (!fleet.delivered.has(id)) undelivered++;
    for (let i = 0; i < undelivered; i++) errors.add('dispatch never reached a phone');
    log(
      `${dispatched.incidents} incidents, ${dispatched.dispatches} dispatches (${fleet.dispatchesSeen} phone deliveries, ${fleet.jobsCleared} cleared, ${fleet.fallbackArrivals} manual arrivals); ${errors.describe()}`,
    );
    log(`slowest intake → recommendation: ${intakeToRecommendation.worst(5)}`);
    log(
      `slowest dispatch → phone: ${dispatchToDevice.worst(5)}; send → phone: ${sendToDevice.summary().p50} / ${sendToDevice.summary().p99} ms (p50 / p99)`,
    );
    return {
      positions_per_s: Math.round(fixes / windowS),
      incidents: dispatched.incidents,
      intake_to_recommendation_ms: intakeToRecommendation.summary(),
      dispatch_to_device_ms: dispatchToDevice.summary(),
      errors: errors.total,
      rss_mb_start: rssStart,
      rss_mb_end: rssEnd,
    };
  } finally {
    await fleet?.close();
    await server?.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}

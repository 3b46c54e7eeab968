import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CityRouter, GRAPH_FORMAT_VERSION, readGraphFile } from '@jiefang/routing';
import { loadToken, planLoadFleet, LOAD_DISPATCHER } from '@jiefang/server';
import { IncidentCloser } from './incident-closer.ts';
import { DeviceClients, type WorkerStats } from './device-clients.ts';
import type { Delivery } from './devices.ts';
import { runDispatcher } from './dispatcher.ts';
import { openFileLimit, processTree, treeRss } from './process-stats.ts';
import { ServerHeap, type ServerSample } from './server-heap.ts';
import { ErrorLog, Samples } from './stats.ts';
import { REPO_ROOT as repoRoot, sharedDataDir } from '../paths.ts';

export interface LoadOptions {
  responders: number;
  police: number;
  incidentsPerS: number;
  positionIntervalS: number;
  durationS: number;
  /** The whole workload (positions and dispatching) runs this long before measuring (rss_mb_start). */
  warmupS: number;
  /** A running server (seeded with the same counts, seed and key); else one is started. */
  url?: string;
  /** With `url`: where the devices connect (the server's device gateways); default `url`. */
  deviceUrl?: string;
  key?: string;
  /** City graph; default Columbus, imported once into the temp directory. */
  city?: string;
  seed: number;
  /** Pass --cpu-prof to the server process (profiles land in this directory). */
  profileDir?: string;
  /**
   * Close each incident (handle → supervise → close) once all its units have cleared: the
   * command centre's closed loop, 3 more commands per incident on top of the issue's workload.
   */
  closeIncidents?: boolean;
  /** Device-client processes; default one per 15,000 devices. */
  deviceProcesses?: number;
  /**
   * Device gateway processes of the server started here (`jiefang serve --device-gateways`);
   * default one per 15,000 devices when there are more than 15,000, else none (devices on the
   * main port).
   */
  deviceGateways?: number;
  /**
   * Server processes started here (`jiefang serve --bus`), one PostgreSQL (`databaseUrl`) and
   * one NATS JetStream (`busUrl`) between them: device processes spread over them, the
   * dispatcher works on the first (so a dispatch reaches most phones through another process).
   */
  nodes?: number;
  /** The store the server(s) started here use: default a fresh SQLite file. */
  databaseUrl?: string;
  busUrl?: string;
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
  /**
   * The server core's heap in use right after a full collection (--expose-gc, on SIGUSR2) at
   * the warm-up's end and the run's; the first node's with --nodes; null for a server not
   * started here.
   */
  heap_after_gc_mb_start: number | null;
  heap_after_gc_mb_end: number | null;
  /** The SQLite file and its WAL at the end (null: not a local SQLite file). */
  db_mb: number | null;
  wal_mb: number | null;
  /** Server processes the load ran against (1 unless --nodes). */
  nodes: number;
  /** Once a minute through the measured window, and at its end. */
  series: ServerSample[];
}

const COLUMBUS_OSM = join(sharedDataDir(), 'osm-columbus/columbus.osm.pbf');
const CLI = resolve(repoRoot, 'packages/cli/bin/jiefang.js');
const SEEDER = resolve(repoRoot, 'packages/server/src/load-seed/seed-load-command.ts');
/** Time allowed after the last incident for dispatches to reach their phones. */
const GRACE_MS = 5000;
/** Sockets one gateway process holds at most, under a 20,000 open-file limit. */
const DEVICES_PER_GATEWAY = 15_000;
/** Open files a process needs beside its device sockets (HTTP, store, graph, stdio, IPC). */
const FILE_HEADROOM = 512;
/** How long after the main `listening on` line the gateways may take to print theirs. */
const GATEWAY_LINE_TIMEOUT_MS = 60_000;
const MAIN_LINE = /listening on (http:\/\/[^\s]+)/;
const GATEWAY_LINE = /device gateways? listening on (http:\/\/[^\s]+)/;

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
  /** The main port: every HTTP call (dispatcher and phones). */
  url: string;
  /** With several nodes: every node's main port, the first being `url`. */
  urls?: string[];
  /** With several nodes: the other nodes' processes (their RSS counts too). */
  otherPids?: number[];
  /** Where the devices' WebSockets go: the gateways' shared port, or the main one. */
  deviceUrl: string;
  pid: number;
  stop(): Promise<void>;
  /** What the core reports of its heap and store (a server this tool started). */
  heap?: ServerHeap;
  /** Its request thread's slow BEGINs and COMMITs (JIEFANG_SLOW_SQL_MS). */
  slowSql?: SlowSql;
}

/** The server's `slow sqlite begin|commit <ms> ms` lines, summed per kind. */
class SlowSql {
  private readonly byKind = new Map<string, { count: number; totalMs: number; maxMs: number }>();

  add(line: string): void {
    const [, , kind, ms] = line.split(' ');
    const value = Number(ms);
    if (!kind || !Number.isFinite(value)) return;
    const known = this.byKind.get(kind) ?? { count: 0, totalMs: 0, maxMs: 0 };
    known.count += 1;
    known.totalMs += value;
    known.maxMs = Math.max(known.maxMs, value);
    this.byKind.set(kind, known);
  }

  describe(): string {
    if (this.byKind.size === 0) return 'none';
    return [...this.byKind]
      .map(
        ([kind, k]) =>
          `${kind} ${k.count}× (max ${k.maxMs.toFixed(0)} ms, ${(k.totalMs / 1000).toFixed(1)} s in all)`,
      )
      .join(', ');
  }
}

/** Running and not a zombie (an orphan's zombie may linger where PID 1 does not reap). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/**
 * Seeds a fresh SQLite store, then runs `jiefang serve` on it as its own process — with device
 * gateways (child processes of the server sharing one device port) when `gateways` > 0.
 */
async function startServer(
  options: LoadOptions,
  city: string,
  key: string,
  directory: string,
  gateways: number,
): Promise<StartedServer> {
  const db = options.databaseUrl ?? join(directory, 'load.db');
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
  // --expose-gc: the heap after a full collection is read at the warm-up's end and the run's.
  const nodeArgs = ['--expose-gc'].concat(
    options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', options.profileDir] : [],
  );
  const gatewayArgs =
    gateways > 0 ? ['--device-gateways', String(gateways), '--device-port', '0'] : [];
  if (options.busUrl) gatewayArgs.push('--bus', options.busUrl);
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...nodeArgs,
      CLI,
      'serve',
      '--db',
      db,
      '--city',
      city,
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      ...gatewayArgs,
    ],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        LOG_LEVEL: 'warn',
        JIEFANG_LOAD_KEY: '',
        JIEFANG_EXIT_WITH_PARENT: '1',
        JIEFANG_HEAP_LOG_MS: '5000',
        JIEFANG_SLOW_SQL_MS: process.env.JIEFANG_SLOW_SQL_MS ?? '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<void>((resolvePromise) => child.on('exit', () => resolvePromise()));
  const heap = new ServerHeap(child.pid, options.databaseUrl ? undefined : db);
  const slowSql = new SlowSql();
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) {
      if (line.startsWith('heap {')) heap.line(line.slice(5));
      else if (line.startsWith('slow sqlite ')) slowSql.add(line);
      else if (line.trim()) options.log(`  server: ${line}`);
    }
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const descendants = processTree(child.pid!).slice(1);
      child.kill('SIGTERM');
      const timeout = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timeout);
      // The server takes its gateways down; any it left behind go after a moment.
      for (let waited = 0; waited < 5000 && descendants.some(alive); waited += 100)
        await sleep(100);
      for (const pid of descendants.filter(alive)) {
        options.log(`  server process ${pid} outlived the server: killing it`);
        process.kill(pid, 'SIGKILL');
      }
    }
  };
  try {
    const urls = await serverUrls(child, gateways, 'server', options.log);
    return { ...urls, pid: child.pid!, stop, heap, slowSql };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Nodes 2..N of a cluster beside the seeded first one: `jiefang serve --bus` on the same
 * database, each on a free port. Their stop is added to the first node's.
 */
async function startMoreNodes(
  options: LoadOptions,
  city: string,
  first: StartedServer,
): Promise<StartedServer> {
  const children: ChildProcess[] = [];
  const stopAll = async () => {
    await Promise.all(
      children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolvePromise) => child.once('exit', resolvePromise));
        child.kill('SIGTERM');
        const timeout = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timeout);
      }),
    );
    await first.stop();
  };
  try {
    const urls = [first.url];
    for (let node = 2; node <= (options.nodes ?? 1); node++) {
      const child = spawn(
        process.execPath,
        [
          CLI,
          'serve',
          '--db',
          options.databaseUrl!,
          '--bus',
          options.busUrl!,
          '--city',
          city,
        ].concat(['--port', '0', '--host', '127.0.0.1']),
        {
          cwd: repoRoot,
          env: {
            ...process.env,
            LOG_LEVEL: 'warn',
            JIEFANG_LOAD_KEY: '',
            JIEFANG_EXIT_WITH_PARENT: '1',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      children.push(child);
      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
        for (const line of chunk.split('\n'))
          if (line.trim()) options.log(`  node ${node}: ${line}`);
      });
      urls.push((await serverUrls(child, 0, `node ${node}`, options.log)).url);
    }
    return { ...first, urls, otherPids: children.map((c) => c.pid!), stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The main URL from the server's `listening on` line, and the gateways' from theirs. */
function serverUrls(
  child: ChildProcess,
  gateways: number,
  label: string,
  log: (line: string) => void,
): Promise<{ url: string; deviceUrl: string }> {
  return new Promise((resolvePromise, reject) => {
    let partial = '';
    let url: string | undefined;
    let deviceUrl: string | undefined;
    let gatewayTimer: NodeJS.Timeout | undefined;
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(gatewayTimer);
      if (error) reject(error);
      else resolvePromise({ url: url!, deviceUrl: deviceUrl ?? url! });
    };
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      // Once listening, the server's log (LOG_LEVEL=warn: warnings and errors, e.g. the cause of
      // a 500) goes to the run's log instead of being dropped.
      if (settled) {
        for (const line of lines) if (line.trim()) log(`  ${label}: ${line}`);
        return;
      }
      for (const line of lines) {
        // The gateway line says `listening on` too: test it first.
        const gateway = GATEWAY_LINE.exec(line);
        if (gateway) deviceUrl = gateway[1];
        else url ??= MAIN_LINE.exec(line)?.[1];
      }
      if (url && (gateways === 0 || deviceUrl)) settle();
      else if (url && !gatewayTimer)
        gatewayTimer = setTimeout(
          () =>
            settle(
              new Error(
                `the server listens on ${url} but printed no 'device gateway listening on' line within ${GATEWAY_LINE_TIMEOUT_MS / 1000} s of it (started with --device-gateways ${gateways})`,
              ),
            ),
          GATEWAY_LINE_TIMEOUT_MS,
        );
    });
    child.on('exit', (code, signal) =>
      settle(
        new Error(
          `the server exited with ${signal ?? code} before listening${gateways > 0 ? ` (started with --device-gateways ${gateways}; see its output above)` : ''}`,
        ),
      ),
    );
  });
}

function cityGraph(options: LoadOptions, log: (line: string) => void): Promise<string> {
  if (options.city) return Promise.resolve(options.city);
  const cache = join(tmpdir(), 'jiefang-load');
  // The format version in the name: a graph cached by an older build is not reused.
  const path = join(cache, `columbus-v${GRAPH_FORMAT_VERSION}.graph`);
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

function rssLine(rss: ReturnType<typeof treeRss>): string {
  if (!rss) return '?';
  const each = rss.perProcess.map(([pid, mb]) => `${pid}: ${mb}`).join(', ');
  return rss.perProcess.length > 1 ? `${rss.mb} MB (${each})` : `${rss.mb} MB`;
}

/** The device processes' counters added up (errors as a count; the kinds come at the end). */
function total(stats: WorkerStats[]) {
  const sum = (pick: (s: WorkerStats) => number) => stats.reduce((n, s) => n + pick(s), 0);
  return {
    ready: sum((s) => s.ready),
    accepted: sum((s) => s.accepted),
    acceptedInWindow: sum((s) => s.acceptedInWindow),
    jobsCleared: sum((s) => s.jobsCleared),
    fallbackArrivals: sum((s) => s.fallbackArrivals),
    busyUnits: sum((s) => s.busyUnits),
    errors: sum((s) => s.errors.byKind.reduce((n, [, count]) => n + count, 0)),
  };
}

const loopback = (url: string, field: string) => {
  const host = new URL(url).hostname;
  if (!/^127\.\d+\.\d+\.\d+$|^localhost$/.test(host))
    throw new Error(`load runs on loopback only (127.0.0.0/8): ${field} is on ${host}`);
};

/** One load run end to end; the report is what `npm run load -- --json` prints last. */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const { log } = options;
  const nodes = options.nodes ?? 1;
  if (nodes > 1) {
    if (options.url) throw new Error('--nodes starts the servers: give no --url');
    if (
      !/^postgres(ql)?:\/\//.test(options.databaseUrl ?? '') ||
      !options.busUrl?.startsWith('nats://')
    )
      throw new Error(
        '--nodes > 1 needs --db postgres://… and --bus nats://… (the processes share them)',
      );
    if (options.deviceGateways)
      throw new Error('--nodes spreads the devices over the nodes: give no --device-gateways');
  }
  const devices = options.responders + options.police;
  // Each node holds the sockets of its device processes: at least one process per node.
  const processes = Math.max(
    nodes,
    options.deviceProcesses ?? DeviceClients.defaultProcesses(devices),
  );
  const gateways =
    options.url || nodes > 1
      ? 0
      : (options.deviceGateways ??
        (devices > DEVICES_PER_GATEWAY ? Math.ceil(devices / DEVICES_PER_GATEWAY) : 0));
  // The device processes and the server started here inherit this process's limit, and it
  // cannot be raised from inside Node: check it before seeding anything.
  const limit = openFileLimit();
  const perProcess = Math.ceil(devices / processes);
  if (limit.soft < perProcess + FILE_HEADROOM) {
    throw new Error(
      `${devices} devices over ${processes} device processes are ~${perProcess} sockets each and need ${perProcess + FILE_HEADROOM} open files per process; the open-file limit (soft, inherited by the device processes) is ${limit.soft} (hard ${limit.hard}). Use more --device-processes, raise the limit (ulimit -n / LimitNOFILE) or run fewer devices.`,
    );
  }
  const perServerProcess =
    gateways > 0 ? Math.ceil(devices / gateways) : Math.ceil(devices / nodes);
  if (!options.url && limit.soft < perServerProcess + FILE_HEADROOM) {
    throw new Error(
      `${gateways > 0 ? `each of the server's ${gateways} device gateways` : 'the server (without device gateways)'} would hold ~${perServerProcess} device sockets and need ${perServerProcess + FILE_HEADROOM} open files; the open-file limit (soft, inherited by the server) is ${limit.soft} (hard ${limit.hard}). Use --device-gateways ${Math.ceil(devices / Math.max(1, limit.soft - FILE_HEADROOM))} or more, raise the limit or run fewer devices.`,
    );
  }
  const city = await cityGraph(options, log);
  const router = new CityRouter(readGraphFile(city));
  const key = options.key ?? randomBytes(24).toString('base64url');
  const directory = mkdtempSync(join(tmpdir(), 'jiefang-load-'));
  let server: StartedServer | undefined;
  let clients: DeviceClients | undefined;
  let sampler: NodeJS.Timeout | undefined;
  let minuteSampler: NodeJS.Timeout | undefined;
  try {
    if (options.url) {
      if (!options.key)
        throw new Error(
          '--url needs --key (or JIEFANG_LOAD_KEY): the key the server was seeded with',
        );
      const url = options.url.replace(/\/$/, '');
      const deviceUrl = (options.deviceUrl ?? url).replace(/\/$/, '');
      server = { url, deviceUrl, pid: 0, stop: async () => {} };
    } else {
      server = await startServer(options, city, key, directory, gateways);
      if (nodes > 1) server = await startMoreNodes(options, city, server);
    }
    loopback(server.url, 'the server');
    loopback(server.deviceUrl, 'the device URL');
    const serverPid = server.pid;
    const { url: serverUrl, heap: serverHeap } = server;
    log(
      `server ${server.url}${serverPid ? ` (pid ${serverPid})` : ''}; devices connect to ${server.deviceUrl}${gateways > 0 ? ` (${gateways} device gateways)` : ''}`,
    );
    for (const pid of serverPid ? processTree(serverPid) : []) {
      const processLimit = openFileLimit(pid);
      if (processLimit.soft < perServerProcess + FILE_HEADROOM)
        throw new Error(
          `server process ${pid} may open only ${processLimit.soft} files (soft limit) but would hold ~${perServerProcess} device sockets`,
        );
    }
    const serverRss = () => {
      if (!serverPid) return null;
      // Every node of a cluster: the processes and their descendants, added up.
      const trees = [serverPid, ...(server!.otherPids ?? [])].map((pid) => treeRss(pid));
      if (trees.some((tree) => tree === null)) return trees[0];
      return {
        mb: trees.reduce((sum, tree) => sum + tree!.mb, 0),
        perProcess: trees.flatMap((tree) => tree!.perProcess),
      };
    };

    const plan = planLoadFleet(router, options);
    const errors = new ErrorLog();
    const dispatchAcks = new Map<string, number>();
    const dispatchSent = new Map<string, number>();
    // The warm-up runs the whole workload (dispatching included) so that memory is first read
    // once the server has settled under it; its calls and deliveries are checked, not sampled.
    const warmAcks = new Map<string, number>();
    const warmSent = new Map<string, number>();
    const dispatchToDevice = new Samples();
    const sendToDevice = new Samples();
    const intakeToRecommendation = new Samples();
    const delivered = new Set<string>();
    let clamped = 0;
    const onDelivery = (delivery: Delivery) => {
      delivered.add(delivery.dispatchId);
      if (warmSent.has(delivery.incidentId)) return;
      const appliedAt = Date.parse(delivery.appliedAt);
      if (!Number.isFinite(appliedAt)) {
        errors.add('dispatch event without at', `${delivery.dispatchId}: ${delivery.appliedAt}`);
      } else {
        // Same clock on both sides (loopback), but `at` and receipt are whole milliseconds.
        const lag = delivery.receivedAt - appliedAt;
        if (lag < 0) clamped++;
        dispatchToDevice.add(Math.max(0, lag));
      }
      const sentAt = dispatchSent.get(delivery.incidentId);
      if (sentAt !== undefined) sendToDevice.add(delivery.receivedAt - sentAt);
    };
    const closer = new IncidentCloser({
      httpUrl: server.url,
      token: loadToken(key, LOAD_DISPATCHER),
      errors,
    });
    const fleet = new DeviceClients({
      processes,
      units: plan.units,
      city,
      key,
      wsUrl: `${server.deviceUrl.replace(/^http/, 'ws')}/api/v1/live`,
      wsUrls: server.urls?.map((url) => `${url.replace(/^http/, 'ws')}/api/v1/live`),
      httpUrl: server.url,
      positionIntervalS: options.positionIntervalS,
      seed: options.seed,
      onDelivery,
      onCleared: ({ dispatchId, incidentId }) => {
        if (options.closeIncidents) closer.cleared(dispatchId, incidentId);
      },
      log,
    });
    clients = fleet;
    const connectStarted = performance.now();
    const connected = total(await fleet.connect());
    log(
      `${connected.ready}/${devices} devices in device mode after ${((performance.now() - connectStarted) / 1000).toFixed(1)} s (${plan.units.length} units, ${processes} device processes of up to ${fleet.largestShare})`,
    );
    await fleet.startReporting();
    const dispatching = (
      durationS: number,
      samples: Samples,
      acks: Map<string, number>,
      sent: Map<string, number>,
      seed: number,
    ) =>
      Promise.race([
        fleet.failed,
        runDispatcher({
          httpUrl: serverUrl,
          token: loadToken(key, LOAD_DISPATCHER),
          drive: router.graph('drive'),
          incidentsPerSecond: options.incidentsPerS,
          durationS,
          errors,
          intakeToRecommendation: samples,
          dispatchAcks: acks,
          dispatchSent: sent,
          onDispatched: (incidentId, dispatchIds) => {
            if (options.closeIncidents) closer.dispatched(incidentId, dispatchIds);
          },
          seed,
        }),
      ]);
    const warmedUp = await dispatching(
      options.warmupS,
      new Samples(),
      warmAcks,
      warmSent,
      options.seed + 1000,
    );
    const rssStart = serverRss();
    const heapStart = await server.heap?.afterForcedGc();
    const warm = total(await fleet.stats());
    log(
      `warm-up done: server rss ${rssLine(rssStart)}, ${server.heap?.describe() ?? 'core heap not reported'}, ${warm.accepted} fixes accepted, ${warmedUp.incidents} incidents and ${warmedUp.dispatches} dispatches so far`,
    );

    const windowStarted = performance.now();
    await fleet.setCounting(true);
    // A soak's series: the server's heap, RSS and store once a minute through the window.
    const series: ServerSample[] = [];
    const sampleMinute = () => {
      const tS = Math.round((performance.now() - windowStarted) / 1000);
      if (serverHeap) series.push(serverHeap.sample(tS, serverRss()?.mb ?? null));
    };
    sampleMinute();
    minuteSampler = setInterval(sampleMinute, 60_000);
    let sampling = false;
    sampler = setInterval(() => {
      if (sampling) return;
      sampling = true;
      fleet
        .stats()
        .then((stats) => {
          const now = total(stats);
          const clientsRss = fleet.pids.map((pid) => treeRss(pid)?.mb ?? '?').join(' + ');
          log(
            `  t+${Math.round((performance.now() - windowStarted) / 1000)} s: ${now.acceptedInWindow} fixes, ${dispatchAcks.size} dispatches, ${now.busyUnits} units busy, server rss ${rssLine(serverRss())}, ${serverHeap?.describe() ?? 'core heap not reported'}, device processes ${clientsRss} MB, errors ${errors.total + now.errors}`,
          );
        })
        // A device process that died is reported when the run next waits on it.
        .catch(() => {})
        .finally(() => (sampling = false));
    }, 10_000);
    const dispatched = await dispatching(
      options.durationS,
      intakeToRecommendation,
      dispatchAcks,
      dispatchSent,
      options.seed,
    );
    const fixes = total(await fleet.setCounting(false)).acceptedInWindow;
    const windowS = (performance.now() - windowStarted) / 1000;
    await Promise.race([sleep(GRACE_MS), fleet.failed]);
    clearInterval(sampler);
    clearInterval(minuteSampler);
    const rssEnd = serverRss();
    sampleMinute();
    const heapEnd = await server.heap?.afterForcedGc();
    const storageEnd = server.heap?.storage();
    // The last closings wait for units still on scene: the phones must still be there to clear.
    await closer.settle();
    const final = await fleet.close();
    final.forEach((stats, i) => errors.absorb(stats.errors, `devices ${i}`));
    const done = total(final);
    let undelivered = 0;
    for (const acks of [warmAcks, dispatchAcks])
      for (const id of acks.keys()) if (!delivered.has(id)) undelivered++;
    for (let i = 0; i < undelivered; i++) errors.add('dispatch never reached a phone');
    log(
      `${dispatched.incidents} incidents, ${dispatched.dispatches} dispatches (${dispatchToDevice.count} phone deliveries, ${done.jobsCleared} cleared, ${done.fallbackArrivals} manual arrivals), ${closer.closed} incidents closed; ${errors.describe()}`,
    );
    log(
      `memory at the end: server rss ${rssLine(rssEnd)}, ${server.heap?.describe() ?? 'core heap not reported'}`,
    );
    log(`slowest intake → recommendation: ${intakeToRecommendation.worst(5)}`);
    if (process.env.JIEFANG_SLOW_SQL_MS && server.slowSql) {
      log(
        `SQLite steps ≥ ${process.env.JIEFANG_SLOW_SQL_MS} ms (begin/commit hold the request thread, sync is the WAL's fdatasync on the thread pool, durable a caller's wait for it): ${server.slowSql.describe()}`,
      );
    }
    const lag = dispatchToDevice.summary();
    const send = sendToDevice.summary();
    log(
      `dispatch applied → phone: ${lag.p50} / ${lag.p99} ms (p50 / p99), slowest ${dispatchToDevice.worst(5)}; ${clamped} of ${dispatchToDevice.count} received before their event's at (clamped to 0); send → phone: ${send.p50} / ${send.p99} ms`,
    );
    return {
      positions_per_s: Math.round(fixes / windowS),
      incidents: dispatched.incidents,
      intake_to_recommendation_ms: intakeToRecommendation.summary(),
      dispatch_to_device_ms: lag,
      errors: errors.total,
      rss_mb_start: rssStart?.mb ?? null,
      rss_mb_end: rssEnd?.mb ?? null,
      heap_after_gc_mb_start: heapStart ?? null,
      heap_after_gc_mb_end: heapEnd ?? null,
      db_mb: storageEnd?.db_mb ?? null,
      wal_mb: storageEnd?.wal_mb ?? null,
      nodes,
      series,
    };
  } finally {
    clearInterval(sampler);
    clearInterval(minuteSampler);
    await clients?.kill();
    await server?.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}

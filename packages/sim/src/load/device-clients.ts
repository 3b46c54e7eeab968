import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { LoadUnitPlan } from '@jiefang/server';
import { SOCKETS_PER_SOURCE, type Delivery } from './devices.ts';
import type { ErrorSnapshot } from './stats.ts';
import { REPO_ROOT } from '../paths.ts';

const WORKER = resolve(REPO_ROOT, 'packages/sim/src/load/device-worker.ts');
/** Sockets a device process holds by default: well inside a 20,000 open-file limit. */
const DEVICES_PER_PROCESS = 15_000;
/**
 * Device sockets bind 127.0.0.10 and up, one block per process, so that 127.0.0.1 keeps its
 * ephemeral ports for the HTTP calls of the dispatcher and the phones.
 */
const FIRST_SOURCE = 10;
const CLOSE_TIMEOUT_MS = 60_000;

/** What a device process runs: its share of the fleet (whole units) and where to connect. */
export interface WorkerConfig {
  index: number;
  units: LoadUnitPlan[];
  city: string;
  /** The load key: tokens are HMAC(key, account id), so they need not cross the channel. */
  key: string;
  wsUrl: string;
  /** Several server processes: device process i connects to wsUrls[i % length] instead. */
  wsUrls?: readonly string[];
  httpUrl: string;
  positionIntervalS: number;
  localAddresses: string[];
  seed: number;
}

/**
 * Parent → device process. Every command is answered by a `reply` with the same id; the process
 * leaves when the parent disconnects the channel (or goes away).
 */
export type ToWorker =
  | { kind: 'connect'; id: number; config: WorkerConfig }
  | { kind: 'start'; id: number }
  | { kind: 'counting'; id: number; on: boolean }
  | { kind: 'stats'; id: number }
  | { kind: 'close'; id: number };

/** A device process's counters, as of the command a reply answers. */
export interface WorkerStats {
  devices: number;
  units: number;
  /** Sockets in device mode. */
  ready: number;
  accepted: number;
  acceptedInWindow: number;
  jobsCleared: number;
  fallbackArrivals: number;
  busyUnits: number;
  errors: ErrorSnapshot;
}

/**
 * Device process → parent. Deliveries stream as they happen (the parent holds the dispatcher's
 * send times and the latency samples); the channel keeps order, so the reply to `close` comes
 * after the last delivery.
 */
export type FromWorker =
  | { kind: 'reply'; id: number; stats: WorkerStats }
  | { kind: 'delivery'; delivery: Delivery }
  | { kind: 'cleared'; dispatchId: string; incidentId: string }
  | { kind: 'log'; line: string }
  | { kind: 'fatal'; message: string };

export interface DeviceClientsOptions extends Omit<WorkerConfig, 'index' | 'localAddresses'> {
  /** How many processes; whole units are shared out so their device counts are even. */
  processes: number;
  onDelivery: (delivery: Delivery) => void;
  onCleared: (cleared: { dispatchId: string; incidentId: string }) => void;
  log: (line: string) => void;
}

interface Client {
  index: number;
  child: ChildProcess;
  config: WorkerConfig;
  devices: number;
  pending: Map<number, { resolve: (stats: WorkerStats) => void; reject: (error: Error) => void }>;
  exited: Promise<void>;
  fatal?: string;
  failure?: Error;
}

/**
 * The device fleet spread over child processes (`device-worker.ts`): one process cannot hold
 * 44,000 sockets under a 20,000 open-file limit, so each holds a share and the parent keeps the
 * dispatcher, the measurements and the report.
 */
export class DeviceClients {
  private readonly clients: Client[] = [];
  private nextId = 1;
  private closing = false;
  private rejectFailed!: (error: Error) => void;
  /** Rejects when a device process ends unexpectedly: the run races its waits against it. */
  readonly failed = new Promise<never>((_, reject) => (this.rejectFailed = reject));

  /** The default process count for a fleet: DEVICES_PER_PROCESS each, at least one. */
  static defaultProcesses(devices: number): number {
    return Math.max(1, Math.ceil(devices / DEVICES_PER_PROCESS));
  }

  /** Whole units to each process, the next unit always to the one with the fewest devices. */
  static partition(units: LoadUnitPlan[], processes: number): LoadUnitPlan[][] {
    const shares: LoadUnitPlan[][] = Array.from({ length: processes }, () => []);
    const counts = new Array<number>(processes).fill(0);
    for (const unit of units) {
      let least = 0;
      for (let i = 1; i < processes; i++) if (counts[i] < counts[least]) least = i;
      shares[least].push(unit);
      counts[least] += unit.accountIds.length;
    }
    return shares;
  }

  constructor(private readonly options: DeviceClientsOptions) {
    this.failed.catch(() => {});
    const shares = DeviceClients.partition(options.units, options.processes);
    let nextSource = FIRST_SOURCE;
    shares.forEach((units, index) => {
      const devices = units.reduce((sum, unit) => sum + unit.accountIds.length, 0);
      const sources = Math.max(1, Math.ceil(devices / SOCKETS_PER_SOURCE));
      const localAddresses = Array.from({ length: sources }, () => `127.0.0.${nextSource++}`);
      if (nextSource > 255)
        throw new Error(
          `${options.units.length} units over ${options.processes} device processes need source addresses beyond 127.0.0.254`,
        );
      const config: WorkerConfig = {
        index,
        units,
        city: options.city,
        key: options.key,
        wsUrl: options.wsUrls?.[index % options.wsUrls.length] ?? options.wsUrl,
        httpUrl: options.httpUrl,
        positionIntervalS: options.positionIntervalS,
        localAddresses,
        seed: options.seed + index,
      };
      this.clients.push(this.spawn(index, config, devices));
    });
  }

  private spawn(index: number, config: WorkerConfig, devices: number): Client {
    const { log } = this.options;
    const child = fork(WORKER, [], {
      cwd: REPO_ROOT,
      execArgv: ['--import', 'tsx'],
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const client: Client = {
      index,
      child,
      config,
      devices,
      pending: new Map(),
      exited: new Promise((resolvePromise) => child.on('exit', () => resolvePromise())),
    };
    const prefix = `  [devices ${index}] `;
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.setEncoding('utf8').on('data', (chunk: string) => {
        for (const line of chunk.split('\n')) if (line.trim()) log(`${prefix}${line}`);
      });
    }
    child.on('message', (message: FromWorker) => {
      switch (message.kind) {
        case 'reply': {
          const waiting = client.pending.get(message.id);
          client.pending.delete(message.id);
          waiting?.resolve(message.stats);
          return;
        }
        case 'delivery':
          this.options.onDelivery(message.delivery);
          return;
        case 'cleared':
          this.options.onCleared(message);
          return;
        case 'log':
          log(`${prefix}${message.line.trimStart()}`);
          return;
        case 'fatal':
          client.fatal = message.message;
          return;
      }
    });
    child.on('exit', (code, signal) => {
      if (this.closing && client.pending.size === 0 && code === 0) return;
      client.failure = new Error(
        `device process ${index} (pid ${child.pid}) exited with ${signal ?? `code ${code}`}${client.fatal ? `: ${client.fatal}` : ''}`,
      );
      for (const waiting of client.pending.values()) waiting.reject(client.failure);
      client.pending.clear();
      if (!this.closing) this.rejectFailed(client.failure);
    });
    child.on('error', (error) => {
      client.failure ??= new Error(`device process ${index}: ${error.message}`);
      for (const waiting of client.pending.values()) waiting.reject(client.failure);
      client.pending.clear();
    });
    return client;
  }

  /** Process ids, for the memory log. */
  get pids(): number[] {
    return this.clients.map((client) => client.child.pid ?? 0).filter((pid) => pid > 0);
  }

  /** The most devices any one process holds (what its open-file limit must fit). */
  get largestShare(): number {
    return Math.max(0, ...this.clients.map((client) => client.devices));
  }

  private request(client: Client, command: ToWorker): Promise<WorkerStats> {
    if (client.failure) return Promise.reject(client.failure);
    return new Promise((resolvePromise, reject) => {
      client.pending.set(command.id, { resolve: resolvePromise, reject });
      client.child.send(command, (error) => {
        if (!error) return;
        client.pending.delete(command.id);
        reject(new Error(`device process ${client.index}: ${error.message}`));
      });
    });
  }

  private all(command: (id: number, client: Client) => ToWorker): Promise<WorkerStats[]> {
    return Promise.all(
      this.clients.map((client) => this.request(client, command(this.nextId++, client))),
    );
  }

  /** Opens every share's sockets and enters device mode on each; resolves when all are done. */
  connect(): Promise<WorkerStats[]> {
    return this.all((id, client) => ({ kind: 'connect', id, config: client.config }));
  }

  startReporting(): Promise<WorkerStats[]> {
    return this.all((id) => ({ kind: 'start', id }));
  }

  /** Counts accepted fixes from now (on) or stops counting (off); replies follow the switch. */
  setCounting(on: boolean): Promise<WorkerStats[]> {
    return this.all((id) => ({ kind: 'counting', id, on }));
  }

  stats(): Promise<WorkerStats[]> {
    return this.all((id) => ({ kind: 'stats', id }));
  }

  /** Closes the sockets (after the phones' pending calls) and ends the processes: final stats. */
  async close(): Promise<WorkerStats[]> {
    this.closing = true;
    const final = await this.all((id) => ({ kind: 'close', id }));
    // A process leaves when its channel closes: only then, so its exit cannot overtake the reply.
    for (const client of this.clients) if (client.child.connected) client.child.disconnect();
    await this.waitForExit();
    return final;
  }

  /** Ends whatever is still running (after a failure); safe to call more than once. */
  async kill(): Promise<void> {
    this.closing = true;
    for (const client of this.clients)
      if (client.child.exitCode === null && client.child.signalCode === null)
        client.child.kill('SIGTERM');
    await this.waitForExit();
  }

  private async waitForExit(): Promise<void> {
    const timer = setTimeout(() => {
      for (const client of this.clients)
        if (client.child.exitCode === null && client.child.signalCode === null)
          client.child.kill('SIGKILL');
    }, CLOSE_TIMEOUT_MS);
    await Promise.all(this.clients.map((client) => client.exited));
    clearTimeout(timer);
  }
}

import type { LoadUnitPlan } from '@jiefang/server';
import type { CityRouter } from '@jiefang/routing';
import WebSocket from 'ws';
import { lcg, RoadWalker } from './road-walker.ts';
import { apiCall, type ErrorLog } from './stats.ts';

/** Walking pace of a community unit on its rounds, and a patrol car's in town. */
const SPEED = { walk: 1.3, drive: 8 } as const;
/** A phone answers a dispatch after 1–2 s, and the unit clears 2–4 s after arriving. */
const ACCEPT_DELAY_MS: [number, number] = [1000, 2000];
const CLEAR_DELAY_MS: [number, number] = [2000, 4000];
/** Without an arrival by position this long after accepting, the phone presses "on scene". */
const ARRIVAL_FALLBACK_MS = 30_000;
const CONNECT_CONCURRENCY = 256;
/**
 * Sockets per loopback source address: each has ~28,000 ephemeral ports (32768–60999), and
 * bind() to a given source searches its ports one by one, which gets slow as they fill.
 */
export const SOCKETS_PER_SOURCE = 20_000;

interface DispatchFrame {
  id: string;
  unitId: string;
  incidentId: string;
  status: string;
}

interface Job {
  dispatchId: string;
  incidentId: string;
  status: string;
  /** Where the unit stands while on the job (the incident), once known. */
  at?: [number, number];
  done: boolean;
  fallback?: NodeJS.Timeout;
}

/** One unit's live state, shared by its members' phones (they walk together). */
class UnitState {
  job: Job | undefined;

  constructor(
    readonly plan: LoadUnitPlan,
    readonly walker: RoadWalker,
    /** The phone that answers for the unit (the leader's). */
    readonly leaderToken: string,
  ) {}
}

class Device {
  socket: WebSocket | undefined;
  ready = false;
  closedOnPurpose = false;

  constructor(
    readonly accountId: string,
    readonly token: string,
    readonly unit: UnitState,
    readonly jitter: [number, number],
  ) {}
}

/** A dispatch reaching a phone: what the parent needs to measure dispatch → phone. */
export interface Delivery {
  dispatchId: string;
  incidentId: string;
  /** Date.now() on the phone when the `dispatch.created` frame arrived. */
  receivedAt: number;
  /** The event's `at`: ISO 8601 time the server applied the dispatch command. */
  appliedAt: string;
}

export interface DeviceFleetOptions {
  /** The device endpoint: the server's `/api/v1/live`, or its device gateways'. */
  wsUrl: string;
  /** The main server, for the responders' HTTP calls. */
  httpUrl: string;
  /** Whole units: the phones of a unit share its state, so they stay in one fleet. */
  units: LoadUnitPlan[];
  token: (accountId: string) => string;
  router: CityRouter;
  positionIntervalS: number;
  errors: ErrorLog;
  /** Source addresses of the sockets, SOCKETS_PER_SOURCE each, in order. */
  localAddresses: string[];
  onDelivery: (delivery: Delivery) => void;
  /** The unit cleared its job: the dispatcher may close the incident once all its jobs are done. */
  onCleared: (cleared: { dispatchId: string; incidentId: string }) => void;
  seed: number;
  log: (line: string) => void;
}

/**
 * Every phone and tablet of the plan as its own WebSocket, in device mode for its unit: it
 * reports the unit's position every interval (staggered over the interval), receives its
 * dispatches, and plays the responder — accept, go to the scene (the server marks the unit on
 * scene from its position), clear — over HTTP with its own token.
 */
export class DeviceFleet {
  readonly devices: Device[] = [];
  private readonly units = new Map<string, UnitState>();
  private timer: NodeJS.Timeout | undefined;
  private started = 0;
  private slotsDone = 0;
  private readonly slots: Device[][];
  accepted = 0;
  counting = false;
  acceptedInWindow = 0;
  jobsCleared = 0;
  fallbackArrivals = 0;
  private readonly random: () => number;
  private readonly pendingActions = new Set<Promise<unknown>>();

  constructor(private readonly options: DeviceFleetOptions) {
    this.random = lcg(options.seed + 7);
    const now = Date.now();
    for (const plan of options.units) {
      const graph = options.router.graph(plan.profile);
      const unit = new UnitState(
        plan,
        new RoadWalker(graph, plan.node, SPEED[plan.profile], this.random, now),
        options.token(plan.accountIds[0]),
      );
      this.units.set(plan.id, unit);
      for (const accountId of plan.accountIds) {
        const jitter: [number, number] = [
          (this.random() - 0.5) * 4e-5,
          (this.random() - 0.5) * 4e-5,
        ];
        this.devices.push(new Device(accountId, options.token(accountId), unit, jitter));
      }
    }
    // Slots of 50 ms over the interval; each phone reports in its own slot.
    const slotCount = Math.max(1, Math.round(options.positionIntervalS * 20));
    this.slots = Array.from({ length: slotCount }, () => []);
    this.devices.forEach((device, i) => this.slots[i % slotCount].push(device));
    const room = options.localAddresses.length * SOCKETS_PER_SOURCE;
    if (this.devices.length > room)
      throw new Error(
        `${this.devices.length} devices need ${Math.ceil(this.devices.length / SOCKETS_PER_SOURCE)} source addresses (localAddresses), got ${options.localAddresses.length}`,
      );
  }

  /** Opens every socket (a bounded number at a time) and enters device mode on each. */
  async connect(): Promise<void> {
    let next = 0;
    let connected = 0;
    const total = this.devices.length;
    const worker = async () => {
      while (next < total) {
        const index = next++;
        await this.open(this.devices[index], index);
        connected++;
        if (connected % 5000 === 0) this.options.log(`  ${connected}/${total} devices connected`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, total) }, worker));
  }

  private open(device: Device, index: number): Promise<void> {
    const { errors } = this.options;
    // Each device process has source addresses of its own, so that no address runs out of
    // ephemeral ports however many processes connect.
    const source = this.options.localAddresses[Math.floor(index / SOCKETS_PER_SOURCE)];
    return new Promise((resolve) => {
      const socket = new WebSocket(this.options.wsUrl, {
        headers: { authorization: `Bearer ${device.token}` },
        localAddress: source,
        perMessageDeflate: false,
        handshakeTimeout: 30_000,
      });
      device.socket = socket;
      let settled = false;
      const settle = () => {
        if (!settled) {
          settled = true;
          resolve();
        }
      };
      socket.on('open', () =>
        socket.send(JSON.stringify({ type: 'device', unitId: device.unit.plan.id })),
      );
      socket.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
        if (message.type === 'device') {
          device.ready = true;
          settle();
          return;
        }
        this.onMessage(device, message);
      });
      socket.on('error', (error) => {
        errors.add('socket error', `${device.accountId}: ${error.message}`);
        settle();
      });
      socket.on('close', (code) => {
        if (!device.closedOnPurpose) errors.add('unexpected close', `${device.accountId}: ${code}`);
        device.ready = false;
        settle();
      });
    });
  }

  /** Starts the position reports: each phone once per interval, in its slot. */
  startReporting(): void {
    this.started = Date.now();
    this.slotsDone = 0;
    this.timer = setInterval(() => this.tick(), 25);
  }

  private tick(): void {
    const due = Math.floor((Date.now() - this.started) / 50);
    // Catch up on missed slots (a busy loop) rather than skip phones.
    for (; this.slotsDone <= due; this.slotsDone++) {
      for (const device of this.slots[this.slotsDone % this.slots.length]) this.report(device);
    }
  }

  private report(device: Device): void {
    if (!device.ready || device.socket?.readyState !== WebSocket.OPEN) return;
    const now = Date.now();
    const unit = device.unit;
    const job = unit.job;
    const [lon, lat] = job?.at && !job.done ? job.at : unit.walker.position(now);
    device.socket.send(
      JSON.stringify({
        type: 'position',
        unitId: unit.plan.id,
        lon: lon + device.jitter[0],
        lat: lat + device.jitter[1],
        at: now,
        accuracyM: 8,
      }),
    );
  }

  private onMessage(device: Device, message: Record<string, unknown>): void {
    const { errors } = this.options;
    switch (message.type) {
      case 'ack': {
        const rejected = message.rejected as { code: string; message: string }[];
        this.accepted += message.accepted as number;
        if (this.counting) this.acceptedInWindow += message.accepted as number;
        for (const r of rejected) errors.add('rejected fix', `${r.code} ${r.message}`);
        return;
      }
      case 'event':
        return this.onEvent(device, message.event as Record<string, unknown>);
      case 'error':
        errors.add('error frame', JSON.stringify(message));
        return;
      default:
        return;
    }
  }

  private onEvent(device: Device, event: Record<string, unknown>): void {
    if (event.aggregateType !== 'dispatch') return;
    const dispatch = event.payload as DispatchFrame;
    const unit = device.unit;
    if (event.type === 'dispatch.created') {
      this.options.onDelivery({
        dispatchId: event.aggregateId as string,
        incidentId: dispatch.incidentId,
        receivedAt: Date.now(),
        appliedAt: event.at as string,
      });
      // The leader's phone answers for the unit; the others only ring.
      if (device.accountId !== unit.plan.accountIds[0]) return;
      unit.job = {
        dispatchId: dispatch.id,
        incidentId: dispatch.incidentId,
        status: 'notified',
        done: false,
      };
      this.later(ACCEPT_DELAY_MS, () => this.accept(unit));
      return;
    }
    if (device.accountId !== unit.plan.accountIds[0]) return;
    const job = unit.job;
    if (!job || job.dispatchId !== event.aggregateId) return;
    if (event.type === 'dispatch.cancelled' || event.type === 'dispatch.timed_out') {
      this.finish(unit, job);
      return;
    }
    if (event.type === 'dispatch.on_scene') {
      if (job.status === 'on_scene') return;
      job.status = 'on_scene';
      clearTimeout(job.fallback);
      this.later(CLEAR_DELAY_MS, () => this.clear(unit, job));
    }
  }

  private async accept(unit: UnitState): Promise<void> {
    const job = unit.job;
    if (!job || job.done || job.status !== 'notified') return;
    const accepted = await this.call(unit, 'POST', `/api/v1/dispatches/${job.dispatchId}/accept`);
    if (!accepted || job.done) return;
    if (job.status === 'notified') job.status = 'accepted';
    // The phone shows the incident (the responder may read it: their unit is on it) and the
    // unit goes there: its next fixes are at the scene, and the server marks it on scene.
    const incident = (await this.call(unit, 'GET', `/api/v1/incidents/${job.incidentId}`)) as
      { location: { lon: number; lat: number } } | undefined;
    if (!incident || job.done) return;
    job.at = [incident.location.lon, incident.location.lat];
    job.fallback = setTimeout(() => {
      if (job.done || job.status === 'on_scene') return;
      this.fallbackArrivals++;
      void this.call(unit, 'POST', `/api/v1/dispatches/${job.dispatchId}/arrive`);
    }, ARRIVAL_FALLBACK_MS);
  }

  private async clear(unit: UnitState, job: Job): Promise<void> {
    if (job.done) return;
    const cleared = await this.call(unit, 'POST', `/api/v1/dispatches/${job.dispatchId}/clear`, {});
    if (cleared) {
      this.jobsCleared++;
      this.options.onCleared({ dispatchId: job.dispatchId, incidentId: job.incidentId });
    }
    this.finish(unit, job);
  }

  private finish(unit: UnitState, job: Job): void {
    if (job.done) return;
    job.done = true;
    clearTimeout(job.fallback);
    if (job.at) unit.walker.restartNear(this.options.router, job.at[0], job.at[1], Date.now());
    if (unit.job === job) unit.job = undefined;
  }

  private async call(
    unit: UnitState,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<unknown> {
    const request = apiCall(this.options.httpUrl, unit.leaderToken, method, path, body);
    this.pendingActions.add(request);
    try {
      const response = await request;
      if (response.status >= 300) {
        this.options.errors.add(
          'device request',
          `${method} ${path}: ${response.status} ${JSON.stringify(response.json)}`,
        );
        return undefined;
      }
      return response.json;
    } catch (error) {
      this.options.errors.add('device request', `${method} ${path}: ${String(error)}`);
      return undefined;
    } finally {
      this.pendingActions.delete(request);
    }
  }

  private later([low, high]: [number, number], action: () => Promise<void>): void {
    const timer = setTimeout(() => void action(), low + this.random() * (high - low));
    timer.unref();
  }

  /** Jobs still running (accept, on scene, clear). */
  get busyUnits(): number {
    let busy = 0;
    for (const unit of this.units.values()) if (unit.job && !unit.job.done) busy++;
    return busy;
  }

  get readyCount(): number {
    let ready = 0;
    for (const device of this.devices) if (device.ready) ready++;
    return ready;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await Promise.allSettled([...this.pendingActions]);
    for (const device of this.devices) {
      device.closedOnPurpose = true;
      device.socket?.terminate();
    }
  }

  stopReporting(): void {
    clearInterval(this.timer);
  }
}

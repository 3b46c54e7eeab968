import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { authenticateSecret } from '../auth/authenticate.ts';
import type { ServerContext } from '../context.ts';
import { toHttpError } from '../http/http-errors.ts';
import type { LiveHub } from '../live/live-hub.ts';
import { GATEWAY_ENV, type GatewayToServer, type ServerToGateway } from './gateway-protocol.ts';
import { RelayedSocket, type GatewayPort } from './relayed-socket.ts';

const WORKER_ENTRY = fileURLToPath(new URL('../../bin/device-gateway.js', import.meta.url));
/** A gateway that dies is replaced after this pause (not in a tight loop if it keeps dying). */
const RESTART_DELAY_MS = 1000;
const START_TIMEOUT_MS = 60_000;

export interface DeviceGatewayOptions {
  /** Gateway processes; each holds up to its open-file limit of sockets. */
  count: number;
  host: string;
  /** 0 picks a free port (shared by all gateways). */
  port: number;
  log: (line: string) => void;
}

/**
 * One gateway process as the server sees it: its relayed sockets by connection number, and the
 * outgoing frames of this turn of the event loop.
 */
class GatewayLink implements GatewayPort {
  readonly sockets = new Map<number, RelayedSocket>();
  /** Until then the process may not have its message handler yet: stop it with a signal. */
  listening = false;
  private outbox: [number, string][] = [];
  private flushQueued = false;

  constructor(
    readonly worker: Worker,
    private readonly ctx: ServerContext,
    private readonly hub: LiveHub,
  ) {
    worker.on('message', (message: GatewayToServer) => this.onMessage(message));
  }

  private post(message: ServerToGateway): void {
    if (this.worker.isConnected()) this.worker.send(message);
  }

  send(conn: number, text: string): void {
    this.outbox.push([conn, text]);
    if (this.flushQueued) return;
    this.flushQueued = true;
    setImmediate(() => {
      this.flushQueued = false;
      const frames = this.outbox;
      this.outbox = [];
      this.post({ t: 'frames', frames });
    });
  }

  close(conn: number, code: number, reason: string): void {
    this.post({ t: 'close', conn, code, reason });
  }

  terminate(conn: number): void {
    this.post({ t: 'terminate', conn });
  }

  private onMessage(message: GatewayToServer): void {
    switch (message.t) {
      case 'frames':
        for (const [conn, text, binary] of message.frames)
          this.sockets.get(conn)?.receive(text, binary === 1);
        return;
      case 'open':
        return this.open(message.conn, message.secret);
      case 'closed': {
        const socket = this.sockets.get(message.conn);
        this.sockets.delete(message.conn);
        socket?.closed();
        return;
      }
    }
  }

  /** The same check as an upgrade on the main port: a valid session or token, or 401. */
  private open(conn: number, secret: string | undefined): void {
    let found: ReturnType<typeof authenticateSecret>;
    try {
      found = authenticateSecret(this.ctx, secret);
    } catch (error) {
      const { status, body } = toHttpError(error);
      this.post({ t: 'refused', conn, status, body });
      return;
    }
    const socket = new RelayedSocket(this, conn);
    this.sockets.set(conn, socket);
    this.post({ t: 'opened', conn });
    this.hub.connect(socket, found.account, found.credential);
  }

  /** The process is gone: its phones' sockets went with it. */
  lost(): void {
    for (const socket of this.sockets.values()) socket.closed();
    this.sockets.clear();
  }
}

/**
 * Device gateways: `count` processes forked with node:cluster that share one device port. The
 * cluster's primary (this server) accepts each connection and hands it to the next gateway in
 * turn, so phones spread evenly and no process needs more file descriptors than its limit —
 * the reason they exist: one process cannot hold a city's 44,000 phones where a process may
 * open 20,000 files. Gateways relay frames; the hub here answers them (LIVE.md holds for both).
 */
export class DeviceGateways {
  private readonly links = new Set<GatewayLink>();
  private closing = false;

  private constructor(
    private readonly ctx: ServerContext,
    private readonly hub: LiveHub,
    private readonly options: DeviceGatewayOptions,
    private port: number,
  ) {}

  static async start(
    ctx: ServerContext,
    hub: LiveHub,
    options: DeviceGatewayOptions,
  ): Promise<DeviceGateways> {
    if (!Number.isInteger(options.count) || options.count < 1 || options.count > 64)
      throw new RangeError(`device gateways must be 1 to 64, got ${options.count}`);
    // Round-robin hand-off: the kernel's own spreading leaves some gateways far fuller.
    cluster.schedulingPolicy = cluster.SCHED_RR;
    cluster.setupPrimary({ exec: WORKER_ENTRY, args: [], execArgv: [], serialization: 'advanced' });
    const gateways = new DeviceGateways(ctx, hub, options, options.port);
    // Every gateway asks for the same port (0 included): the cluster keys the one listening
    // handle by it, so all share the port the first one got.
    const ports = await Promise.all(
      Array.from({ length: options.count }, (_, i) => gateways.fork(i)),
    );
    gateways.port = ports[0];
    return gateways;
  }

  get url(): string {
    const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    return `http://${host}:${this.port}`;
  }

  get connectionCount(): number {
    let count = 0;
    for (const link of this.links) count += link.sockets.size;
    return count;
  }

  /** Sockets per gateway process, in start order (how evenly the port spreads phones). */
  get connectionsPerGateway(): number[] {
    return [...this.links].map((link) => link.sockets.size);
  }

  /** The gateways that are listening (a replacement counts once it is). */
  get processIds(): number[] {
    return [...this.links].filter((l) => l.listening).map((l) => l.worker.process.pid!);
  }

  private fork(index: number): Promise<number> {
    const worker = cluster.fork({
      [GATEWAY_ENV.host]: this.options.host,
      [GATEWAY_ENV.port]: String(this.options.port),
      [GATEWAY_ENV.index]: String(index),
    });
    const link = new GatewayLink(worker, this.ctx, this.hub);
    this.links.add(link);
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        worker.kill('SIGKILL');
        reject(new Error(`device gateway ${index} did not listen within ${START_TIMEOUT_MS} ms`));
      }, START_TIMEOUT_MS);
      worker.once('listening', (address) => {
        link.listening = true;
        clearTimeout(timer);
        resolve(address.port);
      });
      worker.once('exit', (code, signal) => {
        clearTimeout(timer);
        this.links.delete(link);
        link.lost();
        if (!link.listening) {
          reject(new Error(`device gateway ${index} exited (${signal ?? code}) before listening`));
          return;
        }
        if (this.closing) return;
        this.options.log(
          `device gateway ${index} (pid ${worker.process.pid}) exited (${signal ?? code}); its devices reconnect to the others; starting a new one`,
        );
        setTimeout(() => {
          if (!this.closing)
            this.fork(index).catch((error: Error) => this.options.log(error.message));
        }, RESTART_DELAY_MS).unref();
      });
    });
  }

  /** Closes every device socket (1001) and waits for the gateways to exit. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(
      [...this.links].map(
        (link) =>
          new Promise<void>((resolve) => {
            const worker = link.worker;
            if (worker.isDead()) return resolve();
            const timer = setTimeout(() => worker.kill('SIGKILL'), 5000);
            worker.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            if (link.listening && worker.isConnected())
              worker.send({ t: 'shutdown' } satisfies ServerToGateway);
            else worker.kill('SIGTERM');
          }),
      ),
    );
  }
}

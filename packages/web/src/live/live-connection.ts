import {
  SESSION_ENDED_CLOSE_CODE,
  type BBox,
  type ClientFrame,
  type ServerFrame,
} from './live-protocol.ts';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'session_ended' | 'stopped';

/** The part of the browser's WebSocket the connection uses (tests pass a fake). */
export interface LiveSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface LiveConnectionOptions {
  /** ws(s)://host/api/v1/live; by default derived from the page's location. */
  url?: string;
  /** The area to watch. */
  bbox: BBox;
  /** Every server frame, in order. */
  onFrame: (frame: ServerFrame) => void;
  /** The highest seq applied so far, read at each (re)subscribe to resume without gaps. */
  lastSeq: () => number;
  onStatus?: (status: LiveStatus) => void;
  createSocket?: (url: string) => LiveSocket;
  /** Reconnect delays: first, cap (ms). Each failed attempt doubles the delay, with jitter. */
  backoff?: { initialMs: number; maxMs: number };
  random?: () => number;
  setTimeout?: (callback: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

const OPEN = 1;

export function defaultLiveUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/v1/live`;
}

/**
 * The console's WebSocket to GET /api/v1/live (packages/server/LIVE.md): subscribes with the
 * bbox, hands every frame on, and after a drop reconnects with exponential backoff and
 * resubscribes with `lastSeq`, so the server replays the missed events (or sends a fresh
 * snapshot when too far behind). A close with 4401 means the session ended: no reconnect.
 */
export class LiveConnection {
  private socket: LiveSocket | undefined;
  private bbox: BBox;
  private attempt = 0;
  private retryTimer: unknown;
  private stopped = true;
  private currentStatus: LiveStatus = 'stopped';
  private readonly statusListeners = new Set<(status: LiveStatus) => void>();
  private readonly createSocket: (url: string) => LiveSocket;
  private readonly url: string;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly options: LiveConnectionOptions) {
    this.bbox = options.bbox;
    this.url = options.url ?? defaultLiveUrl(globalThis.location);
    // Cast: the DOM WebSocket's handler types are wider than the minimal LiveSocket tests fake.
    this.createSocket =
      options.createSocket ?? ((url) => new WebSocket(url) as unknown as LiveSocket);
    this.setTimer = options.setTimeout ?? ((callback, ms) => globalThis.setTimeout(callback, ms));
    this.clearTimer =
      options.clearTimeout ?? ((handle) => globalThis.clearTimeout(handle as number));
  }

  get status(): LiveStatus {
    return this.currentStatus;
  }

  /** Besides `options.onStatus`: more listeners (returns the function that removes one). */
  onStatusChange(listener: (status: LiveStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.open('connecting');
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer !== undefined) this.clearTimer(this.retryTimer);
    this.retryTimer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.close(1000, 'console closed');
    }
    this.setStatus('stopped');
  }

  /** Watch another area: the server answers with a new snapshot. */
  setBBox(bbox: BBox): void {
    this.bbox = bbox;
    if (this.socket?.readyState === OPEN) this.send({ type: 'subscribe', bbox });
  }

  /** Device frames (position reports) over the same socket; false when not connected. */
  send(frame: ClientFrame): boolean {
    if (this.socket?.readyState !== OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  private open(status: LiveStatus): void {
    this.setStatus(status);
    let socket: LiveSocket;
    try {
      socket = this.createSocket(this.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      const lastSeq = this.options.lastSeq();
      this.send(
        lastSeq > 0
          ? { type: 'subscribe', bbox: this.bbox, lastSeq }
          : { type: 'subscribe', bbox: this.bbox },
      );
    };
    socket.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      let frame: ServerFrame;
      try {
        frame = JSON.parse(event.data) as ServerFrame;
      } catch {
        return;
      }
      if (frame.type === 'snapshot' || frame.type === 'resynced') {
        this.attempt = 0;
        this.setStatus('live');
      }
      this.options.onFrame(frame);
    };
    socket.onerror = () => {
      // A close always follows; reconnecting is decided there.
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (this.stopped) return;
      if (event.code === SESSION_ENDED_CLOSE_CODE) {
        this.stopped = true;
        this.setStatus('session_ended');
        return;
      }
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 500, maxMs: 15_000 };
    const random = this.options.random ?? Math.random;
    const base = Math.min(maxMs, initialMs * 2 ** this.attempt);
    // Full jitter over the upper half: consoles that lost the server together do not return together.
    const delay = base / 2 + (random() * base) / 2;
    this.attempt++;
    this.setStatus('reconnecting');
    this.retryTimer = this.setTimer(() => {
      this.retryTimer = undefined;
      if (!this.stopped) this.open('reconnecting');
    }, delay);
  }

  private setStatus(status: LiveStatus): void {
    if (status === this.currentStatus) return;
    this.currentStatus = status;
    this.options.onStatus?.(status);
    for (const listener of this.statusListeners) listener(status);
  }
}

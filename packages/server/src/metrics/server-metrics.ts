import { statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ServerContext } from '../context.ts';

/** What the metrics read from the running server at each scrape. */
export interface MetricSources {
  liveSockets(): number;
  pendingTrackFixes(): number;
}

/**
 * Prometheus metrics of one server process: request latency by route, how long committed events
 * take to reach this process's world and consoles (the event stream's lag), open live sockets,
 * fixes waiting for the tracks table, the SQLite WAL's size, and Node's own process metrics.
 * Served on their own port (`METRICS_PORT`, loopback by default), never on the public API port.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  private readonly requestSeconds: Histogram<'method' | 'route' | 'status'>;
  private readonly eventLagSeconds: Histogram;
  private sources: MetricSources = { liveSockets: () => 0, pendingTrackFixes: () => 0 };

  constructor(ctx: ServerContext, app: FastifyInstance) {
    collectDefaultMetrics({ register: this.registry, prefix: 'jiefang_' });
    this.requestSeconds = new Histogram({
      name: 'jiefang_http_request_duration_seconds',
      help: 'HTTP request latency by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    this.eventLagSeconds = new Histogram({
      name: 'jiefang_event_stream_lag_seconds',
      help: 'From an event’s commit to its arrival at this process’s world and consoles',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers: [this.registry],
    });
    const sources = () => this.sources;
    new Gauge({
      name: 'jiefang_live_sockets',
      help: 'Open live WebSockets (consoles and devices) on this process',
      registers: [this.registry],
      collect() {
        this.set(sources().liveSockets());
      },
    });
    new Gauge({
      name: 'jiefang_track_queue_fixes',
      help: 'Position fixes waiting to be written to the tracks table',
      registers: [this.registry],
      collect() {
        this.set(sources().pendingTrackFixes());
      },
    });
    const walFile =
      ctx.store.dialect === 'sqlite'
        ? `${ctx.config.databaseUrl.replace(/^sqlite:/, '')}-wal`
        : undefined;
    new Gauge({
      name: 'jiefang_sqlite_wal_bytes',
      help: 'Size of the SQLite write-ahead log (0 on PostgreSQL)',
      registers: [this.registry],
      collect() {
        this.set(walFile ? fileSize(walFile) : 0);
      },
    });
    app.addHook('onResponse', async (request, reply) => {
      this.requestSeconds.observe(
        {
          method: request.method,
          // The pattern, not the URL: one series per route, not per incident id.
          route: request.routeOptions.url ?? 'unmatched',
          status: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
    });
    ctx.bus.subscribe((event) => {
      const lag = (ctx.clock.now() - Date.parse(event.at)) / 1000;
      if (Number.isFinite(lag)) this.eventLagSeconds.observe(Math.max(0, lag));
    });
  }

  /** The live hub and the position tracker exist once the server starts: they report from then. */
  attach(sources: MetricSources): void {
    this.sources = sources;
  }

  /** GET /metrics on its own listener; anything else is 404. */
  async listen(host: string, port: number): Promise<{ url: string; close(): Promise<void> }> {
    const server: Server = createServer((request, response) => {
      if (request.method !== 'GET' || request.url !== '/metrics') {
        response.writeHead(404).end();
        return;
      }
      this.registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': this.registry.contentType }).end(text),
        () => response.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(port, host, resolve));
    const address = server.address() as AddressInfo;
    return {
      url: `http://${host}:${address.port}/metrics`,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

import { Worker } from 'node:worker_threads';
import type { HistoryPoint, PointsForecast } from '@jiefang/forecast';

type Reply = { id: number; result?: PointsForecast; error?: { message: string; code?: string } };

/** A forecast the models refused (too little history, …): the planner sees why. */
export class ForecastRefused extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/**
 * Hotspot forecasts computed on a thread of their own: validation fits every method on every
 * grid (seconds for a few hundred incidents), which on the request thread would stall every
 * socket and route of the process. One job at a time; the thread starts on first use.
 */
export class ForecastWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (result: PointsForecast) => void; reject: (error: Error) => void }
  >();

  compute(
    points: readonly HistoryPoint[],
    until: number,
    horizon: number,
    areaSqMi: number,
  ): Promise<PointsForecast> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, points, until, horizon, areaSqMi });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new Error('the forecast thread was closed'));
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./forecast-thread.mjs', import.meta.url));
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const waiting = this.waiting.get(reply.id);
      if (!waiting) return;
      this.waiting.delete(reply.id);
      if (reply.result) waiting.resolve(reply.result);
      else waiting.reject(new ForecastRefused(reply.error?.message ?? 'failed', reply.error?.code));
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new Error('the forecast thread exited'));
    });
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}

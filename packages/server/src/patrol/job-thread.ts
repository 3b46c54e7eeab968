import { Worker } from 'node:worker_threads';

type Reply<Result> =
  | { id: number; result: Result }
  | { id: number; error: { message: string; code?: string; field?: string } };

/** A job the thread's code refused (too little history, a bad argument, …): the caller sees why. */
export class JobRefused extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly field: string | undefined,
  ) {
    super(message);
  }
}

/**
 * CPU-heavy patrol work (forecast validation, shift planning with its routing and coverage
 * checks: seconds each) run on a thread of its own, because on the request thread it would
 * stall every socket and route of the process. `script` is a plain .mjs worker that answers
 * `{ id, job }` with `{ id, result }` or `{ id, error }`; `workerData` is computed when the
 * thread starts (on first use). Jobs queue on the thread one at a time.
 */
export class JobThread<Job, Result> {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (result: Result) => void; reject: (error: Error) => void }
  >();

  constructor(
    private readonly script: URL,
    private readonly workerData: () => unknown = () => undefined,
  ) {}

  run(job: Job): Promise<Result> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, job });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new Error('the job thread was closed'));
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script, { workerData: this.workerData() });
    worker.unref();
    worker.on('message', (reply: Reply<Result>) => {
      const waiting = this.waiting.get(reply.id);
      if (!waiting) return;
      this.waiting.delete(reply.id);
      if ('error' in reply)
        waiting.reject(new JobRefused(reply.error.message, reply.error.code, reply.error.field));
      else waiting.resolve(reply.result);
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new Error('the job thread exited'));
    });
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}

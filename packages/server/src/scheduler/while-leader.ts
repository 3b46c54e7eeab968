import type { JiefangStore, Lease } from '@jiefang/store';

export interface Closeable {
  close(): Promise<void> | void;
}

/**
 * Runs a service (the dispatch scheduler) in exactly one of the processes sharing a database:
 * every `retryMs` a process that does not lead tries to take the store's lease; the one that
 * gets it starts the service and stops it as soon as the lease is lost. A leader that dies frees
 * the lease with its database session, so another process takes over within about `retryMs`.
 */
export class WhileLeader {
  private lease: Lease | undefined;
  private running: Closeable | undefined;
  /** A lost lease's service still shutting down: no new one starts before it has. */
  private stopping: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private trying = false;
  private closed = false;

  constructor(
    private readonly store: Pick<JiefangStore, 'tryLead'>,
    private readonly name: string,
    private readonly start: () => Closeable,
    private readonly options: { retryMs?: number; log?: (line: string) => void } = {},
  ) {}

  get leading(): boolean {
    return this.running !== undefined;
  }

  begin(): Promise<void> {
    this.timer ??= setInterval(() => void this.attempt(), this.options.retryMs ?? 1_000);
    this.timer.unref();
    return this.attempt();
  }

  private async attempt(): Promise<void> {
    if (this.lease || this.closed || this.trying) return;
    this.trying = true;
    try {
      await this.stopping;
      const lease = await this.store.tryLead(this.name);
      if (!lease) return;
      if (this.closed) {
        await lease.release();
        return;
      }
      this.lease = lease;
      this.running = this.start();
      this.options.log?.(`  leading ${this.name}`);
      void lease.lost.then(() => {
        const running = this.running;
        this.lease = undefined;
        this.running = undefined;
        if (!this.closed) this.options.log?.(`  lost the lead of ${this.name}`);
        this.stopping = Promise.resolve(running?.close()).catch(() => undefined);
      });
    } catch {
      // The database is unreachable: nobody can lead through it; try again on the next tick.
    } finally {
      this.trying = false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    const lease = this.lease;
    await lease?.release();
    await this.stopping;
    await this.running?.close();
  }
}

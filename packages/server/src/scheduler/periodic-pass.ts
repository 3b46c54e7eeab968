/**
 * A pass over the world run on a timer, never two at once: a tick during a pass waits for it.
 * With `rerunIfAskedMidPass`, such a tick also runs one more pass after it (work may have come in
 * while the pass was reading the world). The dispatch scheduler and the alert chains share this.
 */
export abstract class PeriodicPass {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;

  protected constructor(
    private readonly intervalMs: number,
    private readonly rerunIfAskedMidPass = false,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  tick(): Promise<void> {
    if (this.running) {
      if (this.rerunIfAskedMidPass) this.again = true;
      return this.running;
    }
    this.running = this.pass().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        void this.tick();
      }
    });
    return this.running;
  }

  protected abstract pass(): Promise<void>;
}

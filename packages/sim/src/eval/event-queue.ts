/**
 * The discrete-event simulation's agenda: events run in time order, and events at the same
 * time in the order they were scheduled (a sequence number breaks ties), so a run never
 * depends on heap internals.
 */
export class EventQueue<A = () => void> {
  private times: number[] = [];
  private seqs: number[] = [];
  private actions: A[] = [];
  private seq = 0;

  get size(): number {
    return this.times.length;
  }

  schedule(at: number, action: A): void {
    this.times.push(at);
    this.seqs.push(this.seq++);
    this.actions.push(action);
    this.up(this.times.length - 1);
  }

  /** Time of the next event (Infinity when empty). */
  peekTime(): number {
    return this.times.length > 0 ? this.times[0] : Infinity;
  }

  /** Removes the next event and returns [time, action]. */
  pop(): [number, A] | undefined {
    if (this.times.length === 0) return undefined;
    const top: [number, A] = [this.times[0], this.actions[0]];
    const last = this.times.length - 1;
    this.swap(0, last);
    this.times.pop();
    this.seqs.pop();
    this.actions.pop();
    if (this.times.length > 0) this.down(0);
    return top;
  }

  private before(i: number, j: number): boolean {
    return (
      this.times[i] < this.times[j] ||
      (this.times[i] === this.times[j] && this.seqs[i] < this.seqs[j])
    );
  }

  private swap(i: number, j: number): void {
    [this.times[i], this.times[j]] = [this.times[j], this.times[i]];
    [this.seqs[i], this.seqs[j]] = [this.seqs[j], this.seqs[i]];
    [this.actions[i], this.actions[j]] = [this.actions[j], this.actions[i]];
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.times.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < n && this.before(l, best)) best = l;
      if (r < n && this.before(r, best)) best = r;
      if (best === i) return;
      this.swap(i, best);
      i = best;
    }
  }
}

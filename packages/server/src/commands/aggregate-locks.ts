/**
 * Commands of one process on the same aggregate run one after another: deciding them side by
 * side against the same version would make all but one lose the store's version check and
 * decide again. Across processes the store's check (and CommandService's retry) still decides.
 */
export class AggregateLocks {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `work` once every earlier holder of any of `keys` is done. */
  async run<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    // One order for every caller, so two commands on {a, b} and {b, a} cannot wait on each other.
    const ordered = [...new Set(keys)].sort();
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const before = ordered.map((key) => this.tails.get(key));
    for (const key of ordered) this.tails.set(key, done);
    try {
      for (const tail of before) if (tail) await tail;
      return await work();
    } finally {
      release();
      for (const key of ordered) if (this.tails.get(key) === done) this.tails.delete(key);
    }
  }
}

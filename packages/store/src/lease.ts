/**
 * Leadership of one named role among the processes sharing a database (the dispatch scheduler:
 * one process offers, or units would be offered twice).
 */
export interface Lease {
  /** Resolves when leadership is lost (connection gone, database restarted, released). */
  readonly lost: Promise<void>;
  /** Gives leadership up; another process can take it at its next attempt. */
  release(): Promise<void>;
}

/** A lease held by the only process there is (SQLite: one server process per file). */
export function soleProcessLease(): Lease {
  let release!: () => void;
  const lost = new Promise<void>((resolve) => (release = resolve));
  return {
    lost,
    release: async () => release(),
  };
}

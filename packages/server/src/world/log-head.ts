import type { EventStore } from '@jiefang/core';

/**
 * The newest log position without scanning the log: exponential probing then bisection over
 * readLog(after, 1), a few dozen indexed reads even for a billion events.
 */
export async function findHeadSeq(store: Pick<EventStore, 'readLog'>): Promise<number> {
  const after = async (seq: number) => (await store.readLog(seq, 1)).length > 0;
  if (!(await after(0))) return 0;
  let low = 0;
  let high = 1;
  while (await after(high)) {
    low = high;
    high *= 2;
  }
  // after(low) holds, after(high) does not: the head is the smallest seq with nothing after it.
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (await after(mid)) low = mid;
    else high = mid;
  }
  return high;
}

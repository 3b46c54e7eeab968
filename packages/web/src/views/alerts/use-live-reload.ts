import { useEffect, useRef } from 'react';
import { useLiveStore } from '../../live/LiveProvider.tsx';

/**
 * Calls `reload` when the live socket brings an event of `aggregateType` (or a fresh snapshot
 * after a reconnect, which may hide missed events): the list is read again over REST, which
 * redacts and scopes it exactly as the server does. At most one reload runs at a time; events
 * arriving meanwhile cause one more.
 */
export function useLiveReload(aggregateType: string, reload: () => Promise<unknown>): void {
  const store = useLiveStore();
  const latest = useRef(reload);
  latest.current = reload;
  useEffect(() => {
    let running = false;
    let again = false;
    const run = () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      latest
        .current()
        .catch(() => undefined)
        .finally(() => {
          running = false;
          if (again) {
            again = false;
            run();
          }
        });
    };
    return store.subscribe((change) => {
      if (change.reset || change.events.some((e) => e.aggregateType === aggregateType)) run();
    });
  }, [store, aggregateType]);
}

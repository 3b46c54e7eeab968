import { useEffect, useState } from 'react';
import type { ApiClient } from '../../api/api-client.ts';
import type { Dispatch } from '@jiefang/contract';
import { TRAVELLING, type RouteReading } from './arrival-eta.ts';
import { dispatcherApi } from './dispatcher-api.ts';

/** Units move: their routes are read again this often while they travel. */
const ROUTE_REFRESH_MS = 10_000;

/**
 * The road route of every travelling dispatch given, from the unit's live position to the
 * incident, re-read while it travels. A dispatch whose unit has no position yet simply has no
 * route (the promised ETA stands in for it).
 */
export function useDispatchRoutes(
  api: ApiClient,
  dispatches: readonly Pick<Dispatch, 'id' | 'status'>[],
): ReadonlyMap<string, RouteReading> {
  const [routes, setRoutes] = useState<ReadonlyMap<string, RouteReading>>(new Map());
  const travelling = dispatches
    .filter((d) => TRAVELLING.has(d.status))
    .map((d) => d.id)
    .sort()
    .join(',');

  useEffect(() => {
    const ids = travelling === '' ? [] : travelling.split(',');
    setRoutes((known) => new Map([...known].filter(([id]) => ids.includes(id))));
    if (ids.length === 0) return;
    const controller = new AbortController();
    const load = async () => {
      const read = await Promise.all(
        ids.map((id) =>
          dispatcherApi
            .route(api, id, controller.signal)
            .then((r): [string, RouteReading] => [
              id,
              { seconds: r.seconds, metres: r.metres, geometry: r.geometry, readAt: Date.now() },
            ])
            .catch(() => undefined),
        ),
      );
      if (controller.signal.aborted) return;
      setRoutes(new Map(read.filter((r) => r !== undefined)));
    };
    void load();
    const timer = setInterval(() => void load(), ROUTE_REFRESH_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [api, travelling]);

  return routes;
}

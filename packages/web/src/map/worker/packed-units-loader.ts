import { packedArrayOf, unpackUnits } from '../packed-units.ts';

/** The message a page sends to check that its MapLibre workers unpack units (see below). */
export const PACKED_UNITS_PING = 'jiefang.packed-units.ping';

type Handler = (
  mapId: string | number,
  params: Record<string, unknown>,
  ...rest: unknown[]
) => unknown;

/** The parts of MapLibre's worker scope used here (MapLibre 6 `self.worker`). */
export interface MapLibreWorkerScope {
  worker?: {
    actor: {
      messageHandlers: Record<string, Handler | undefined>;
      registerMessageHandler(type: string, handler: Handler): void;
    };
  };
}

/**
 * Runs in each MapLibre worker (worker/map-worker.ts): wraps the worker's "load data" message so
 * that GeoJSON source data carrying a packed units array (packed-units.ts) is unpacked into
 * GeoJSON here, off the main thread, before MapLibre's own GeoJSON source indexes and clusters
 * it. Everything else passes through untouched. Answers PACKED_UNITS_PING with true, so the
 * page can tell it is installed and otherwise fall back to sending plain GeoJSON.
 */
export function installPackedUnitsLoader(scope: MapLibreWorkerScope): boolean {
  const actor = scope.worker?.actor;
  const loadData = actor?.messageHandlers?.LD;
  if (!actor || typeof loadData !== 'function') return false;
  actor.registerMessageHandler('LD', (mapId, params, ...rest) => {
    const packed = packedArrayOf(params?.data);
    if (packed) params.data = unpackUnits(packed);
    return loadData(mapId, params, ...rest);
  });
  actor.registerMessageHandler(PACKED_UNITS_PING, async () => true);
  return true;
}

import { getGlobalDispatcher, setWorkerUrl } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from './worker/map-worker.ts?worker&url';
import { PACKED_UNITS_PING } from './worker/packed-units-loader.ts';

let done = false;

/**
 * MapLibre 6 runs its tile work in a module worker whose script a bundled app must point it at
 * (`setWorkerUrl`). The console's worker is MapLibre's own module plus the packed-units loader
 * (worker/map-worker.ts), bundled by Vite (`?worker&url`, `worker.format: 'es'`). Call before
 * the first map is created; calling again does nothing.
 */
export function setUpMapLibre(): void {
  if (done) return;
  setWorkerUrl(workerUrl);
  done = true;
}

let packedUnitsSupport: Promise<boolean> | undefined;

/**
 * Whether every MapLibre worker unpacks units (packed-units.ts). False if the loader could not
 * hook into this MapLibre version: the units layer then sends plain GeoJSON (slower, same map).
 */
export function workersUnpackUnits(): Promise<boolean> {
  packedUnitsSupport ??= getGlobalDispatcher()
    .broadcast<null, boolean>(PACKED_UNITS_PING, null)
    .then(
      (answers) => answers.length > 0 && answers.every((answer) => answer === true),
      () => false,
    );
  return packedUnitsSupport;
}

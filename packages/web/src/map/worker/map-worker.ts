import MapLibreWorker from 'maplibre-gl/dist/maplibre-gl-worker.mjs';
import { installPackedUnitsLoader, type MapLibreWorkerScope } from './packed-units-loader.ts';

/**
 * The console's MapLibre worker: MapLibre's own worker module plus the packed-units loader.
 * maplibre-setup.ts hands its bundled URL to `setWorkerUrl`. MapLibre's module starts itself
 * (`self.worker = new Worker(self)`) when it runs in a worker; it is started here only if a
 * bundler dropped that statement.
 */
// Cast: MapLibre's worker global is not typed; it is this scope.
const scope = self as unknown as MapLibreWorkerScope;
scope.worker ??= new MapLibreWorker(self) as unknown as MapLibreWorkerScope['worker'];
installPackedUnitsLoader(scope);

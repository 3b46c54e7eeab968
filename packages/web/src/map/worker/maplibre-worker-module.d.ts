declare module 'maplibre-gl/dist/maplibre-gl-worker.mjs' {
  /** MapLibre's worker: `new MapLibreWorker(self)` starts it in a worker scope. */
  export default class MapLibreWorker {
    constructor(scope: unknown);
  }
}

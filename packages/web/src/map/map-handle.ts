import type { Map as MapLibreMap } from 'maplibre-gl';

/**
 * `window.__jiefangMap`: the console's MapLibre map, for end-to-end tests and for debugging in
 * the browser's console (e.g. `__jiefangMap.queryRenderedFeatures({layers: ['units-points']})`).
 * Set in every build — it exposes nothing the page's user cannot already see — and cleared when
 * the map goes away.
 */
export interface MapHandleWindow {
  __jiefangMap?: MapLibreMap;
}

export function exposeMap(map: MapLibreMap | undefined): void {
  (window as MapHandleWindow).__jiefangMap = map;
}

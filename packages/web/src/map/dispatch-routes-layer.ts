import type { LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { BandedRoadsLayer, casedLineLayers } from './banded-roads-layer.ts';

export const DISPATCH_ROUTES_SOURCE = 'dispatch-routes';
export const DispatchRoutesLayerId = {
  casing: 'dispatch-routes-casing',
  lines: 'dispatch-routes-lines',
} as const;

/** Cyan: apart from the priority reds/ambers, the coverage greens and the isochrone magenta. */
export const ROUTE_COLOUR = '#36d6ff';

export interface RouteLine {
  dispatchId: string;
  coordinates: [number, number][];
}

function layers(): LayerSpecification[] {
  return casedLineLayers(DISPATCH_ROUTES_SOURCE, DispatchRoutesLayerId, ROUTE_COLOUR, true);
}

/** The way each travelling unit of the selected incident takes to it, under the live layers. */
export class DispatchRoutesLayer extends BandedRoadsLayer {
  constructor(map: MapLibreMap) {
    super(map, DISPATCH_ROUTES_SOURCE, layers);
  }

  showRoutes(lines: readonly RouteLine[]): void {
    this.show({
      type: 'FeatureCollection',
      features: lines
        .filter((line) => line.coordinates.length >= 2)
        .map((line) => ({
          type: 'Feature',
          properties: { band: 0, name: line.dispatchId },
          geometry: { type: 'LineString', coordinates: line.coordinates },
        })),
    });
  }
}

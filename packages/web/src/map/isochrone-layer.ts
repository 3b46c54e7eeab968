import type { ExpressionSpecification, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { BandedRoadsLayer } from './banded-roads-layer.ts';

export const ISOCHRONE_SOURCE = 'isochrone';
export const IsochroneLayerId = { casing: 'isochrone-casing', lines: 'isochrone-lines' } as const;

/** One unit's reach: magenta (apart from the coverage bands), strongest for the nearest band. */
export const ISOCHRONE_COLOUR = '#ff4fd8';
const BAND_COLOUR = [
  'step',
  ['get', 'band'],
  ISOCHRONE_COLOUR,
  61,
  '#ff8ae6',
  181,
  '#ffc0f0',
] as ExpressionSpecification;

export function isochroneLayers(): LayerSpecification[] {
  return [
    {
      id: IsochroneLayerId.casing,
      type: 'line',
      source: ISOCHRONE_SOURCE,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': '#0b0f14',
        'line-opacity': 0.6,
        'line-width': ['interpolate', ['linear'], ['zoom'], 12, 4, 16, 9],
      },
    },
    {
      id: IsochroneLayerId.lines,
      type: 'line',
      source: ISOCHRONE_SOURCE,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': BAND_COLOUR,
        'line-width': ['interpolate', ['linear'], ['zoom'], 12, 2, 16, 5],
      },
    },
  ];
}

/**
 * Where one selected unit can get within five minutes (GET /api/v1/units/{id}/isochrone), drawn
 * on its own network (walking units on footways too), over the coverage and under the units.
 */
export class IsochroneLayer extends BandedRoadsLayer {
  constructor(map: MapLibreMap) {
    super(map, ISOCHRONE_SOURCE, isochroneLayers);
  }
}

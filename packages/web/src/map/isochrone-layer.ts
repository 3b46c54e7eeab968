import type { ExpressionSpecification, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { BandedRoadsLayer, casedLineLayers } from './banded-roads-layer.ts';

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
  return casedLineLayers(ISOCHRONE_SOURCE, IsochroneLayerId, BAND_COLOUR);
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

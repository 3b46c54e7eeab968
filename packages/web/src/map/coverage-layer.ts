import type { ExpressionSpecification, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { BandedRoadsLayer } from './banded-roads-layer.ts';

export { firstLiveLayer, type BandedRoads } from './banded-roads-layer.ts';

export const COVERAGE_SOURCE = 'coverage';
export const CoverageLayerId = { casing: 'coverage-casing', lines: 'coverage-lines' } as const;

/**
 * 1-3-5 bands: reached within one minute (green), three (sky blue), five (indigo). Kept clear
 * of the basemap's road colours (yellow, orange) so a covered road never looks like a main road.
 */
export const COVERAGE_BAND_COLOURS: Readonly<Record<60 | 180 | 300, string>> = {
  60: '#00e676',
  180: '#2fb6ff',
  300: '#8a6bff',
};

const BAND_COLOUR = [
  'match',
  ['get', 'band'],
  60,
  COVERAGE_BAND_COLOURS[60],
  180,
  COVERAGE_BAND_COLOURS[180],
  300,
  COVERAGE_BAND_COLOURS[300],
  '#8fa3b8',
] as ExpressionSpecification;

export function coverageLayers(): LayerSpecification[] {
  const width = [
    'interpolate',
    ['linear'],
    ['zoom'],
    12,
    2,
    16,
    5,
    18,
    8,
  ] as ExpressionSpecification;
  return [
    {
      id: CoverageLayerId.casing,
      type: 'line',
      source: COVERAGE_SOURCE,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': '#0b1118',
        'line-opacity': 0.55,
        'line-width': ['interpolate', ['linear'], ['zoom'], 12, 4, 16, 8, 18, 12],
      },
    },
    {
      id: CoverageLayerId.lines,
      type: 'line',
      source: COVERAGE_SOURCE,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': BAND_COLOUR, 'line-opacity': 0.95, 'line-width': width },
    },
  ];
}

/**
 * The 1-3-5 coverage of the available units drawn on the roads (GET /api/v1/coverage): each
 * road stretch in the colour of the first band that reaches it; roads without a colour are
 * the gaps. Installed once; `show` replaces the data, `hide` empties it.
 */
export class CoverageLayer extends BandedRoadsLayer {
  constructor(map: MapLibreMap) {
    super(map, COVERAGE_SOURCE, coverageLayers);
  }
}

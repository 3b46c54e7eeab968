import type {
  ExpressionSpecification,
  GeoJSONSourceSpecification,
  LayerSpecification,
} from 'maplibre-gl';
import { UNIT_KINDS, UNIT_STATUSES } from '../live/unit-codes.ts';
import { UNIT_KIND_COLOURS, UNIT_STATUS_COLOURS, UNKNOWN_COLOUR } from './map-palette.ts';

export const UNITS_SOURCE = 'units';

/** Layer ids of the units, bottom to top. */
export const UnitLayerId = {
  clusters: 'units-clusters',
  clusterCount: 'units-cluster-count',
  points: 'units-points',
} as const;

/** Label fonts: local ones, as the basemap style uses (MapLibre draws glyphs with TinySDF). */
export const LABEL_FONTS = ['Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Arial'];

/** Units are grouped below this zoom (the whole city at once); single dots from it on. */
export const UNIT_CLUSTER_MAX_ZOOM = 13;

function byCode(
  property: 'kind' | 'status',
  names: readonly string[],
  colours: Readonly<Record<string, string>>,
): ExpressionSpecification {
  const cases: (number | string)[] = [];
  names.forEach((name, code) => cases.push(code, colours[name]));
  return [
    'match',
    ['get', property],
    ...cases,
    UNKNOWN_COLOUR,
    // Cast: a match built from data is not a tuple MapLibre's expression type can check.
  ] as unknown as ExpressionSpecification;
}

export const UNIT_KIND_COLOUR = byCode('kind', UNIT_KINDS, UNIT_KIND_COLOURS);
export const UNIT_STATUS_COLOUR = byCode('status', UNIT_STATUSES, UNIT_STATUS_COLOURS);

/** Status codes 4 (off duty) and 5 (out of service): drawn faded. */
const OFF_DUTY: ExpressionSpecification = ['>=', ['get', 'status'], 4];
/** Status codes 1–3 (notified, en route, on scene): drawn larger with a thick ring. */
const BUSY: ExpressionSpecification = [
  'all',
  ['>=', ['get', 'status'], 1],
  ['<=', ['get', 'status'], 3],
];

/** `data`: GeoJSON, or the packed stand-in of packed-units.ts when the workers unpack it. */
export function unitsSource(data: object): GeoJSONSourceSpecification {
  return {
    type: 'geojson',
    data: data as GeoJSON.FeatureCollection,
    cluster: true,
    clusterMaxZoom: UNIT_CLUSTER_MAX_ZOOM,
    clusterRadius: 40,
    // Coordinates past 6 decimals (~0.1 m) cost the worker and show nothing.
    tolerance: 0.375,
    buffer: 32,
  };
}

export function unitLayers(): LayerSpecification[] {
  return [
    {
      id: UnitLayerId.clusters,
      type: 'circle',
      source: UNITS_SOURCE,
      filter: ['has', 'point_count'],
      paint: {
        'circle-color': '#1d3557',
        'circle-opacity': 0.88,
        'circle-stroke-color': '#7fb2ff',
        'circle-stroke-width': 1.5,
        'circle-radius': ['step', ['get', 'point_count'], 13, 20, 17, 100, 22, 1000, 28],
      },
    },
    {
      id: UnitLayerId.clusterCount,
      type: 'symbol',
      source: UNITS_SOURCE,
      filter: ['has', 'point_count'],
      layout: {
        'text-field': ['get', 'point_count_abbreviated'],
        'text-font': LABEL_FONTS,
        'text-size': 12,
        'text-allow-overlap': true,
      },
      paint: { 'text-color': '#ffffff' },
    },
    {
      id: UnitLayerId.points,
      type: 'circle',
      source: UNITS_SOURCE,
      filter: ['!', ['has', 'point_count']],
      paint: {
        'circle-color': UNIT_KIND_COLOUR,
        'circle-radius': [
          'interpolate',
          ['linear'],
          ['zoom'],
          12,
          ['case', BUSY, 6, 4],
          17,
          ['case', BUSY, 12, 9],
        ],
        'circle-stroke-color': UNIT_STATUS_COLOUR,
        'circle-stroke-width': [
          'case',
          ['boolean', ['feature-state', 'hover'], false],
          4,
          BUSY,
          3,
          1.5,
        ],
        'circle-opacity': ['case', OFF_DUTY, 0.35, 1],
        'circle-stroke-opacity': ['case', OFF_DUTY, 0.5, 1],
      },
    },
  ];
}

import type {
  ExpressionSpecification,
  GeoJSONSource,
  LayerSpecification,
  Map as MapLibreMap,
} from 'maplibre-gl';

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

export interface BandedRoads {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    properties: { band: number; profile?: string; name?: string | null };
    geometry: { type: 'LineString'; coordinates: [number, number][] };
  }[];
}

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

/** Under the live layers (trail, incidents, units), over the basemap. */
export function firstLiveLayer(map: MapLibreMap): string | undefined {
  for (const id of ['unit-trail-line', 'incidents-halo', 'units-clusters', 'units-points']) {
    if (map.getLayer(id)) return id;
  }
  return undefined;
}

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
export class CoverageLayer {
  constructor(private readonly map: MapLibreMap) {}

  install(): void {
    if (this.map.getSource(COVERAGE_SOURCE)) return;
    this.map.addSource(COVERAGE_SOURCE, {
      type: 'geojson',
      data: { type: 'FeatureCollection', features: [] },
    });
    const before = firstLiveLayer(this.map);
    for (const layer of coverageLayers()) this.map.addLayer(layer, before);
  }

  show(data: BandedRoads): void {
    this.install();
    // Band 300 first, so the nearer bands are drawn over it where stretches meet.
    const features = [...data.features].sort((a, b) => b.properties.band - a.properties.band);
    this.map.getSource<GeoJSONSource>(COVERAGE_SOURCE)?.setData({
      type: 'FeatureCollection',
      features,
    } as GeoJSON.FeatureCollection);
  }

  hide(): void {
    this.map.getSource<GeoJSONSource>(COVERAGE_SOURCE)?.setData({
      type: 'FeatureCollection',
      features: [],
    });
  }

  /** Removes the layer; harmless once the map itself is gone. */
  dispose(): void {
    try {
      this.removeAll();
    } catch {
      // The map was removed first (the view unmounts with it).
    }
  }

  private removeAll(): void {
    for (const id of [CoverageLayerId.lines, CoverageLayerId.casing]) {
      if (this.map.getLayer(id)) this.map.removeLayer(id);
    }
    if (this.map.getSource(COVERAGE_SOURCE)) this.map.removeSource(COVERAGE_SOURCE);
  }
}

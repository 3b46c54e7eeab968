import type {
  ExpressionSpecification,
  GeoJSONSource,
  LayerSpecification,
  Map as MapLibreMap,
} from 'maplibre-gl';

export interface BandedRoads {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    properties: { band: number; profile?: string; name?: string | null };
    geometry: { type: 'LineString'; coordinates: [number, number][] };
  }[];
}

/**
 * A line drawn over a dark casing (readable on light and dark basemaps): the casing and line
 * layers of one source, the line in `colour` (a colour or an expression).
 */
export function casedLineLayers(
  source: string,
  ids: { casing: string; lines: string },
  colour: ExpressionSpecification | string,
  dashed = false,
): LayerSpecification[] {
  return [
    {
      id: ids.casing,
      type: 'line',
      source,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': '#0b0f14',
        'line-opacity': 0.6,
        'line-width': ['interpolate', ['linear'], ['zoom'], 12, 4, 16, 9],
      },
    },
    {
      id: ids.lines,
      type: 'line',
      source,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': colour,
        'line-width': ['interpolate', ['linear'], ['zoom'], 12, 2, 16, 5],
        ...(dashed ? { 'line-dasharray': [2, 1] } : {}),
      },
    },
  ];
}

/** Under the live layers (trail, incidents, units), over the basemap. */
export function firstLiveLayer(map: MapLibreMap): string | undefined {
  for (const id of ['unit-trail-line', 'incidents-halo', 'units-clusters', 'units-points']) {
    if (map.getLayer(id)) return id;
  }
  return undefined;
}

/**
 * A GeoJSON source of road stretches in time bands (60/180/300 s) and its line layers, drawn
 * under the live layers. Coverage and a unit's isochrone are both this, in their own colours.
 * Installed once; `show` replaces the data, `hide` empties it.
 */
export class BandedRoadsLayer {
  constructor(
    protected readonly map: MapLibreMap,
    private readonly sourceId: string,
    private readonly layers: () => LayerSpecification[],
  ) {}

  install(): void {
    if (this.map.getSource(this.sourceId)) return;
    this.map.addSource(this.sourceId, {
      type: 'geojson',
      data: { type: 'FeatureCollection', features: [] },
    });
    const before = firstLiveLayer(this.map);
    for (const layer of this.layers()) this.map.addLayer(layer, before);
  }

  show(data: BandedRoads): void {
    this.install();
    // Band 300 first, so the nearer bands are drawn over it where stretches meet.
    const features = [...data.features].sort((a, b) => b.properties.band - a.properties.band);
    this.map.getSource<GeoJSONSource>(this.sourceId)?.setData({
      type: 'FeatureCollection',
      features,
    } as GeoJSON.FeatureCollection);
  }

  hide(): void {
    this.map.getSource<GeoJSONSource>(this.sourceId)?.setData({
      type: 'FeatureCollection',
      features: [],
    });
  }

  /** Removes the layers and the source; harmless once the map itself is gone. */
  dispose(): void {
    try {
      for (const layer of this.layers()) {
        if (this.map.getLayer(layer.id)) this.map.removeLayer(layer.id);
      }
      if (this.map.getSource(this.sourceId)) this.map.removeSource(this.sourceId);
    } catch {
      // The map was removed first (the view unmounts with it).
    }
  }
}

import type { GeoJSONSource, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';

export interface BandedRoads {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    properties: { band: number; profile?: string; name?: string | null };
    geometry: { type: 'LineString'; coordinates: [number, number][] };
  }[];
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

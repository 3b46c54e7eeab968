import type {
  ExpressionSpecification,
  GeoJSONSource,
  LayerSpecification,
  Map as MapLibreMap,
} from 'maplibre-gl';
import { firstLiveLayer, type BandedRoads } from './coverage-layer.ts';

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
export class IsochroneLayer {
  constructor(private readonly map: MapLibreMap) {}

  install(): void {
    if (this.map.getSource(ISOCHRONE_SOURCE)) return;
    this.map.addSource(ISOCHRONE_SOURCE, {
      type: 'geojson',
      data: { type: 'FeatureCollection', features: [] },
    });
    const before = firstLiveLayer(this.map);
    for (const layer of isochroneLayers()) this.map.addLayer(layer, before);
  }

  show(data: BandedRoads): void {
    this.install();
    const features = [...data.features].sort((a, b) => b.properties.band - a.properties.band);
    this.map.getSource<GeoJSONSource>(ISOCHRONE_SOURCE)?.setData({
      type: 'FeatureCollection',
      features,
    } as GeoJSON.FeatureCollection);
  }

  hide(): void {
    this.map.getSource<GeoJSONSource>(ISOCHRONE_SOURCE)?.setData({
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
    for (const id of [IsochroneLayerId.lines, IsochroneLayerId.casing]) {
      if (this.map.getLayer(id)) this.map.removeLayer(id);
    }
    if (this.map.getSource(ISOCHRONE_SOURCE)) this.map.removeSource(ISOCHRONE_SOURCE);
  }
}

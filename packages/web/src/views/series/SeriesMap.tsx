import type { CaseSeriesDetailView, SeriesSuggestionsView } from '@jiefang/contract';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { LngLatBounds } from 'maplibre-gl';
import { useEffect, useState } from 'react';
import { CommandMap } from '../../map/CommandMap.tsx';
import { LABEL_FONTS } from '../../map/unit-layers.ts';

/** Layer ids (for tests: queryRenderedFeatures). */
export const SERIES_POINT_LAYER = 'series-points';
export const SERIES_SUGGESTION_LAYER = 'series-suggestions';
const SERIES_SOURCE = 'series';
const SUGGESTION_SOURCE = 'series-suggested';
const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

/** The series' incidents numbered in time order, joined by a line in that order. */
export function seriesFeatures(
  detail: CaseSeriesDetailView | undefined,
): GeoJSON.FeatureCollection {
  const timeline = detail?.timeline ?? [];
  const points: GeoJSON.Feature[] = timeline.map((e, i) => ({
    type: 'Feature',
    properties: { order: i + 1, incidentId: e.incidentId },
    geometry: { type: 'Point', coordinates: [e.location.lon, e.location.lat] },
  }));
  const line: GeoJSON.Feature[] =
    timeline.length > 1
      ? [
          {
            type: 'Feature',
            properties: {},
            geometry: {
              type: 'LineString',
              coordinates: timeline.map((e) => [e.location.lon, e.location.lat]),
            },
          },
        ]
      : [];
  return { type: 'FeatureCollection', features: [...line, ...points] };
}

function suggestionFeatures(
  suggestions: SeriesSuggestionsView['suggestions'],
): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: suggestions.map((s) => ({
      type: 'Feature',
      properties: { incidentId: s.incidentId, score: s.score },
      geometry: { type: 'Point', coordinates: [s.location.lon, s.location.lat] },
    })),
  };
}

/**
 * A series' map layer: its incidents as numbered points in time order joined by a line (the
 * path of the series), and the suggestions still to judge as hollow rings. Fitted to the series'
 * incidents whenever another series is chosen.
 */
export function SeriesMap({
  detail,
  suggestions,
}: {
  detail: CaseSeriesDetailView | undefined;
  suggestions: SeriesSuggestionsView['suggestions'];
}) {
  const [map, setMap] = useState<MapLibreMap | undefined>();
  const [fitted, setFitted] = useState<string | undefined>();

  const install = (ready: MapLibreMap) => {
    ready.addSource(SERIES_SOURCE, { type: 'geojson', data: EMPTY });
    ready.addSource(SUGGESTION_SOURCE, { type: 'geojson', data: EMPTY });
    ready.addLayer({
      id: 'series-path',
      type: 'line',
      source: SERIES_SOURCE,
      filter: ['==', ['geometry-type'], 'LineString'],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#c86bff', 'line-width': 3, 'line-dasharray': [2, 1] },
    });
    ready.addLayer({
      id: SERIES_SUGGESTION_LAYER,
      type: 'circle',
      source: SUGGESTION_SOURCE,
      paint: {
        'circle-radius': 7,
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': '#ffb347',
        'circle-stroke-width': 2,
      },
    });
    ready.addLayer({
      id: SERIES_POINT_LAYER,
      type: 'circle',
      source: SERIES_SOURCE,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-radius': 9,
        'circle-color': '#c86bff',
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    });
    ready.addLayer({
      id: 'series-order',
      type: 'symbol',
      source: SERIES_SOURCE,
      filter: ['==', ['geometry-type'], 'Point'],
      layout: {
        'text-field': ['to-string', ['get', 'order']],
        'text-size': 11,
        'text-font': LABEL_FONTS,
      },
      paint: { 'text-color': '#ffffff' },
    });
    setMap(ready);
  };

  useEffect(() => {
    if (!map) return;
    (map.getSource(SERIES_SOURCE) as GeoJSONSource | undefined)?.setData(seriesFeatures(detail));
    const id = detail?.series.id;
    if (id && id !== fitted && detail.timeline.length > 0) {
      const bounds = new LngLatBounds();
      // The series itself fills the view (its incidents are often a street apart); the
      // suggestions around it stay drawn, a pan away.
      for (const e of detail.timeline) bounds.extend([e.location.lon, e.location.lat]);
      map.fitBounds(bounds, { padding: 120, maxZoom: 17, duration: 0 });
      setFitted(id);
    }
  }, [map, detail, fitted]);

  useEffect(() => {
    (map?.getSource(SUGGESTION_SOURCE) as GeoJSONSource | undefined)?.setData(
      suggestionFeatures(suggestions),
    );
  }, [map, suggestions]);

  return (
    <div className="patrol-map">
      <CommandMap onReady={install} />
    </div>
  );
}

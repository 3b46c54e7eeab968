import type { ForecastView, PatrolPlanView } from '@jiefang/contract';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { LngLatBounds } from 'maplibre-gl';
import { useEffect, useState } from 'react';
import { CommandMap } from '../../map/CommandMap.tsx';

/** Layer ids (for tests: queryRenderedFeatures). */
export const HOTSPOT_LAYER = 'patrol-hotspots-fill';
export const PATROL_ROUTE_LAYER = 'patrol-routes-line';
const HOTSPOT_SOURCE = 'patrol-hotspots';
const ROUTE_SOURCE = 'patrol-routes';
const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

/** The forecast's flagged cells, shaded by rank (1 darkest). */
export function hotspotFeatures(forecast: ForecastView | undefined): GeoJSON.FeatureCollection {
  const cells = forecast?.result?.cells ?? [];
  return {
    type: 'FeatureCollection',
    features: cells.map((c) => ({
      type: 'Feature',
      properties: { rank: c.rank, score: c.score, share: 1 - (c.rank - 1) / cells.length },
      geometry: { type: 'Polygon', coordinates: [c.ring] },
    })),
  };
}

/** Every drive of every unit of a plan, as lines, and its stops as points. */
export function planFeatures(
  plan: Pick<PatrolPlanView, 'units'> | undefined,
): GeoJSON.FeatureCollection {
  const features: GeoJSON.Feature[] = [];
  for (const unit of plan?.units ?? [])
    for (const leg of unit.legs) {
      if (leg.kind === 'drive' && leg.path.length > 1)
        features.push({
          type: 'Feature',
          properties: { unitId: unit.unitId },
          geometry: { type: 'LineString', coordinates: leg.path },
        });
      if (leg.kind === 'dwell' && leg.stop)
        features.push({
          type: 'Feature',
          properties: { unitId: unit.unitId, stop: true },
          geometry: { type: 'Point', coordinates: leg.at },
        });
    }
  return { type: 'FeatureCollection', features };
}

/**
 * The hotspot layer and the patrol routes over the console's map: forecast cells shaded by
 * rank, each unit's drives and stops, fitted to the cells once per forecast.
 */
export function PatrolMap({
  forecast,
  plan,
}: {
  forecast: ForecastView | undefined;
  plan: PatrolPlanView | undefined;
}) {
  const [map, setMap] = useState<MapLibreMap | undefined>();
  const [fitted, setFitted] = useState<string | undefined>();

  const install = (ready: MapLibreMap) => {
    ready.addSource(HOTSPOT_SOURCE, { type: 'geojson', data: EMPTY });
    ready.addSource(ROUTE_SOURCE, { type: 'geojson', data: EMPTY });
    ready.addLayer({
      id: HOTSPOT_LAYER,
      type: 'fill',
      source: HOTSPOT_SOURCE,
      paint: {
        'fill-color': '#ff5a36',
        'fill-opacity': ['interpolate', ['linear'], ['get', 'share'], 0, 0.25, 1, 0.7],
        'fill-outline-color': '#ffd2c4',
      },
    });
    ready.addLayer({
      id: PATROL_ROUTE_LAYER,
      type: 'line',
      source: ROUTE_SOURCE,
      filter: ['==', ['geometry-type'], 'LineString'],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#3d8bff', 'line-width': 3 },
    });
    ready.addLayer({
      id: 'patrol-stops',
      type: 'circle',
      source: ROUTE_SOURCE,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-radius': 6, 'circle-color': '#ffe45c', 'circle-stroke-width': 2 },
    });
    setMap(ready);
  };

  useEffect(() => {
    if (!map) return;
    const data = hotspotFeatures(forecast);
    (map.getSource(HOTSPOT_SOURCE) as GeoJSONSource | undefined)?.setData(data);
    if (forecast && forecast.id !== fitted && data.features.length > 0) {
      const bounds = new LngLatBounds();
      for (const c of forecast.result?.cells ?? []) bounds.extend(c.centre);
      map.fitBounds(bounds, { padding: 64, maxZoom: 16, duration: 0 });
      setFitted(forecast.id);
    }
  }, [map, forecast, fitted]);

  useEffect(() => {
    (map?.getSource(ROUTE_SOURCE) as GeoJSONSource | undefined)?.setData(planFeatures(plan));
  }, [map, plan]);

  return (
    <div className="patrol-map">
      <CommandMap onReady={install} />
    </div>
  );
}

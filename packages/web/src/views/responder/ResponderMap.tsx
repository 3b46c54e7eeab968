import type { GeoJSONSource, Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import { LngLatBounds } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { CommandMap } from '../../map/CommandMap.tsx';
import type { DispatchRoute } from './responder-api.ts';
import type { PatrolAssignment } from '@jiefang/contract';
import { planFeatures } from '../patrol/PatrolMap.tsx';

/** Layer ids of the responder's own drawing (for tests: queryRenderedFeatures). */
export const ROUTE_SOURCE = 'responder-route';
export const ROUTE_LAYER = 'responder-route-line';
const ROUTE_CASING = 'responder-route-casing';
const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

export interface ResponderMapProps {
  route: DispatchRoute | undefined;
  /** The unit's patrol, drawn when it has no dispatch: its drives and stops. */
  patrol?: PatrolAssignment;
  /** True while the next tap on the map says "I am here". */
  picking: boolean;
  onPick: (lon: number, lat: number) => void;
}

/**
 * The responder's map: the console's map of their scope with the route to the incident drawn
 * over the roads (fitted once per dispatch), and a tap that sets "I am here" when asked.
 */
export function ResponderMap({ route, patrol, picking, onPick }: ResponderMapProps) {
  const { t } = useI18n();
  const [map, setMap] = useState<MapLibreMap | undefined>();
  const fitted = useRef<string | undefined>(undefined);
  const pickRef = useRef({ picking, onPick });
  pickRef.current = { picking, onPick };

  const install = (ready: MapLibreMap) => {
    ready.addSource(ROUTE_SOURCE, { type: 'geojson', data: EMPTY });
    const before = ready.getLayer('incidents-halo') ? 'incidents-halo' : undefined;
    ready.addLayer(
      {
        id: ROUTE_CASING,
        type: 'line',
        source: ROUTE_SOURCE,
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': '#0b1118', 'line-width': 9, 'line-opacity': 0.8 },
      },
      before,
    );
    ready.addLayer(
      {
        id: ROUTE_LAYER,
        type: 'line',
        source: ROUTE_SOURCE,
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': '#3d8bff', 'line-width': 5 },
      },
      before,
    );
    ready.on('click', (event: MapMouseEvent) => {
      const { picking: active, onPick: pick } = pickRef.current;
      if (active) pick(event.lngLat.lng, event.lngLat.lat);
    });
    setMap(ready);
  };

  useEffect(() => {
    if (!map) return;
    const source = map.getSource(ROUTE_SOURCE) as GeoJSONSource | undefined;
    if (!source) return;
    if (!route) {
      // No dispatch: the patrol's drives, in the same line as a route.
      source.setData(patrol ? planFeatures({ units: [patrol.unit] }) : EMPTY);
      return;
    }
    source.setData({
      type: 'Feature',
      properties: { dispatchId: route.dispatchId },
      geometry: route.geometry,
    });
    if (fitted.current !== route.dispatchId) {
      fitted.current = route.dispatchId;
      const bounds = new LngLatBounds();
      for (const c of route.geometry.coordinates) bounds.extend(c);
      map.fitBounds(bounds, { padding: 48, maxZoom: 17, duration: 0 });
    }
  }, [map, route, patrol]);

  useEffect(() => {
    if (map) map.getCanvas().style.cursor = picking ? 'crosshair' : '';
  }, [map, picking]);

  return (
    <div className={picking ? 'rsp-map is-picking' : 'rsp-map'}>
      <CommandMap onReady={install}>
        {picking && (
          <div className="rsp-pick-hint" role="status">
            {t('responder.position.pickHint')}
          </div>
        )}
      </CommandMap>
    </div>
  );
}

import {
  AttributionControl,
  Map as MapLibreMap,
  NavigationControl,
  ScaleControl,
  type ErrorEvent,
} from 'maplibre-gl';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useSession } from '../auth/SessionProvider.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { useShortcut } from '../keyboard/ShortcutProvider.tsx';
import { useLiveStore } from '../live/LiveProvider.tsx';
import { basemapLabelField } from '@jiefang/contract/basemap-label-field';
import { basemapStyleUrl, FALLBACK_STYLE } from './fallback-style.ts';
import { LiveMapLayers } from './live-map-layers.ts';
import { exposeMap } from './map-handle.ts';
import { setUpMapLibre, workersUnpackUnits } from './maplibre-setup.ts';
import { UnitHoverTrail, type HoveredUnit } from './unit-hover-trail.ts';
import { UnitTooltip } from './UnitTooltip.tsx';

export interface CommandMapProps {
  /** Called once the map and its live layers are ready (views add their own layers here). */
  onReady?: (map: MapLibreMap) => void;
  /** Drawn over the map (legend, counters, view-specific controls). */
  children?: ReactNode;
}

/**
 * The map of all forces: the server's offline basemap (style.json, tiles with the session
 * cookie), units clustered when zoomed out and coloured by kind and status, open incidents by
 * priority, a unit's trail on hover. Live data comes from the LiveProvider's store; MapLibre
 * itself is created once per mount and removed on unmount.
 */
export function CommandMap({ onReady, children }: CommandMapProps) {
  const { t, locale } = useI18n();
  const { api } = useSession();
  // The map is made once per mount; a language switch relabels it (effect below).
  const firstLocale = useRef(locale);
  const store = useLiveStore();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | undefined>(undefined);
  const home = useRef<{ center: [number, number]; zoom: number } | undefined>(undefined);
  const onReadyRef = useRef(onReady);
  onReadyRef.current = onReady;
  const [hovered, setHovered] = useState<HoveredUnit | undefined>();
  const [problem, setProblem] = useState<'basemap' | 'webgl' | undefined>();
  const [ready, setReady] = useState(false);

  useEffect(() => {
    setUpMapLibre();
    let map: MapLibreMap;
    try {
      map = new MapLibreMap({
        container: container.current!,
        style: basemapStyleUrl(firstLocale.current),
        attributionControl: false,
        maxPitch: 0,
        dragRotate: false,
        fadeDuration: 0,
      });
    } catch {
      setProblem('webgl');
      return;
    }
    mapRef.current = map;
    map.touchZoomRotate.disableRotation();
    // Attribution always expanded: "© OpenStreetMap contributors" stays visible.
    map.addControl(new AttributionControl({ compact: false }), 'bottom-right');
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');

    let layers: LiveMapLayers | undefined;
    let hover: UnitHoverTrail | undefined;
    let disposed = false;
    let basemapFailed = false;
    const onError = (event: ErrorEvent) => {
      const status = (event.error as { status?: number } | undefined)?.status;
      if (!map.isStyleLoaded() && !basemapFailed && (status === 404 || status === 500)) {
        basemapFailed = true;
        setProblem('basemap');
        map.setStyle(FALLBACK_STYLE);
      }
    };
    map.on('error', onError);
    map.once('style.load', async () => {
      const packedUnits = await workersUnpackUnits();
      if (disposed) return;
      home.current = { center: map.getCenter().toArray() as [number, number], zoom: map.getZoom() };
      layers = new LiveMapLayers(map, store, { packedUnits });
      layers.install();
      hover = new UnitHoverTrail(map, store, api, setHovered);
      exposeMap(map);
      setReady(true);
      onReadyRef.current?.(map);
    });
    return () => {
      disposed = true;
      hover?.dispose();
      layers?.dispose();
      map.off('error', onError);
      map.remove();
      mapRef.current = undefined;
      exposeMap(undefined);
    };
  }, [store, api]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    const field = basemapLabelField(locale);
    for (const layer of map.getStyle().layers) {
      if (layer.type === 'symbol' && 'source' in layer && layer.source === 'city')
        map.setLayoutProperty(layer.id, 'text-field', field);
    }
  }, [locale, ready]);

  useShortcut({
    id: 'map.fit-city',
    keys: 'f',
    description: 'keyboard.shortcut.fitCity',
    group: 'keyboard.group.map',
    run: () => {
      if (mapRef.current && home.current) mapRef.current.easeTo({ ...home.current, duration: 400 });
    },
  });

  return (
    <div className="command-map" aria-label={t('map.label')} data-map-ready={ready || undefined}>
      <div ref={container} className="command-map-canvas" />
      {problem && (
        <div className="map-problem" role="status">
          {problem === 'webgl' ? t('map.webglUnavailable') : t('map.basemapUnavailable')}
        </div>
      )}
      {hovered && <UnitTooltip hovered={hovered} />}
      {children}
    </div>
  );
}

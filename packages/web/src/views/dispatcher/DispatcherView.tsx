import { isLiveDispatch } from '@jiefang/core';
import type { Map as MapLibreMap, MapLayerMouseEvent } from 'maplibre-gl';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useAccount, useSession } from '../../auth/SessionProvider.tsx';
import { describeApiError } from '../../api/describe-api-error.ts';
import type { Incident } from '@jiefang/contract';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { placeNameIn } from '../../i18n/local-name.ts';
import { useShortcut } from '../../keyboard/ShortcutProvider.tsx';
import { useLiveBatch, useLiveStore } from '../../live/LiveProvider.tsx';
import { CommandMap } from '../../map/CommandMap.tsx';
import { CoverageLayer } from '../../map/coverage-layer.ts';
import { DispatchRoutesLayer } from '../../map/dispatch-routes-layer.ts';
import { IsochroneLayer } from '../../map/isochrone-layer.ts';
import { MapOverlays } from '../../map/MapOverlays.tsx';
import { ConsoleLayout } from '../../shell/ConsoleLayout.tsx';
import { dispatcherApi, type CoverageAnswer, type IsochroneAnswer } from './dispatcher-api.ts';
import { ArrivalLog, unitName, useCatalogue } from './dispatcher-hooks.ts';
import './dispatcher.css';
import { IncidentPanel } from './IncidentPanel.tsx';
import { IncidentQueue, queueOrder } from './IncidentQueue.tsx';
import { MapLayerControls, type LayerState } from './MapLayerControls.tsx';
import { NewIncidentForm } from './NewIncidentForm.tsx';
import { TalkGroupsPanel } from './TalkGroupsPanel.tsx';
import { UnitStatusBoard } from './UnitStatusBoard.tsx';
import { useDispatchRoutes } from './use-dispatch-routes.ts';

/** Coverage and an isochrone are recomputed this often while shown (units move). */
const LAYER_REFRESH_MS = 30_000;

/**
 * The dispatcher's console: the map of all forces with its layers (1-3-5 coverage, a unit's
 * isochrone), the incident queue, the new-incident form or the selected incident's panel beside
 * it, and the unit status board and talk groups under the map. Keyboard first: N new incident,
 * J/K next/previous, Enter accepts the recommendation, / searches a place, C coverage, Esc closes.
 */
export function DispatcherView() {
  const { t, i18n, locale } = useI18n();
  const { api } = useSession();
  const account = useAccount();
  const store = useLiveStore();
  useLiveBatch();
  const { categories } = useCatalogue(api);
  const [arrivals] = useState(() => new ArrivalLog(store));
  useEffect(() => arrivals.attach(), [arrivals]);

  const [map, setMap] = useState<MapLibreMap>();
  const [selectedId, setSelectedId] = useState<string>();
  const [formOpen, setFormOpen] = useState(false);
  const [coverage, setCoverage] = useState<LayerState<CoverageAnswer>>({
    on: false,
    loading: false,
  });
  const [isoUnitId, setIsoUnitId] = useState<string>();
  const [isochrone, setIsochrone] = useState<LayerState<IsochroneAnswer>>({
    on: false,
    loading: false,
  });
  const searchRef = useRef<HTMLInputElement>(null);
  const focusSearch = useRef(false);

  const queue = queueOrder(store.incidents.values());
  const liveUnits = new Map<string, number>();
  for (const d of store.dispatches.values()) {
    if (isLiveDispatch(d.status))
      liveUnits.set(d.incidentId, (liveUnits.get(d.incidentId) ?? 0) + 1);
  }

  // Who is coming to the selected incident, and by which way.
  const routes = useDispatchRoutes(
    api,
    selectedId ? [...store.dispatches.values()].filter((d) => d.incidentId === selectedId) : [],
  );

  const select = useCallback((id: string | undefined) => {
    setSelectedId(id);
    if (id) setFormOpen(false);
  }, []);

  // Show the selected incident on the map.
  const selected = selectedId ? store.incidents.get(selectedId) : undefined;
  const selectedLon = selected?.location.lon;
  const selectedLat = selected?.location.lat;
  useEffect(() => {
    if (!map || selectedLon === undefined || selectedLat === undefined) return;
    map.easeTo({
      center: [selectedLon, selectedLat],
      zoom: Math.max(map.getZoom(), 15),
      duration: 400,
    });
  }, [map, selectedId, selectedLon, selectedLat]);

  const openForm = () => {
    setFormOpen(true);
    setSelectedId(undefined);
  };

  const move = (step: 1 | -1) => {
    if (queue.length === 0) return;
    const index = queue.findIndex((i) => i.id === selectedId);
    const next =
      index < 0
        ? step === 1
          ? 0
          : queue.length - 1
        : (index + step + queue.length) % queue.length;
    select(queue[next].id);
  };

  useShortcut({
    id: 'dispatcher.new',
    keys: 'n',
    description: 'dispatcher.shortcut.new',
    group: 'dispatcher.shortcut.group',
    run: openForm,
  });
  useShortcut({
    id: 'dispatcher.next',
    keys: 'j',
    description: 'dispatcher.shortcut.next',
    group: 'dispatcher.shortcut.group',
    run: () => move(1),
  });
  useShortcut({
    id: 'dispatcher.previous',
    keys: 'k',
    description: 'dispatcher.shortcut.previous',
    group: 'dispatcher.shortcut.group',
    run: () => move(-1),
  });
  useShortcut({
    id: 'dispatcher.search',
    keys: '/',
    description: 'dispatcher.shortcut.search',
    group: 'dispatcher.shortcut.group',
    run: () => {
      if (searchRef.current) searchRef.current.focus();
      else {
        focusSearch.current = true;
        openForm();
      }
    },
  });
  useShortcut({
    id: 'dispatcher.coverage',
    keys: 'c',
    description: 'dispatcher.shortcut.coverage',
    group: 'keyboard.group.map',
    run: () => setCoverage((c) => ({ ...c, on: !c.on })),
  });
  useShortcut(
    {
      id: 'dispatcher.escape',
      keys: 'Escape',
      description: 'dispatcher.shortcut.escape',
      group: 'dispatcher.shortcut.group',
      inTextFields: true,
      run: (event) => {
        (event.target as HTMLElement | null)?.blur?.();
        if (formOpen) setFormOpen(false);
        else setSelectedId(undefined);
      },
    },
    formOpen || selectedId !== undefined,
  );

  // '/' opened the form: focus its search once it is there.
  useEffect(() => {
    if (formOpen && focusSearch.current) {
      focusSearch.current = false;
      searchRef.current?.focus();
    }
  }, [formOpen]);

  // ----- map layers -----
  const layers = useRef<
    { coverage: CoverageLayer; isochrone: IsochroneLayer; routes: DispatchRoutesLayer } | undefined
  >(undefined);
  useEffect(() => {
    if (!map) return;
    const made = {
      coverage: new CoverageLayer(map),
      isochrone: new IsochroneLayer(map),
      routes: new DispatchRoutesLayer(map),
    };
    made.coverage.install();
    made.isochrone.install();
    made.routes.install();
    layers.current = made;
    // A click on an incident selects it; on a unit, shows where it can get in five minutes.
    const onIncident = (event: MapLayerMouseEvent) => {
      if (map.getCanvas().classList.contains('is-picking')) return;
      const id = event.features?.[0]?.properties?.incidentId as string | undefined;
      if (id) select(id);
    };
    const onUnit = (event: MapLayerMouseEvent) => {
      if (map.getCanvas().classList.contains('is-picking')) return;
      const row = event.features?.[0]?.id;
      if (typeof row === 'number' && store.units.ids[row]) setIsoUnitId(store.units.ids[row]);
    };
    map.on('click', 'incidents-points', onIncident);
    map.on('click', 'units-points', onUnit);
    return () => {
      map.off('click', 'incidents-points', onIncident);
      map.off('click', 'units-points', onUnit);
      made.coverage.dispose();
      made.isochrone.dispose();
      made.routes.dispose();
      layers.current = undefined;
    };
  }, [map, select, store]);

  useEffect(() => {
    layers.current?.routes.showRoutes(
      [...routes].map(([dispatchId, r]) => ({ dispatchId, coordinates: r.geometry.coordinates })),
    );
  }, [map, routes]);

  useEffect(() => {
    if (!map) return;
    if (!coverage.on) {
      layers.current?.coverage.hide();
      return;
    }
    const controller = new AbortController();
    const load = () => {
      setCoverage((c) => ({ ...c, loading: true }));
      dispatcherApi
        .coverage(api, ['police', 'community'], controller.signal)
        .then((data) => {
          layers.current?.coverage.show(data);
          setCoverage((c) => ({ ...c, data, loading: false, error: undefined }));
        })
        .catch((error: unknown) => {
          if (controller.signal.aborted) return;
          setCoverage((c) => ({ ...c, loading: false, error: describeApiError(i18n, error) }));
        });
    };
    load();
    const timer = setInterval(load, LAYER_REFRESH_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [map, api, i18n, coverage.on]);

  useEffect(() => {
    if (!map) return;
    if (!isoUnitId) {
      layers.current?.isochrone.hide();
      setIsochrone({ on: false, loading: false });
      return;
    }
    const controller = new AbortController();
    setIsochrone({ on: true, loading: true });
    let framed = false;
    const load = () =>
      dispatcherApi
        .isochrone(api, isoUnitId, 300, controller.signal)
        .then((data) => {
          layers.current?.isochrone.show(data);
          // The first time, bring the whole reach into view.
          if (!framed && data.features.length > 0) {
            framed = true;
            map.fitBounds(boundsOf(data.features), { padding: 80, maxZoom: 16, duration: 400 });
          }
          setIsochrone({ on: true, loading: false, data });
        })
        .catch((error: unknown) => {
          if (controller.signal.aborted) return;
          layers.current?.isochrone.hide();
          setIsochrone({ on: true, loading: false, error: describeApiError(i18n, error) });
        });
    void load();
    const timer = setInterval(() => void load(), LAYER_REFRESH_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [map, api, i18n, isoUnitId]);

  const selectedLabel = selected
    ? (placeNameIn(selected.location, locale) ?? selected.location.address ?? selected.description)
    : undefined;

  const onCreated = (incident: Incident) => {
    setFormOpen(false);
    setSelectedId(incident.id);
  };

  return (
    <ConsoleLayout
      main={
        <CommandMap onReady={setMap}>
          <MapOverlays />
          <MapLayerControls
            coverage={coverage}
            onToggleCoverage={() => setCoverage((c) => ({ ...c, on: !c.on }))}
            isochrone={{
              ...isochrone,
              unitName: isoUnitId ? unitName(store, isoUnitId, locale) : undefined,
            }}
            onClearIsochrone={() => setIsoUnitId(undefined)}
          />
        </CommandMap>
      }
      side={
        <>
          <IncidentQueue
            incidents={queue}
            selectedId={selectedId}
            onSelect={select}
            onNew={openForm}
            categories={categories}
            arrivals={arrivals}
            unitsOf={(id) => liveUnits.get(id) ?? 0}
          />
          {formOpen && (
            <NewIncidentForm
              api={api}
              categories={categories}
              map={map}
              searchRef={searchRef}
              onCreated={onCreated}
              onClose={() => setFormOpen(false)}
            />
          )}
          {!formOpen && selectedId && (
            <IncidentPanel
              key={selectedId}
              api={api}
              incidentId={selectedId}
              categories={categories}
              arrivals={arrivals}
              routes={routes}
              onClose={() => setSelectedId(undefined)}
              onSelect={select}
              roles={account.roles}
            />
          )}
          {!formOpen && !selectedId && <p className="panel panel-hint">{t('dispatcher.hint')}</p>}
        </>
      }
      bottom={
        <div className="dispatcher-bottom">
          <UnitStatusBoard api={api} selectedUnitId={isoUnitId} onSelectUnit={setIsoUnitId} />
          <TalkGroupsPanel api={api} incidentId={selectedId} incidentLabel={selectedLabel} />
        </div>
      }
      sideLabel={t('dispatcher.title')}
    />
  );
}

/** [[west, south], [east, north]] of some road stretches. */
function boundsOf(
  features: readonly { geometry: { coordinates: [number, number][] } }[],
): [[number, number], [number, number]] {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const f of features) {
    for (const [lon, lat] of f.geometry.coordinates) {
      west = Math.min(west, lon);
      east = Math.max(east, lon);
      south = Math.min(south, lat);
      north = Math.max(north, lat);
    }
  }
  return [
    [west, south],
    [east, north],
  ];
}

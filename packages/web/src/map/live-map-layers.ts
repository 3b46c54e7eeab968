import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { LiveChange, LiveStore } from '../live/live-store.ts';
import {
  INCIDENTS_SOURCE,
  incidentFeatures,
  incidentLayers,
  incidentsSource,
} from './incident-layers.ts';
import { packedUnitsData, packUnits, unpackUnits } from './packed-units.ts';
import { unitLayers, unitsSource, UNITS_SOURCE } from './unit-layers.ts';
import { trailLayer, trailSource, TRAIL_SOURCE } from './unit-trail.ts';

export interface LiveMapLayersOptions {
  /**
   * The MapLibre workers unpack packed units (maplibre-setup.ts `workersUnpackUnits`): send a
   * transferable array per batch instead of GeoJSON objects. Without it the layer still works,
   * at several times the main-thread cost.
   */
  packedUnits: boolean;
}

/**
 * Draws the live store on a MapLibre map: units (clustered when zoomed out), open incidents
 * and the trail layer the hover controller fills. Each store batch becomes at most one
 * `setData` per source; units cross to the worker packed (packed-units.ts).
 */
export class LiveMapLayers {
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly map: MapLibreMap,
    private readonly store: LiveStore,
    private readonly options: LiveMapLayersOptions,
  ) {}

  /** Adds sources and layers (call once the style has loaded) and follows the store. */
  install(): void {
    const map = this.map;
    map.addSource(TRAIL_SOURCE, trailSource());
    map.addLayer(trailLayer());
    map.addSource(INCIDENTS_SOURCE, incidentsSource());
    for (const layer of incidentLayers()) map.addLayer(layer);
    map.addSource(UNITS_SOURCE, unitsSource(this.unitsData()));
    for (const layer of unitLayers()) map.addLayer(layer);
    this.drawIncidents();
    this.unsubscribe = this.store.subscribe((change) => this.apply(change));
  }

  /** One store batch onto the map: the hot path for positions. */
  apply(change: LiveChange): void {
    if (change.reset || change.movedCount > 0 || change.changedUnitRows.size > 0) {
      this.source(UNITS_SOURCE)?.setData(this.unitsData() as GeoJSON.GeoJSON);
    }
    if (change.reset || change.changedIncidentIds.size > 0) this.drawIncidents();
  }

  dispose(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private unitsData(): object {
    const packed = packUnits(this.store.units);
    return this.options.packedUnits ? packedUnitsData(packed) : unpackUnits(packed);
  }

  private drawIncidents(): void {
    this.source(INCIDENTS_SOURCE)?.setData(incidentFeatures(this.store.incidents.values()));
  }

  private source(id: string): GeoJSONSource | undefined {
    return this.map.getSource<GeoJSONSource>(id);
  }
}

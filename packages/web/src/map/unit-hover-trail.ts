import type { GeoJSONSource, Map as MapLibreMap, MapLayerMouseEvent } from 'maplibre-gl';
import type { ApiClient } from '../api/api-client.ts';
import { fetchUnitTrack } from '../api/unit-api.ts';
import type { LiveStore } from '../live/live-store.ts';
import { UnitLayerId, UNITS_SOURCE } from './unit-layers.ts';
import { NO_TRAIL, TRAIL_SOURCE, trailData } from './unit-trail.ts';

/** What the map tells its React host about the unit under the pointer. */
export interface HoveredUnit {
  row: number;
  unitId: string;
  /** Pointer position in the map container, px. */
  x: number;
  y: number;
  trail: 'loading' | 'shown' | 'none';
}

/** The pointer must rest this long on a unit before its track is read (each read is audited). */
export const TRAIL_HOVER_DELAY_MS = 400;
/** A track read is reused this long for the same unit. */
const TRAIL_CACHE_MS = 30_000;

/**
 * Hovering a unit: highlights its dot, reports it to the host (tooltip), and — after the
 * pointer rests — draws its trail from GET /api/v1/units/{id}/track. Moving off clears it.
 */
export class UnitHoverTrail {
  private hoveredRow: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private abort: AbortController | undefined;
  private readonly cache = new Map<string, { at: number; data: ReturnType<typeof trailData> }>();
  private readonly detach: () => void;

  constructor(
    private readonly map: MapLibreMap,
    private readonly store: LiveStore,
    private readonly api: ApiClient,
    private readonly onHover: (unit: HoveredUnit | undefined) => void,
  ) {
    const move = (event: MapLayerMouseEvent) => this.onMove(event);
    const leave = () => this.clear();
    map.on('mousemove', UnitLayerId.points, move);
    map.on('mouseleave', UnitLayerId.points, leave);
    this.detach = () => {
      map.off('mousemove', UnitLayerId.points, move);
      map.off('mouseleave', UnitLayerId.points, leave);
    };
  }

  dispose(): void {
    this.clear();
    this.detach();
  }

  private onMove(event: MapLayerMouseEvent): void {
    const feature = event.features?.[0];
    const row = typeof feature?.id === 'number' ? feature.id : undefined;
    if (row === undefined) return;
    const unitId = this.store.units.ids[row];
    if (unitId === undefined) return;
    this.map.getCanvas().style.cursor = 'pointer';
    if (row !== this.hoveredRow) {
      this.clear();
      this.hoveredRow = row;
      this.map.setFeatureState({ source: UNITS_SOURCE, id: row }, { hover: true });
      this.timer = setTimeout(() => void this.showTrail(row, unitId), TRAIL_HOVER_DELAY_MS);
    }
    this.onHover({ row, unitId, x: event.point.x, y: event.point.y, trail: 'none' });
  }

  private async showTrail(row: number, unitId: string): Promise<void> {
    const report = (trail: HoveredUnit['trail']) => {
      if (this.hoveredRow !== row) return;
      const point = this.map.project([this.store.units.lon[row], this.store.units.lat[row]]);
      this.onHover({ row, unitId, x: point.x, y: point.y, trail });
    };
    const current: [number, number] = [this.store.units.lon[row], this.store.units.lat[row]];
    const cached = this.cache.get(unitId);
    if (cached && Date.now() - cached.at < TRAIL_CACHE_MS) {
      this.setTrail(cached.data);
      report(cached.data === NO_TRAIL ? 'none' : 'shown');
      return;
    }
    report('loading');
    this.abort = new AbortController();
    try {
      const track = await fetchUnitTrack(this.api, unitId, {}, this.abort.signal);
      const data = trailData(track, current);
      this.cache.set(unitId, { at: Date.now(), data });
      if (this.hoveredRow !== row) return;
      this.setTrail(data);
      report(data === NO_TRAIL ? 'none' : 'shown');
    } catch {
      report('none');
    }
  }

  private clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.abort?.abort();
    this.abort = undefined;
    if (this.hoveredRow !== undefined && this.map.getSource(UNITS_SOURCE)) {
      this.map.setFeatureState({ source: UNITS_SOURCE, id: this.hoveredRow }, { hover: false });
    }
    this.hoveredRow = undefined;
    this.map.getCanvas().style.cursor = '';
    this.setTrail(NO_TRAIL);
    this.onHover(undefined);
  }

  private setTrail(data: ReturnType<typeof trailData>): void {
    this.map.getSource<GeoJSONSource>(TRAIL_SOURCE)?.setData(data as GeoJSON.GeoJSON);
  }
}

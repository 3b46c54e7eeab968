import type { LonLat } from '../geo/coordinates.ts';
import type { TravelTimes } from '../ports.ts';
import type { PositionLookup } from '../recommend/measure-reach.ts';
import type { Unit, UnitKind } from '../unit/unit.ts';
import { nearestUnits } from './nearest-units.ts';
import type { AreaShape } from './zone-geometry.ts';

/** One unit sent to cover one point of an area. */
export interface AreaCover {
  unitId: string;
  point: LonLat;
  etaSeconds: number;
}

const EARTH_METRES_PER_DEGREE = 111_320;

/**
 * Points that stand for an approximate area: the centre of each circle and points on its
 * rim, or the vertices of each ring and its mean. A unit at each is a search that covers it.
 */
export function areaSamplePoints(area: AreaShape, rimPoints = 4): LonLat[] {
  const points: LonLat[] = [];
  for (const { centre, radiusKm } of area.circles) {
    points.push(centre);
    const dLat = (radiusKm * 1000) / EARTH_METRES_PER_DEGREE;
    const dLon = dLat / Math.cos((centre.lat * Math.PI) / 180);
    for (let i = 0; i < rimPoints; i++) {
      const a = (2 * Math.PI * i) / rimPoints;
      points.push({ lon: centre.lon + dLon * Math.cos(a), lat: centre.lat + dLat * Math.sin(a) });
    }
  }
  for (const ring of area.polygons) {
    const open = ring.slice(0, -1);
    points.push({
      lon: open.reduce((s, p) => s + p.lon, 0) / open.length,
      lat: open.reduce((s, p) => s + p.lat, 0) / open.length,
    });
    points.push(...open);
  }
  return points;
}

/**
 * Units to cover an area by road time: for each sample point in turn, the nearest available
 * unit (of `kinds`) not already chosen, so the area is searched from every side at once
 * rather than by the few units nearest its centre.
 */
export function coverArea(
  area: AreaShape,
  units: readonly Unit[],
  positions: PositionLookup,
  travelTimes: TravelTimes,
  now: number,
  options: { kinds?: readonly UnitKind[]; limitSeconds?: number; staleAfterSeconds?: number } = {},
): AreaCover[] {
  const kinds = new Set<UnitKind>(options.kinds ?? ['police', 'community', 'grid']);
  const chosen = new Set<string>();
  const cover: AreaCover[] = [];
  for (const point of areaSamplePoints(area)) {
    const [first] = nearestUnits(
      point,
      units,
      (unit) => kinds.has(unit.kind) && unit.status === 'available' && !chosen.has(unit.id),
      positions,
      travelTimes,
      now,
      { staleAfterSeconds: options.staleAfterSeconds, limitSeconds: options.limitSeconds ?? 900 },
    );
    if (!first) continue;
    chosen.add(first.unit.id);
    cover.push({ unitId: first.unit.id, point, etaSeconds: first.etaSeconds });
  }
  return cover;
}

import type { LonLat } from '../geo/coordinates.ts';
import { haversineMetres } from '../geo/distance.ts';

/** A zone or alert area: polygons (closed lon/lat rings) and circles. */
export interface AreaShape {
  polygons: LonLat[][];
  circles: { centre: LonLat; radiusKm: number }[];
}

/** Ray casting on lon/lat: exact enough for city-sized rings far from the poles and the antimeridian. */
export function pointInRing(point: LonLat, ring: readonly LonLat[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if (a.lat > point.lat !== b.lat > point.lat) {
      const lonAt = ((b.lon - a.lon) * (point.lat - a.lat)) / (b.lat - a.lat) + a.lon;
      if (point.lon < lonAt) inside = !inside;
    }
  }
  return inside;
}

export function pointInArea(point: LonLat, area: AreaShape): boolean {
  return (
    area.polygons.some((ring) => pointInRing(point, ring)) ||
    area.circles.some(
      (c) => haversineMetres(point.lon, point.lat, c.centre.lon, c.centre.lat) <= c.radiusKm * 1000,
    )
  );
}

/** The point an area is placed at: the mean of its first ring's vertices, else its first circle's centre. */
export function areaCentre(area: AreaShape): LonLat | undefined {
  const ring = area.polygons[0];
  if (ring && ring.length > 1) {
    const open = ring.slice(0, -1);
    return {
      lon: open.reduce((s, p) => s + p.lon, 0) / open.length,
      lat: open.reduce((s, p) => s + p.lat, 0) / open.length,
    };
  }
  return area.circles[0]?.centre;
}

/** Problems of a closed ring given as data (rules, partner zones), by field. */
export function ringProblems(
  ring: unknown,
  field: string,
  add: (f: string, m: string) => void,
): void {
  if (!Array.isArray(ring) || ring.length < 4) {
    add(field, 'must be a closed ring of at least four points');
    return;
  }
  ring.forEach((p: unknown, i) => {
    const { lon, lat } = (typeof p === 'object' && p !== null ? p : {}) as Record<string, unknown>;
    if (typeof lon !== 'number' || !Number.isFinite(lon) || lon < -180 || lon > 180)
      add(`${field}[${i}].lon`, 'must be a longitude between -180 and 180');
    if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90)
      add(`${field}[${i}].lat`, 'must be a latitude between -90 and 90');
  });
  const first = ring[0] as LonLat;
  const last = ring[ring.length - 1] as LonLat;
  if (first?.lon !== last?.lon || first?.lat !== last?.lat) add(field, 'must end where it starts');
}

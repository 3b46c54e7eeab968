/** Small planar helpers on lon/lat rings: enough for city-sized polygons. */
import type { Position } from './layers.ts';

/** Twice the signed area (shoelace); positive for counter-clockwise rings in lon/lat. */
export function signedArea2(ring: readonly Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  }
  return sum;
}

/** Rewinds in place: outer rings counter-clockwise, holes clockwise (RFC 7946). */
export function orient(ring: Position[], outer: boolean): Position[] {
  const ccw = signedArea2(ring) > 0;
  if (ccw !== outer) ring.reverse();
  return ring;
}

export function pointInRing(point: Position, ring: readonly Position[]): boolean {
  const [x, y] = point;
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Mean of a ring's distinct vertices (or a line's points): a label position. */
export function centroidOf(points: readonly Position[]): Position | null {
  const n =
    points.length > 1 &&
    points[0][0] === points[points.length - 1][0] &&
    points[0][1] === points[points.length - 1][1]
      ? points.length - 1
      : points.length;
  if (n === 0) return null;
  let lon = 0;
  let lat = 0;
  for (let i = 0; i < n; i++) {
    lon += points[i][0];
    lat += points[i][1];
  }
  return [round(lon / n), round(lat / n)];
}

/** Six decimals: about 0.1 m, far below what a street map can show. */
export function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * Joins ways (lists of node ids) end to end into closed rings, reversing ways where needed.
 * Returns null when some way cannot be closed into a ring (a member missing from the extract,
 * or a broken relation): the caller skips the whole relation rather than draw a wrong shape.
 */
export function joinRings(ways: readonly (readonly number[])[]): number[][] | null {
  const rings: number[][] = [];
  const open: number[][] = [];
  for (const way of ways) {
    if (way.length < 2) continue;
    if (way.length >= 4 && way[0] === way[way.length - 1]) rings.push([...way]);
    else open.push([...way]);
  }
  const used = new Array<boolean>(open.length).fill(false);
  for (let start = 0; start < open.length; start++) {
    if (used[start]) continue;
    used[start] = true;
    const ring = [...open[start]];
    while (ring[0] !== ring[ring.length - 1]) {
      const end = ring[ring.length - 1];
      let found = false;
      for (let k = 0; k < open.length; k++) {
        if (used[k]) continue;
        const way = open[k];
        if (way[0] === end) ring.push(...way.slice(1));
        else if (way[way.length - 1] === end) ring.push(...[...way].reverse().slice(1));
        else continue;
        used[k] = true;
        found = true;
        break;
      }
      if (!found) return null;
    }
    if (ring.length < 4) return null;
    rings.push(ring);
  }
  return rings;
}

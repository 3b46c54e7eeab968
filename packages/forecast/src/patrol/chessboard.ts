import type { LonLatPair } from './road-network.ts';

/** One square of the chessboard: a unit's beat. */
export interface Zone {
  id: string;
  /** [west, south, east, north]. */
  bbox: [number, number, number, number];
  centre: LonLatPair;
}

/**
 * Chessboard deployment: the area cut into `count` equal squares-ish (rows × columns with
 * rows × columns ≥ count, as square as the box allows), one per unit, named like a board (A1…).
 * Squares beyond `count` are left out, the last row first.
 */
export function chessboardZones(bbox: [number, number, number, number], count: number): Zone[] {
  const [west, south, east, north] = bbox;
  const midLat = (south + north) / 2;
  const widthKm = (east - west) * 111.32 * Math.cos((midLat * Math.PI) / 180);
  const heightKm = (north - south) * 111.32;
  let columns = Math.max(1, Math.round(Math.sqrt((count * widthKm) / Math.max(heightKm, 1e-9))));
  columns = Math.min(columns, count);
  const rows = Math.ceil(count / columns);
  const zones: Zone[] = [];
  const dx = (east - west) / columns;
  const dy = (north - south) / rows;
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < columns && zones.length < count; c++) {
      const box: [number, number, number, number] = [
        west + c * dx,
        north - (r + 1) * dy,
        west + (c + 1) * dx,
        north - r * dy,
      ];
      zones.push({
        id: `${String.fromCharCode(65 + c)}${r + 1}`,
        bbox: box,
        centre: [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2],
      });
    }
  return zones;
}

export function inZone(zone: Zone, p: LonLatPair): boolean {
  const [w, s, e, n] = zone.bbox;
  return p[0] >= w && p[0] < e && p[1] >= s && p[1] < n;
}

import type { LonLat } from './coordinates.ts';

/** One web-mercator (XYZ) tile. */
export interface TileXyz {
  z: number;
  x: number;
  y: number;
}

const tileX = (lon: number, n: number) => Math.floor(((lon + 180) / 360) * n);
const tileY = (lat: number, n: number) => {
  const rad = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
};

/**
 * The XYZ tiles covering a square of `halfMetres` around a point at each zoom: what a phone
 * fetches ahead so its unit's area still draws without a connection.
 */
export function tilesAround(
  centre: LonLat,
  halfMetres: number,
  zooms: readonly number[],
): TileXyz[] {
  const dLat = halfMetres / 111_320;
  const dLon = halfMetres / (111_320 * Math.cos((centre.lat * Math.PI) / 180));
  const tiles: TileXyz[] = [];
  for (const z of zooms) {
    const n = 2 ** z;
    const clamp = (v: number) => Math.min(n - 1, Math.max(0, v));
    const [x0, x1] = [tileX(centre.lon - dLon, n), tileX(centre.lon + dLon, n)].map(clamp);
    // y grows southwards.
    const [y0, y1] = [tileY(centre.lat + dLat, n), tileY(centre.lat - dLat, n)].map(clamp);
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) tiles.push({ z, x, y });
  }
  return tiles;
}

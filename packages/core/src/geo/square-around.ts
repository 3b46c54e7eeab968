import type { LonLat } from './coordinates.ts';

/** A closed square ring of `halfMetres` around a point (zones and rule areas in demos and tests). */
export function squareAround(centre: LonLat, halfMetres: number): LonLat[] {
  const dLat = halfMetres / 111_320;
  const dLon = halfMetres / (111_320 * Math.cos((centre.lat * Math.PI) / 180));
  return [
    { lon: centre.lon - dLon, lat: centre.lat - dLat },
    { lon: centre.lon + dLon, lat: centre.lat - dLat },
    { lon: centre.lon + dLon, lat: centre.lat + dLat },
    { lon: centre.lon - dLon, lat: centre.lat + dLat },
    { lon: centre.lon - dLon, lat: centre.lat - dLat },
  ];
}

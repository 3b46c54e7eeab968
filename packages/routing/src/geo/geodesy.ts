/** Mean Earth radius (m), as used by OSRM and Turf for haversine distances. */
export const EARTH_RADIUS_M = 6371008.8;
const RAD = Math.PI / 180;

export function haversineMetres(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * A local equirectangular projection to metres around a city's centre. Over a city (tens of
 * km) its distance error stays well under 1 %, which is what snapping and indexing need, and it
 * costs two multiplications instead of trigonometry.
 */
export class LocalProjection {
  readonly kx: number;
  readonly ky: number;
  constructor(
    readonly lon0: number,
    readonly lat0: number,
  ) {
    this.ky = EARTH_RADIUS_M * RAD;
    this.kx = this.ky * Math.cos(lat0 * RAD);
  }
  x(lon: number): number {
    return (lon - this.lon0) * this.kx;
  }
  y(lat: number): number {
    return (lat - this.lat0) * this.ky;
  }
  lon(x: number): number {
    return x / this.kx + this.lon0;
  }
  lat(y: number): number {
    return y / this.ky + this.lat0;
  }
}

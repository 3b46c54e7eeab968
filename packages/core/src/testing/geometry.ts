import type { LonLat } from '../geo/coordinates.ts';

const RAD = Math.PI / 180;
const METRES_PER_DEGREE = 111_195;

/** 中央商场, 新街口, Nanjing: the demo city's centre. */
export const MALL: LonLat = { lon: 118.7837, lat: 32.0446 };

/** The point `east` and `north` metres from `origin`, so tests read as distances, not decimals. */
export function offset(east: number, north: number, origin: LonLat = MALL): LonLat {
  return {
    lon: origin.lon + east / (METRES_PER_DEGREE * Math.cos(origin.lat * RAD)),
    lat: origin.lat + north / METRES_PER_DEGREE,
  };
}

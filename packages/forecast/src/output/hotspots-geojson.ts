import type { HotspotForecast } from '../select/forecast-hotspots.ts';

export interface HotspotFeatureCollection {
  type: 'FeatureCollection';
  properties: {
    method: string;
    cellSizeFt: number;
    rotationDeg: number;
    /** ISO dates of the window [from, until). */
    from: string;
    until: string;
    category: string;
  };
  features: {
    type: 'Feature';
    geometry: { type: 'Polygon'; coordinates: [number, number][][] };
    properties: { rank: number; cell: number; score: number };
  }[];
}

const isoDay = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

/** The flagged cells, best first, as WGS84 polygons (`toLonLat` undoes the planar frame). */
export function hotspotsGeoJson(
  forecast: HotspotForecast,
  category: string,
  toLonLat: (x: number, y: number) => [number, number],
): HotspotFeatureCollection {
  const { config, grid } = forecast;
  return {
    type: 'FeatureCollection',
    properties: {
      method: config.method,
      cellSizeFt: config.grid.cellSize,
      rotationDeg: config.grid.rotationDeg,
      from: isoDay(forecast.from),
      until: isoDay(forecast.from + forecast.horizon),
      category,
    },
    features: forecast.flagged.map((cell, i) => ({
      type: 'Feature',
      geometry: {
        type: 'Polygon',
        coordinates: [grid.ring(cell).map(([x, y]) => toLonLat(x, y))],
      },
      properties: { rank: i + 1, cell, score: forecast.scores[cell] },
    })),
  };
}

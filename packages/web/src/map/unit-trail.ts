import type { GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl';
import type { UnitTrack } from '@jiefang/contract';
import { TRAIL_COLOUR } from './map-palette.ts';

export const TRAIL_SOURCE = 'unit-trail';
export const TRAIL_LAYER = 'unit-trail-line';

type TrailData =
  | { type: 'FeatureCollection'; features: [] }
  | {
      type: 'Feature';
      properties: { unitId: string };
      geometry: { type: 'LineString'; coordinates: [number, number][] };
    };

export const NO_TRAIL: TrailData = { type: 'FeatureCollection', features: [] };

/**
 * A unit's track as one line, oldest fix first, ending at `current` (where the live store
 * says the unit is now) so the line meets the dot. Fewer than two points draw nothing.
 */
export function trailData(track: UnitTrack, current?: [number, number]): TrailData {
  const coordinates = track.points
    .slice()
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((p) => [p.lon, p.lat] as [number, number]);
  if (current) {
    const last = coordinates[coordinates.length - 1];
    if (!last || last[0] !== current[0] || last[1] !== current[1]) coordinates.push(current);
  }
  if (coordinates.length < 2) return NO_TRAIL;
  return {
    type: 'Feature',
    properties: { unitId: track.unitId },
    geometry: { type: 'LineString', coordinates },
  };
}

export function trailSource(): GeoJSONSourceSpecification {
  return { type: 'geojson', data: NO_TRAIL, lineMetrics: true };
}

export function trailLayer(): LayerSpecification {
  return {
    id: TRAIL_LAYER,
    type: 'line',
    source: TRAIL_SOURCE,
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: {
      'line-width': 3,
      // Fades in from the oldest fix: the bright end is where the unit is now.
      'line-gradient': [
        'interpolate',
        ['linear'],
        ['line-progress'],
        0,
        'rgba(255,210,63,0.05)',
        1,
        TRAIL_COLOUR,
      ],
    },
  };
}

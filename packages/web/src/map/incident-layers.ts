import type {
  ExpressionSpecification,
  GeoJSONSourceSpecification,
  LayerSpecification,
} from 'maplibre-gl';
import type { Incident, Priority } from '@jiefang/contract';
import { PRIORITY_COLOURS, UNKNOWN_COLOUR } from './map-palette.ts';

export const INCIDENTS_SOURCE = 'incidents';

export const IncidentLayerId = {
  halo: 'incidents-halo',
  points: 'incidents-points',
} as const;

export interface IncidentFeature {
  type: 'Feature';
  id: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: { incidentId: string; priority: Priority; escalated: boolean };
}

/** Open incidents as GeoJSON points; the most urgent last, so drawn on top. */
export function incidentFeatures(incidents: Iterable<Incident>): {
  type: 'FeatureCollection';
  features: IncidentFeature[];
} {
  const open = [...incidents].filter((incident) => incident.status === 'open');
  open.sort((a, b) => b.priority - a.priority || a.receivedAt.localeCompare(b.receivedAt));
  return {
    type: 'FeatureCollection',
    features: open.map((incident, index) => ({
      type: 'Feature',
      id: index,
      geometry: { type: 'Point', coordinates: [incident.location.lon, incident.location.lat] },
      properties: {
        incidentId: incident.id,
        priority: incident.priority,
        escalated: incident.workflow.escalationLevel > 0,
      },
    })),
  };
}

const PRIORITY_COLOUR = [
  'match',
  ['get', 'priority'],
  1,
  PRIORITY_COLOURS[1],
  2,
  PRIORITY_COLOURS[2],
  3,
  PRIORITY_COLOURS[3],
  4,
  PRIORITY_COLOURS[4],
  UNKNOWN_COLOUR,
] as ExpressionSpecification;

export function incidentsSource(): GeoJSONSourceSpecification {
  return { type: 'geojson', data: { type: 'FeatureCollection', features: [] } };
}

export function incidentLayers(): LayerSpecification[] {
  return [
    {
      id: IncidentLayerId.halo,
      type: 'circle',
      source: INCIDENTS_SOURCE,
      paint: {
        'circle-color': PRIORITY_COLOUR,
        'circle-opacity': 0.22,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 12, 17, 26],
        'circle-blur': 0.4,
      },
    },
    {
      id: IncidentLayerId.points,
      type: 'circle',
      source: INCIDENTS_SOURCE,
      paint: {
        'circle-color': PRIORITY_COLOUR,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 6, 17, 11],
        'circle-stroke-color': ['case', ['get', 'escalated'], '#ffffff', '#0b0f14'],
        'circle-stroke-width': ['case', ['get', 'escalated'], 3, 2],
      },
    },
  ];
}

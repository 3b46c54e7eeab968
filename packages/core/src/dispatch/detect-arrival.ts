import type { LonLat } from '../geo/coordinates.ts';
import { haversineMetres } from '../geo/distance.ts';
import type { LastKnownPosition } from '../unit/unit.ts';
import type { DispatchCommand } from './decide-dispatch.ts';
import type { Dispatch } from './dispatch.ts';

export interface ArrivalOptions {
  /** A unit this close to the incident is on scene (default 50 m). */
  radiusMetres?: number;
  /** A fix vaguer than this proves nothing about arrival (default 50 m). */
  maxAccuracyM?: number;
}

/**
 * Responders forget to press "on scene"; the position stream does not. Returns the arrive
 * command to apply when a fresh, precise enough fix puts an accepted or travelling unit within
 * the radius of the incident, otherwise undefined.
 */
export function detectArrival(
  dispatch: Dispatch,
  incidentLocation: LonLat,
  position: LastKnownPosition,
  options: ArrivalOptions = {},
): DispatchCommand | undefined {
  if (dispatch.status !== 'accepted' && dispatch.status !== 'en_route') return undefined;
  if (position.accuracyM > (options.maxAccuracyM ?? 50)) return undefined;
  const metres = haversineMetres(
    position.lon,
    position.lat,
    incidentLocation.lon,
    incidentLocation.lat,
  );
  return metres <= (options.radiusMetres ?? 50)
    ? { type: 'arrive', source: 'position', distanceMetres: metres }
    : undefined;
}

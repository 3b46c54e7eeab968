import type { LonLat } from '../geo/coordinates.ts';
import { haversineMetres } from '../geo/distance.ts';
import { toMs } from '../shared/time.ts';
import type { Incident } from './incident.ts';

/** A stabbing in a mall brings ten calls in two minutes; they should become one incident, not ten. */
export interface DuplicateWindow {
  radiusMetres: number;
  minutes: number;
}

export const DEFAULT_DUPLICATE_WINDOW: DuplicateWindow = { radiusMetres: 200, minutes: 15 };

export interface DuplicateProbe {
  categoryCode: string;
  location: LonLat;
  /** Epoch ms the new call was received. */
  receivedAt: number;
}

/**
 * The open incident the new call most probably repeats: same category, within the radius and
 * the time window, nearest first. Points at the original, never at another duplicate, so
 * chains collapse onto one incident. Only a hint: the dispatcher confirms.
 */
export function findProbableDuplicate(
  probe: DuplicateProbe,
  incidents: readonly Incident[],
  window: DuplicateWindow = DEFAULT_DUPLICATE_WINDOW,
): string | undefined {
  const windowMs = window.minutes * 60_000;
  let best: Incident | undefined;
  let bestDistance = Infinity;
  for (const incident of incidents) {
    if (incident.status !== 'open' || incident.categoryCode !== probe.categoryCode) continue;
    const gap = Math.abs(probe.receivedAt - toMs(incident.receivedAt));
    if (gap > windowMs) continue;
    const distance = haversineMetres(
      probe.location.lon,
      probe.location.lat,
      incident.location.lon,
      incident.location.lat,
    );
    if (distance <= window.radiusMetres && distance < bestDistance) {
      best = incident;
      bestDistance = distance;
    }
  }
  return best ? (best.probableDuplicateOf ?? best.id) : undefined;
}

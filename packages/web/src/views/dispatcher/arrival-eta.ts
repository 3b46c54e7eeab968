import type { Dispatch } from '@jiefang/contract';
import { CANCELLABLE_DISPATCH_STATUSES } from '@jiefang/core';

/**
 * Dispatch statuses in which the unit has yet to reach the scene: core's cancellable ones (a
 * dispatch can be stood down exactly until it is on scene).
 */
export const TRAVELLING: ReadonlySet<string> = new Set(CANCELLABLE_DISPATCH_STATUSES);

/** What GET /api/v1/dispatches/{id}/route answered, and when the console asked. */
export interface RouteReading {
  seconds: number;
  metres: number;
  geometry: { type: 'LineString'; coordinates: [number, number][] };
  /** Epoch ms the answer arrived. */
  readAt: number;
}

export interface ArrivalEstimate {
  /** Epoch ms the unit is expected on scene. */
  dueAt: number;
  /** 'route': from the unit's live position; 'promised': the ETA promised at dispatch. */
  basis: 'route' | 'promised';
}

/**
 * When a travelling unit should be on scene. A route read from its live position is the best
 * knowledge; before the responder pressed 出发 the turnout still to spend is added (a car
 * standing at its post has not started driving). Without a route, the ETA the recommendation
 * promised counts from the moment the unit was notified. Undefined once it is on scene or when
 * nothing is known.
 */
export function arrivalEstimate(
  dispatch: Pick<Dispatch, 'status' | 'times' | 'etaSeconds'>,
  route: RouteReading | undefined,
  turnoutSeconds: number,
): ArrivalEstimate | undefined {
  if (!TRAVELLING.has(dispatch.status)) return undefined;
  const notifiedAt = dispatch.times.notified ? Date.parse(dispatch.times.notified) : NaN;
  if (route) {
    const departed = dispatch.status === 'en_route';
    const turnoutLeftMs =
      departed || Number.isNaN(notifiedAt)
        ? 0
        : Math.max(0, notifiedAt + turnoutSeconds * 1000 - route.readAt);
    return { dueAt: route.readAt + route.seconds * 1000 + turnoutLeftMs, basis: 'route' };
  }
  if (dispatch.etaSeconds === undefined || Number.isNaN(notifiedAt)) return undefined;
  return { dueAt: notifiedAt + dispatch.etaSeconds * 1000, basis: 'promised' };
}

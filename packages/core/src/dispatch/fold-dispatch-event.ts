import type { IncidentEventLike } from '../incident/fold-incident-event.ts';
import { DISPATCH_STATUSES, type Dispatch, type DispatchStatus } from './dispatch.ts';

const PREFIX = 'dispatch.';

function statusOf(type: string): DispatchStatus | undefined {
  const status = type.slice(PREFIX.length);
  return type.startsWith(PREFIX) ? DISPATCH_STATUSES.find((s) => s === status) : undefined;
}

/**
 * A dispatch's view after one of its events: the state decideDispatch produced when it raised
 * the event, rebuilt from the event alone (the server's day statistics and the browser's live
 * store both follow the stream with it; fold-dispatch-event.test.ts replays decisions).
 * Unknown event types leave the dispatch as it was.
 */
export function foldDispatchEvent<D extends Dispatch>(
  dispatch: D | undefined,
  event: IncidentEventLike & { at?: string },
): D | undefined {
  if (event.type === 'dispatch.created') return { ...(event.payload as D) };
  const status = statusOf(event.type);
  if (!dispatch || status === undefined) return dispatch;
  const payload = (event.payload ?? {}) as Record<string, unknown>;
  const at = typeof payload.at === 'string' ? payload.at : event.at;
  const next: D = { ...dispatch, status, times: { ...dispatch.times, [status]: at } };
  const reason = typeof payload.reason === 'string' ? payload.reason : undefined;
  if (status === 'declined' && reason !== undefined) next.declineReason = reason;
  if (status === 'cancelled' && reason !== undefined) next.cancelReason = reason;
  if (status === 'on_scene') {
    if (payload.source === 'manual' || payload.source === 'position')
      next.arrivalSource = payload.source;
    if (typeof payload.distanceMetres === 'number')
      next.arrivalDistanceMetres = payload.distanceMetres;
  }
  return next;
}

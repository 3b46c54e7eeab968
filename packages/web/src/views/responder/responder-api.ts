import type { ApiClient } from '../../api/api-client.ts';
import type { Dispatch, DispatchRoute, Incident, UnitView } from '@jiefang/contract';

export type { DispatchRoute } from '@jiefang/contract';

/** The responder's buttons, as the server's transition routes name them. */
export type DispatchVerb = 'deliver' | 'accept' | 'decline' | 'depart' | 'arrive' | 'clear';

export interface PositionFix {
  unitId: string;
  lon: number;
  lat: number;
  /** Epoch milliseconds of the fix. */
  at: number;
  accuracyM: number;
}

export interface PositionAnswer {
  accepted: number;
  rejected: { index: number; code: string; field: string; message: string }[];
}

const enc = encodeURIComponent;

export function fetchUnit(api: ApiClient, unitId: string): Promise<UnitView> {
  return api.get<UnitView>(`/api/v1/units/${enc(unitId)}`);
}

export function fetchDispatch(api: ApiClient, dispatchId: string): Promise<Dispatch> {
  return api.get<Dispatch>(`/api/v1/dispatches/${enc(dispatchId)}`);
}

export function fetchIncident(api: ApiClient, incidentId: string): Promise<Incident> {
  return api.get<Incident>(`/api/v1/incidents/${enc(incidentId)}`);
}

export function fetchDispatchRoute(api: ApiClient, dispatchId: string): Promise<DispatchRoute> {
  return api.get<DispatchRoute>(`/api/v1/dispatches/${enc(dispatchId)}/route`);
}

/**
 * One of the responder's buttons. Sent once (never retried blindly: a repeated accept after a
 * lost answer is answered 409 and the re-fetch shows the truth).
 */
export function transitionDispatch(
  api: ApiClient,
  dispatchId: string,
  verb: DispatchVerb,
  body?: { reason?: string; outcome?: string },
): Promise<Dispatch> {
  return api.post<Dispatch>(...transitionPath(dispatchId, verb, body));
}

/** The path and body of one of the responder's buttons (sent now, or queued in the outbox). */
export function transitionPath(
  dispatchId: string,
  verb: DispatchVerb,
  body?: { reason?: string; outcome?: string },
): [path: string, body: { reason?: string; outcome?: string } | undefined] {
  const needsBody = verb === 'decline' || verb === 'clear';
  return [`/api/v1/dispatches/${enc(dispatchId)}/${verb}`, needsBody ? (body ?? {}) : undefined];
}

/** POST /api/v1/positions with one fix of the responder's own unit. */
export function reportPosition(api: ApiClient, fix: PositionFix): Promise<PositionAnswer> {
  return api.post<PositionAnswer>('/api/v1/positions', [fix]);
}

/** The path and body of a note from the phone on its unit's job (sent now, or queued). */
export function notePath(
  incidentId: string,
  unitId: string,
  text: string,
): [path: string, body: { text: string; unitId: string }] {
  return [`/api/v1/incidents/${enc(incidentId)}/notes`, { text, unitId }];
}

import type { Action } from '../access/permissions.ts';

/**
 * The permission a stage move needs: leaving the supervise stage is the supervisor's sign-off
 * (incident.supervise), every other move is ordinary incident work (incident.update).
 */
export function stageMoveAction(from: string): Action {
  return from === 'supervise' ? 'incident.supervise' : 'incident.update';
}

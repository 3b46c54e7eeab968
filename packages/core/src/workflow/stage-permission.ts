import { PERMISSIONS, type Action, type Role } from '../access/permissions.ts';

/**
 * The permission a stage move needs: leaving the supervise stage is the supervisor's sign-off
 * (incident.supervise), every other move is ordinary incident work (incident.update).
 */
export function stageMoveAction(from: string): Action {
  return from === 'supervise' ? 'incident.supervise' : 'incident.update';
}

/**
 * Whether any of these roles grants the stage move from `from` at all: the console hides the
 * moves a user could never make (the server still checks scope on every one).
 */
export function rolesMayMoveFrom(roles: readonly Role[], from: string): boolean {
  const action = stageMoveAction(from);
  return roles.some((role) => PERMISSIONS[role]?.[action] !== undefined);
}

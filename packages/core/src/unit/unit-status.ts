import { illegalTransition } from '../errors.ts';
import type { UnitStatus } from './unit.ts';

/**
 * Allowed moves. A busy unit cannot go off duty (it finishes or is released first) but can go
 * out of service (the car breaks down, an officer is hurt). Release back to available covers
 * decline, timeout, cancel and clear alike.
 */
export const UNIT_TRANSITIONS: Readonly<Record<UnitStatus, readonly UnitStatus[]>> = {
  available: ['notified', 'off_duty', 'out_of_service'],
  notified: ['en_route', 'available', 'out_of_service'],
  en_route: ['on_scene', 'available', 'out_of_service'],
  on_scene: ['available', 'out_of_service'],
  off_duty: ['available', 'out_of_service'],
  out_of_service: ['available', 'off_duty'],
};

export function canChangeUnitStatus(from: UnitStatus, to: UnitStatus): boolean {
  return UNIT_TRANSITIONS[from]?.includes(to) ?? false;
}

/** Returns `to`, or throws ERR_ILLEGAL_TRANSITION naming both ends. */
export function changeUnitStatus(from: UnitStatus, to: UnitStatus): UnitStatus {
  if (!canChangeUnitStatus(from, to)) throw illegalTransition('unit', from, to);
  return to;
}

import type { UnitKind, UnitStatus } from '@jiefang/contract';

/**
 * Small integer codes for unit kind and status, so the unit table stores them in typed arrays
 * and the map looks colours up by number. The order is fixed: codes never change meaning.
 */
export const UNIT_KINDS: readonly UnitKind[] = [
  'police',
  'community',
  'grid',
  'special',
  'department',
];

export const UNIT_STATUSES: readonly UnitStatus[] = [
  'available',
  'notified',
  'en_route',
  'on_scene',
  'off_duty',
  'out_of_service',
];

/** Code of a kind the console does not know yet (a newer server): drawn neutral. */
export const UNKNOWN_CODE = 255;

const KIND_CODES = new Map<string, number>(UNIT_KINDS.map((k, i) => [k, i]));
const STATUS_CODES = new Map<string, number>(UNIT_STATUSES.map((s, i) => [s, i]));

export function kindCode(kind: string): number {
  return KIND_CODES.get(kind) ?? UNKNOWN_CODE;
}

export function statusCode(status: string): number {
  return STATUS_CODES.get(status) ?? UNKNOWN_CODE;
}

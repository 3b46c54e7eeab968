import { UNIT_KINDS, UNIT_STATUSES } from '@jiefang/core';

/**
 * Small integer codes for unit kind and status (the index in core's lists), so the unit table
 * stores them in typed arrays and the map looks colours up by number. Codes live only in one
 * browser session, so a list that grows in a newer release changes nothing already drawn.
 */
export { UNIT_KINDS, UNIT_STATUSES };

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

/**
 * Aggregate state and event payloads carry ISO 8601 strings (they are the audit trail and
 * must read well); arithmetic happens on epoch milliseconds. These two helpers are the only
 * conversions, so a malformed time fails in one place.
 */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

export function toMs(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 time: ${iso}`);
  return ms;
}

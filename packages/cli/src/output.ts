/** Prints either the human text or the JSON document: scripts use --json, people read text. */
export function emit(json: boolean, data: unknown, human: () => string): void {
  if (json) process.stdout.write(`${JSON.stringify(data, jsonNumbers)}\n`);
  else process.stdout.write(`${human()}\n`);
}

/** Infinity (unreachable) becomes null, which JSON can say. */
function jsonNumbers(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  if (value instanceof Float64Array)
    return Array.from(value, (v) => (Number.isFinite(v) ? v : null));
  return value;
}

export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'unreachable';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${(seconds % 60).toFixed(0)} s`;
}

export function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

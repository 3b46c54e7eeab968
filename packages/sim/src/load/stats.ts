import { latencyPercentile } from '@jiefang/core/latency-percentiles';

/** Latency samples and the counters of a load run. */
export class Samples {
  private readonly values: number[] = [];

  add(ms: number): void {
    this.values.push(ms);
  }

  get count(): number {
    return this.values.length;
  }

  /** Nearest-rank percentile, in ms with 0.1 ms resolution; null without samples. */
  percentile(p: number): number | null {
    if (this.values.length === 0) return null;
    return Math.round(latencyPercentile(this.values, p) * 10) / 10;
  }

  /** The largest samples with their position in the run (to tell a cold start from a stall). */
  worst(n: number): string {
    return this.values
      .map((v, i) => [v, i] as const)
      .sort((a, b) => b[0] - a[0])
      .slice(0, n)
      .map(([v, i]) => `#${i}: ${Math.round(v)} ms`)
      .join(', ');
  }

  summary(): { p50: number | null; p99: number | null } {
    return { p50: this.percentile(0.5), p99: this.percentile(0.99) };
  }
}

/** An ErrorLog as it crosses from a device process to the parent. */
export interface ErrorSnapshot {
  byKind: [string, number][];
  examples: string[];
}

const EXAMPLES = 20;

/** Errors by kind, so a failed run says what failed (the total is what the JSON line reports). */
export class ErrorLog {
  readonly byKind = new Map<string, number>();
  private readonly examples: string[] = [];

  add(kind: string, detail?: string): void {
    this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + 1);
    if (detail !== undefined && this.examples.length < EXAMPLES)
      this.examples.push(`${kind}: ${detail}`);
  }

  snapshot(): ErrorSnapshot {
    return { byKind: [...this.byKind], examples: [...this.examples] };
  }

  /** Adds another process's errors; its examples are labelled with where they came from. */
  absorb(snapshot: ErrorSnapshot, source: string): void {
    for (const [kind, n] of snapshot.byKind)
      this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + n);
    for (const example of snapshot.examples) {
      if (this.examples.length >= EXAMPLES) break;
      this.examples.push(`${source}: ${example}`);
    }
  }

  get total(): number {
    let sum = 0;
    for (const n of this.byKind.values()) sum += n;
    return sum;
  }

  describe(): string {
    if (this.total === 0) return 'no errors';
    return [
      [...this.byKind].map(([k, n]) => `${k} ${n}`).join(', '),
      ...this.examples.map((e) => `  ${e}`),
    ].join('\n');
  }
}

/** A minimal JSON-over-HTTP client for the API (keep-alive, bearer token). */
export async function apiCall(
  base: string,
  token: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: response.status, json };
}

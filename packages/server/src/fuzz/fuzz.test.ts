import { describe, expect, it } from 'vitest';
import { runFuzz } from './run-fuzz.ts';

/** A few thousand generated requests in CI; `npm run fuzz -- --requests 100000` runs the long one. */
describe('fuzzing the API (from its OpenAPI document) and the live socket', () => {
  it('answers every request below 500 with a documented error body, and never crashes', async () => {
    const summary = await runFuzz({
      requests: Number(process.env.JIEFANG_FUZZ_REQUESTS ?? 3000),
      seed: Number(process.env.JIEFANG_FUZZ_SEED ?? 1),
    });
    console.log(`[fuzz] ${JSON.stringify({ ...summary, findings: summary.findings.length })}`);
    expect(summary.findings).toEqual([]);
    expect(summary.status_5xx).toBe(0);
    expect(summary.crashes).toBe(0);
    expect(summary.undocumented_error_bodies).toBe(0);
    expect(summary.idempotency_violations).toBe(0);
    // Keys were reused after a success (and each such reuse was refused, or it is a violation).
    expect(summary.idempotency_probes).toBeGreaterThan(0);
    expect(summary.socket.unexpected_closes).toBe(0);
    // The run reached handlers, not only the validators.
    expect(summary.by_status['200'] ?? 0).toBeGreaterThan(0);
    expect(summary.socket.replies).toBeGreaterThan(0);
  }, 900_000);
});

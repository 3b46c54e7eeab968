import { build, type Histogram } from 'hdr-histogram-js';

// Latencies are recorded as whole microseconds: HDR histograms count integers, and a
// microsecond is finer than anything a benchmark on a shared machine can tell apart.
const MICROS_PER_MS = 1000;

/**
 * The one way benchmarks and load runs turn latency samples (ms) into percentiles: an HDR
 * histogram (hdr-histogram-js, 3 significant digits, so a reported value is within 0.1 % of a
 * recorded one) queried by nearest rank, so every bench rounds ranks the same way.
 */
export class LatencyPercentiles {
  private readonly histogram: Histogram = build({ numberOfSignificantValueDigits: 3 });

  /** Records one sample in ms; a negative or non-finite sample is a bug in the caller. */
  record(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`latency sample ${ms} ms`);
    this.histogram.recordValue(Math.round(ms * MICROS_PER_MS));
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  /** The sample at quantile `q` (0–1) by nearest rank, in ms; null without samples. */
  at(q: number): number | null {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile ${q} is outside 0..1`);
    if (this.count === 0) return null;
    // The histogram returns the largest value equivalent to the bucket holding the rank;
    // capping it by the largest recorded value keeps p100 equal to the slowest sample.
    const micros = Math.min(this.histogram.getValueAtPercentile(q * 100), this.histogram.maxValue);
    return micros / MICROS_PER_MS;
  }
}

/** Percentile `q` (0–1) of `samplesMs`, through {@link LatencyPercentiles}; NaN without samples. */
export function latencyPercentile(samplesMs: Iterable<number>, q: number): number {
  const percentiles = new LatencyPercentiles();
  for (const ms of samplesMs) percentiles.record(ms);
  return percentiles.at(q) ?? Number.NaN;
}

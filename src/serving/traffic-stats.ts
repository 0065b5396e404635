import type { EndpointMetricPoint } from '../contract/index.js';

/** Seconds per bucket, and buckets kept: the last ten minutes. */
export const BUCKET_SECONDS = 5;
const BUCKETS = 120;
/** Latency histogram: log-spaced bins from 10 µs to ~100 s, 12 per decade (percentiles within ~10%). */
const BINS = 84;
const MIN_MS = 0.01;
const PER_DECADE = 12;

interface Bucket {
  start: number;
  invocations: number;
  errors: number;
  readonly histogram: Uint32Array;
}

/**
 * A variant's recent traffic in fixed time buckets: counts, errors and a latency histogram each, so
 * recording a request is a few increments and percentiles need no stored samples.
 */
export class TrafficStats {
  private readonly buckets: Bucket[] = Array.from({ length: BUCKETS }, () => ({
    start: -1,
    invocations: 0,
    errors: 0,
    histogram: new Uint32Array(BINS),
  }));

  record(latencyMs: number, ok: boolean, now = Date.now()): void {
    const b = this.bucket(now);
    b.invocations++;
    if (!ok) b.errors++;
    const bin = Math.min(
      BINS - 1,
      Math.max(0, Math.floor(Math.log10(Math.max(latencyMs, MIN_MS) / MIN_MS) * PER_DECADE)),
    );
    b.histogram[bin] = b.histogram[bin]! + 1;
  }

  /** The buckets of the last `seconds`, oldest first, empty ones included. */
  points(seconds: number, now = Date.now()): EndpointMetricPoint[] {
    const size = BUCKET_SECONDS * 1000;
    const last = Math.floor(now / size) * size;
    const count = Math.min(BUCKETS, Math.ceil(seconds / BUCKET_SECONDS));
    const out: EndpointMetricPoint[] = [];
    for (let t = last - (count - 1) * size; t <= last; t += size) {
      const b = this.buckets[(t / size) % BUCKETS]!;
      const live = b.start === t;
      out.push({
        t,
        invocations: live ? b.invocations : 0,
        errors: live ? b.errors : 0,
        p50: live ? percentile(b, 0.5) : null,
        p95: live ? percentile(b, 0.95) : null,
        p99: live ? percentile(b, 0.99) : null,
      });
    }
    return out;
  }

  private bucket(now: number): Bucket {
    const size = BUCKET_SECONDS * 1000;
    const start = Math.floor(now / size) * size;
    const b = this.buckets[(start / size) % BUCKETS]!;
    if (b.start !== start) {
      b.start = start;
      b.invocations = 0;
      b.errors = 0;
      b.histogram.fill(0);
    }
    return b;
  }
}

/** The upper edge of the bin holding the q-th request (ms), rounded to 3 significant digits. */
function percentile(b: Bucket, q: number): number | null {
  if (b.invocations === 0) return null;
  const rank = Math.ceil(q * b.invocations);
  let seen = 0;
  for (let i = 0; i < BINS; i++) {
    seen += b.histogram[i]!;
    if (seen >= rank) return Number((MIN_MS * 10 ** ((i + 1) / PER_DECADE)).toPrecision(3));
  }
  return null;
}

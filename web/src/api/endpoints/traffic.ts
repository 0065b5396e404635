/**
 * An endpoint's traffic metrics as chart series: requests per second, latency percentiles and
 * errors, one series per variant (three per variant for latency). No React here.
 */
import type { EndpointMetrics } from '../../../../src/contract/index.js';

export interface TimeSeries {
  readonly name: string;
  /** [epoch ms, value]; null where a bucket had no requests (a gap in a latency curve). */
  readonly points: readonly (readonly [number, number | null])[];
}

export interface TrafficSeries {
  readonly requests: TimeSeries[];
  readonly latency: TimeSeries[];
  readonly errors: TimeSeries[];
}

/** How far back the endpoint page looks. */
export const TRAFFIC_WINDOW_SECONDS = 300;

const PERCENTILES = ['p50', 'p95', 'p99'] as const;

/** One curve per variant; for latency three, named by percentile alone when there is one variant. */
export function trafficSeries(m: EndpointMetrics): TrafficSeries {
  const one = m.variants.length === 1;
  return {
    requests: m.variants.map((v) => ({
      name: v.name,
      points: v.points.map((p) => [p.t, p.invocations / m.bucketSeconds] as const),
    })),
    latency: m.variants.flatMap((v) =>
      PERCENTILES.map((q) => ({
        name: one ? q : `${v.name} ${q}`,
        points: v.points.map((p) => [p.t, p[q]] as const),
      })),
    ),
    errors: m.variants.map((v) => ({
      name: v.name,
      points: v.points.map((p) => [p.t, p.errors] as const),
    })),
  };
}

export interface VariantTraffic {
  readonly name: string;
  readonly invocations: number;
  readonly errors: number;
  /** The worst p95 of the window's buckets, null without requests. */
  readonly p95: number | null;
}

/** Totals over the window, per variant: the numbers behind the charts, as text. */
export function trafficTotals(m: EndpointMetrics): VariantTraffic[] {
  return m.variants.map((v) => {
    const p95s = v.points.flatMap((p) => (p.p95 === null ? [] : [p.p95]));
    return {
      name: v.name,
      invocations: v.points.reduce((s, p) => s + p.invocations, 0),
      errors: v.points.reduce((s, p) => s + p.errors, 0),
      p95: p95s.length > 0 ? Math.max(...p95s) : null,
    };
  });
}

const counted = (n: number, what: string) => `${n.toLocaleString()} ${what}${n === 1 ? '' : 's'}`;

/** `12 requests, 1 error, p95 up to 3.4 ms`: a variant's totals in words. */
export function describeTraffic(t: VariantTraffic): string {
  const p95 = t.p95 === null ? '' : `, p95 up to ${t.p95.toFixed(1)} ms`;
  return `${counted(t.invocations, 'request')}, ${counted(t.errors, 'error')}${p95}`;
}

/** The part of autocannon's programmatic API the benchmarks use (the package ships no types). */
declare module 'autocannon' {
  export interface Options {
    readonly url: string;
    readonly connections?: number;
    /** Seconds. */
    readonly duration?: number;
    /** Requests per second across all connections. */
    readonly overallRate?: number;
    readonly method?: string;
    readonly headers?: Record<string, string>;
    readonly body?: string;
  }

  /** A histogram summary; latency values are milliseconds. */
  export interface Histogram {
    readonly average: number;
    readonly max: number;
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly p99_9: number;
    readonly total: number;
  }

  export interface Result {
    readonly latency: Histogram;
    readonly requests: Histogram;
    readonly duration: number;
    readonly errors: number;
    readonly timeouts: number;
    readonly non2xx: number;
    readonly totalCompletedRequests: number;
  }

  export default function autocannon(options: Options): Promise<Result>;
}

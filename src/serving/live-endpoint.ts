import type { Autoscaler } from './autoscaler.js';
import type { CaptureWriter } from './data-capture.js';
import type { Invocation } from './endpoint-service.js';
import type { InvokeResult, VariantHost } from './variant-host.js';

/** An endpoint this process serves: its variants' hosts and their traffic weights. */
export interface LiveEndpoint {
  readonly config: string;
  readonly hosts: VariantHost[];
  readonly weights: number[];
  /** Get a copy of every request; their answers are only captured. */
  readonly shadows: VariantHost[];
  readonly capture?: CaptureWriter;
  readonly scalers: Autoscaler[];
}

/** Stops a live endpoint's workers (after draining) and writes what its capture still holds. */
export async function retire(live: LiveEndpoint, drainMs?: number): Promise<void> {
  await Promise.all([...live.hosts, ...live.shadows].map((h) => h.stop(drainMs)));
  await live.capture?.close();
}

/** Invokes a variant and records the request's latency and outcome in its traffic stats. */
export async function timed(
  host: VariantHost,
  req: Invocation,
  target?: { readonly artifactPath: string; readonly classes: readonly string[] },
): Promise<InvokeResult> {
  const start = performance.now();
  let ok = false;
  try {
    const result = await host.invoke(req.contentType, req.accept, req.body, target);
    ok = true;
    return result;
  } finally {
    host.stats.record(performance.now() - start, ok);
  }
}

export function pickByWeight(live: LiveEndpoint): VariantHost | undefined {
  const total = live.weights.reduce((a, b) => a + b, 0);
  let r = Math.random() * total;
  for (let i = 0; i < live.hosts.length; i++) {
    r -= live.weights[i]!;
    if (r < 0) return live.hosts[i];
  }
  return live.hosts.find((_, i) => live.weights[i]! > 0);
}

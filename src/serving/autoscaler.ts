import type { Variant } from '../contract/index.js';
import type { VariantHost } from './variant-host.js';

export type ScalingPolicy = NonNullable<Variant['autoScaling']>;

/** How often the scalers look at their variants. */
export const SCALER_TICK_MS = 200;

/**
 * Target tracking, as SageMaker's autoscaling does with InvocationsPerInstance: the requests in
 * flight (smoothed over about a second) divided by the target per worker is the worker count wanted,
 * within [minWorkers, maxWorkers]. Scaling out waits scaleOutCooldown after the last change, scaling
 * in scaleInCooldown, and goes one worker at a time so a lull does not empty the variant.
 */
export class Autoscaler {
  private average = 0;
  private lastChange = Date.now();
  private busy = false;

  constructor(
    private readonly host: VariantHost,
    private readonly policy: ScalingPolicy,
  ) {}

  tick(now = Date.now()): void {
    this.average = 0.8 * this.average + 0.2 * this.host.inFlight;
    if (this.busy) return;
    const p = this.policy;
    const current = this.host.workers;
    const target = p.targetInFlightPerWorker ?? 2;
    const wanted = Math.min(p.maxWorkers, Math.max(p.minWorkers, Math.ceil(this.average / target)));
    const since = now - this.lastChange;
    let next = current;
    if (wanted > current && since >= (p.scaleOutCooldownSeconds ?? 5) * 1000) next = wanted;
    else if (wanted < current && since >= (p.scaleInCooldownSeconds ?? 60) * 1000) next = current - 1;
    if (next === current) return;
    this.busy = true;
    this.lastChange = now;
    void this.host.scaleTo(next).finally(() => {
      this.busy = false;
      this.lastChange = Date.now();
    });
  }
}

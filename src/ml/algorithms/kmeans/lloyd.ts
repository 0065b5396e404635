import { averageCenters, relocateEmptyClusters } from './center-update.js';
import { assignNearest, exactInertia } from './nearest-center.js';

/** What one k-means run (Lloyd, Elkan or mini-batch) needs beyond the data and the initial centres. */
export interface RunOptions {
  readonly maxIterations: number;
  /** Absolute tolerance on Σ ||centre shift||² (the caller scales the user's relative `tol`). */
  readonly tolerance: number;
  readonly weights?: Float64Array;
  /** Awaited between iterations (yields to the event loop, throws when cancelled). */
  readonly checkpoint: () => Promise<void>;
  /** Inertia of each iteration's assignment (to the centres the iteration started from). */
  readonly onIteration?: (iteration: number, inertia: number) => void;
}

export interface RunResult {
  /** k × d, in the shifted coordinates the run worked in. */
  readonly centers: Float64Array;
  readonly labels: Int32Array;
  readonly inertia: number;
  readonly iterations: number;
}

/**
 * Lloyd's algorithm, step for step as scikit-learn's _kmeans_single_lloyd: assign, update (with
 * empty-cluster relocation); stop when no label changed or the centres moved less than the
 * tolerance; if stopped by the tolerance, assign once more so labels match the final centres.
 */
export async function lloyd(
  x: Float64Array,
  n: number,
  d: number,
  shift: Float64Array,
  xNorms: Float64Array,
  init: Float64Array,
  k: number,
  options: RunOptions,
): Promise<RunResult> {
  const { weights } = options;
  let centers = init.slice();
  let next = new Float64Array(k * d);
  const clusterWeights = new Float64Array(k);
  const shifts = new Float64Array(k);
  const labels = new Int32Array(n).fill(-1);
  let strict = false;
  let iteration = 0;
  while (iteration < options.maxIterations) {
    await options.checkpoint();
    iteration++;
    const { inertia, changed } = assignNearest(x, n, d, shift, xNorms, centers, k, labels, {
      weights,
      sums: next,
      clusterWeights,
    });
    relocateEmptyClusters(x, n, d, shift, labels, weights, centers, next, clusterWeights);
    const moved = averageCenters(next, clusterWeights, centers, k, d, shifts);
    options.onIteration?.(iteration, inertia);
    [centers, next] = [next, centers];
    if (changed === 0) {
      strict = true;
      break;
    }
    if (moved <= options.tolerance) break;
  }
  if (!strict) assignNearest(x, n, d, shift, xNorms, centers, k, labels);
  return {
    centers,
    labels,
    inertia: exactInertia(x, n, d, shift, centers, labels, weights),
    iterations: iteration,
  };
}

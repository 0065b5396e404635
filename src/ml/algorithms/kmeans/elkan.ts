import { accumulateClusters, averageCenters, relocateEmptyClusters } from './center-update.js';
import type { RunOptions, RunResult } from './lloyd.js';
import { exactInertia } from './nearest-center.js';

/**
 * Elkan's k-means (2003), step for step as scikit-learn's _kmeans_single_elkan: the same iterations
 * and stopping rules as Lloyd, but each row keeps an upper bound on the distance to its centre and a
 * lower bound on the distance to every other centre, and with the half-distances between centres
 * most distance computations are skipped once the centres settle. Costs n × k extra doubles.
 * Ties: a centre only takes a row from another when strictly nearer, so exact ties (integer data
 * and centres that are data rows) can be broken differently from Lloyd, as in scikit-learn.
 */
export async function elkan(
  x: Float64Array,
  n: number,
  d: number,
  shift: Float64Array,
  init: Float64Array,
  k: number,
  options: RunOptions,
): Promise<RunResult> {
  const { weights } = options;
  let centers = init.slice();
  let next = new Float64Array(k * d);
  const clusterWeights = new Float64Array(k);
  const shifts = new Float64Array(k);
  const labels = new Int32Array(n);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n * k);
  let half = halfDistances(centers, k, d);
  let nextCenter = nearestOther(half, k);
  initBounds(x, n, d, shift, centers, k, half, labels, upper, lower);
  let strict = false;
  let iteration = 0;
  while (iteration < options.maxIterations) {
    await options.checkpoint();
    iteration++;
    // As scikit-learn (whose labels_old starts at -1), the first iteration never counts as stable.
    const changed = assign(x, n, d, shift, centers, k, half, nextCenter, labels, upper, lower);
    accumulateClusters(x, n, d, shift, labels, weights, next, clusterWeights);
    relocateEmptyClusters(x, n, d, shift, labels, weights, centers, next, clusterWeights);
    const moved = averageCenters(next, clusterWeights, centers, k, d, shifts);
    options.onIteration?.(iteration, exactInertia(x, n, d, shift, centers, labels, weights));
    for (let i = 0; i < n; i++) {
      upper[i] = (upper[i] as number) + (shifts[labels[i] as number] as number);
      for (let j = 0, o = i * k; j < k; j++) {
        const v = (lower[o + j] as number) - (shifts[j] as number);
        lower[o + j] = Math.max(v, 0);
      }
    }
    half = halfDistances(next, k, d);
    nextCenter = nearestOther(half, k);
    [centers, next] = [next, centers];
    if (changed === 0 && iteration > 1) {
      strict = true;
      break;
    }
    if (moved <= options.tolerance) break;
  }
  if (!strict) assign(x, n, d, shift, centers, k, half, nextCenter, labels, upper, lower);
  return {
    centers,
    labels,
    inertia: exactInertia(x, n, d, shift, centers, labels, weights),
    iterations: iteration,
  };
}

/** ||(x_row − shift) − c_centre|| (pass a zero shift for two centres). */
function distance(
  x: Float64Array,
  xo: number,
  shift: Float64Array,
  c: Float64Array,
  co: number,
  d: number,
): number {
  let s = 0;
  for (let t = 0; t < d; t++) {
    const diff = (x[xo + t] as number) - (shift[t] as number) - (c[co + t] as number);
    s += diff * diff;
  }
  return Math.sqrt(s);
}

/** half[a·k + b] = ||c_a − c_b|| / 2. */
function halfDistances(centers: Float64Array, k: number, d: number): Float64Array {
  const half = new Float64Array(k * k);
  const zero = new Float64Array(d);
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const h = distance(centers, a * d, zero, centers, b * d, d) / 2;
      half[a * k + b] = h;
      half[b * k + a] = h;
    }
  }
  return half;
}

/** For each centre, half the distance to its nearest other centre (∞ when k = 1). */
function nearestOther(half: Float64Array, k: number): Float64Array {
  const out = new Float64Array(k).fill(Number.POSITIVE_INFINITY);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) if (b !== a) out[a] = Math.min(out[a] as number, half[a * k + b] as number);
  }
  return out;
}

function initBounds(
  x: Float64Array,
  n: number,
  d: number,
  shift: Float64Array,
  centers: Float64Array,
  k: number,
  half: Float64Array,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    let best = 0;
    let min = distance(x, i * d, shift, centers, 0, d);
    lower[i * k] = min;
    for (let j = 1; j < k; j++) {
      if (min > (half[best * k + j] as number)) {
        const dist = distance(x, i * d, shift, centers, j * d, d);
        lower[i * k + j] = dist;
        if (dist < min) {
          min = dist;
          best = j;
        }
      }
    }
    labels[i] = best;
    upper[i] = min;
  }
}

/**
 * scikit-learn's _update_chunk_dense, assignment half (its odd `or` in the second test included).
 * Returns how many labels changed.
 */
function assign(
  x: Float64Array,
  n: number,
  d: number,
  shift: Float64Array,
  centers: Float64Array,
  k: number,
  half: Float64Array,
  nextCenter: Float64Array,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
): number {
  let changed = 0;
  for (let i = 0; i < n; i++) {
    let bound = upper[i] as number;
    let label = labels[i] as number;
    if ((nextCenter[label] as number) >= bound) continue;
    let tight = false;
    const o = i * k;
    for (let j = 0; j < k; j++) {
      if (j === label || bound <= (lower[o + j] as number) || bound <= (half[label * k + j] as number))
        continue;
      if (!tight) {
        bound = distance(x, i * d, shift, centers, label * d, d);
        lower[o + label] = bound;
        tight = true;
      }
      if (bound > (lower[o + j] as number) || bound > (half[label * k + j] as number)) {
        const dist = distance(x, i * d, shift, centers, j * d, d);
        lower[o + j] = dist;
        if (dist < bound) {
          label = j;
          bound = dist;
        }
      }
    }
    if (labels[i] !== label) changed++;
    labels[i] = label;
    upper[i] = bound;
  }
  return changed;
}

import type { Random } from '../../random.js';
import { type InitMethod, initialCenters } from './kmeans-init.js';
import type { RunOptions, RunResult } from './lloyd.js';
import { assignNearest, exactInertia, rowSquaredNorms } from './nearest-center.js';

export interface MiniBatchOptions extends RunOptions {
  readonly batchSize: number;
  readonly init: InitMethod | Float64Array;
  readonly nInit: number;
  readonly random: Random;
}

/** scikit-learn's MiniBatchKMeans defaults. */
const REASSIGNMENT_RATIO = 0.01;
const MAX_NO_IMPROVEMENT = 10;
/** Progress is reported every this many steps (a step is one batch). */
const REPORT_EVERY = 10;

/**
 * Mini-batch k-means (Sculley 2010) as scikit-learn's MiniBatchKMeans: centres start from the best
 * of `nInit` seedings of a random subset (3 × batch rows) judged on another; each step draws a batch
 * with replacement, labels it, and moves each centre to the running weighted mean of every row it
 * was ever given; centres whose share falls below 1% of the largest are moved to random batch rows.
 * It stops after `maxIterations` passes' worth of steps, when the centres move less than the
 * tolerance in a step, or after 10 steps without improving the smoothed batch inertia. The final
 * labels and inertia are computed on all rows. `iterations` counts passes over the data (rounded up),
 * `steps` the batches.
 */
export async function miniBatch(
  x: Float64Array,
  n: number,
  d: number,
  shift: Float64Array,
  xNorms: Float64Array,
  k: number,
  options: MiniBatchOptions,
): Promise<RunResult & { readonly steps: number }> {
  const { weights, random } = options;
  const batch = Math.min(options.batchSize, n);
  const zero = new Float64Array(d); // batches are gathered already shifted
  let centers: Float64Array = seed(x, n, d, shift, k, batch, options);
  let next: Float64Array = new Float64Array(k * d);
  const counts = new Float64Array(k);
  const sums = new Float64Array(k * d);
  const batchWeightsPerCluster = new Float64Array(k);
  const bx = new Float64Array(batch * d);
  const bw = weights ? new Float64Array(batch) : undefined;
  const labels = new Int32Array(batch);
  const steps = Math.floor((options.maxIterations * n) / batch);
  let ewa: number | undefined;
  let ewaMin: number | undefined;
  let noImprovement = 0;
  let sinceReassign = 0;
  let step = 0;
  while (step < steps) {
    await options.checkpoint();
    gather(x, d, shift, weights, batch, random, bx, bw);
    const { inertia: batchInertia } = assignNearest(
      bx,
      batch,
      d,
      zero,
      rowSquaredNorms(bx, batch, d),
      centers,
      k,
      labels,
      {
        weights: bw,
        sums,
        clusterWeights: batchWeightsPerCluster,
      },
    );
    updateCenters(centers, next, counts, sums, batchWeightsPerCluster, k, d);
    sinceReassign += batch;
    if (counts.some((c) => c === 0) || sinceReassign >= 10 * k) {
      sinceReassign = 0;
      reassignSmall(bx, batch, d, next, counts, k, random);
    }
    let moved = 0;
    for (let t = 0; t < k * d; t++) moved += ((next[t] as number) - (centers[t] as number)) ** 2;
    [centers, next] = [next, centers];
    step++;
    // scikit-learn's _mini_batch_convergence: the first step's inertia is the seeding's, skipped.
    if (step > 1) {
      const alpha = Math.min(1, (batch * 2) / (n + 1));
      ewa = ewa === undefined ? batchInertia / batch : ewa * (1 - alpha) + (batchInertia / batch) * alpha;
      if (step % REPORT_EVERY === 0) options.onIteration?.(step, ewa * n);
      if (options.tolerance > 0 && moved <= options.tolerance) break;
      if (ewaMin === undefined || ewa < ewaMin) {
        noImprovement = 0;
        ewaMin = ewa;
      } else if (++noImprovement >= MAX_NO_IMPROVEMENT) break;
    }
  }
  const all = new Int32Array(n);
  assignNearest(x, n, d, shift, xNorms, centers, k, all);
  return {
    centers,
    labels: all,
    inertia: exactInertia(x, n, d, shift, centers, all, weights),
    iterations: Math.ceil((step * batch) / n),
    steps: step,
  };
}

/** The best of nInit seedings of a random subset, judged by inertia on another random subset. */
function seed(
  x: Float64Array,
  n: number,
  d: number,
  shift: Float64Array,
  k: number,
  batch: number,
  options: MiniBatchOptions,
): Float64Array {
  const { init, random, weights } = options;
  if (init instanceof Float64Array) return init.slice();
  const size = Math.min(n, Math.max(3 * batch, 3 * k));
  const zero = new Float64Array(d);
  const vx = new Float64Array(size * d);
  const vw = weights ? new Float64Array(size) : undefined;
  gather(x, d, shift, weights, size, random, vx, vw);
  let best: Float64Array | undefined;
  let bestInertia = Number.POSITIVE_INFINITY;
  for (let r = 0; r < options.nInit; r++) {
    const sx = new Float64Array(size * d);
    const sw = weights ? new Float64Array(size) : undefined;
    gather(x, d, shift, weights, size, random, sx, sw);
    const rows = { x: sx, n: size, d, shift: zero, xNorms: rowSquaredNorms(sx, size, d), weights: sw };
    const centers = initialCenters(init, rows, k, random);
    const labels = new Int32Array(size);
    assignNearest(vx, size, d, zero, rowSquaredNorms(vx, size, d), centers, k, labels);
    const inertia = exactInertia(vx, size, d, zero, centers, labels, vw);
    if (inertia < bestInertia) {
      bestInertia = inertia;
      best = centers;
    }
  }
  return best as Float64Array;
}

/** `count` rows drawn with replacement (scikit-learn's randint), minus shift, and their weights. */
function gather(
  x: Float64Array,
  d: number,
  shift: Float64Array,
  weights: Float64Array | undefined,
  count: number,
  random: Random,
  out: Float64Array,
  outWeights: Float64Array | undefined,
): void {
  const n = x.length / d;
  for (let r = 0; r < count; r++) {
    const i = random.int(n);
    for (let t = 0; t < d; t++) out[r * d + t] = (x[i * d + t] as number) - (shift[t] as number);
    if (outWeights && weights) outWeights[r] = weights[i] as number;
  }
}

/** next[j] = (old[j]·counts[j] + Σ w·x) / (counts[j] + Σ w) for centres the batch touched. */
function updateCenters(
  old: Float64Array,
  next: Float64Array,
  counts: Float64Array,
  sums: Float64Array,
  batchWeights: Float64Array,
  k: number,
  d: number,
): void {
  for (let j = 0; j < k; j++) {
    const wsum = batchWeights[j] as number;
    const before = counts[j] as number;
    const after = before + wsum;
    const alpha = wsum > 0 ? 1 / after : 0;
    for (let t = j * d, end = t + d; t < end; t++) {
      next[t] = wsum > 0 ? ((old[t] as number) * before + (sums[t] as number)) * alpha : (old[t] as number);
    }
    counts[j] = after;
  }
}

/** scikit-learn's random reassignment of centres whose count is under 1% of the largest. */
function reassignSmall(
  bx: Float64Array,
  batch: number,
  d: number,
  centers: Float64Array,
  counts: Float64Array,
  k: number,
  random: Random,
): void {
  const max = Math.max(...counts);
  let small = Array.from({ length: k }, (_, j) => j).filter(
    (j) => (counts[j] as number) < REASSIGNMENT_RATIO * max,
  );
  if (small.length === 0) return;
  if (small.length > 0.5 * batch) {
    // Reassign at most half a batch: keep the largest of the small ones.
    const keep = new Set(
      Array.from({ length: k }, (_, j) => j)
        .sort((a, b) => (counts[a] as number) - (counts[b] as number) || a - b)
        .slice(Math.floor(0.5 * batch)),
    );
    small = small.filter((j) => !keep.has(j));
  }
  const rows = random.sample(batch, small.length);
  small.forEach((j, r) => {
    const i = rows[r] as number;
    centers.set(bx.subarray(i * d, (i + 1) * d), j * d);
  });
  const others = Array.from({ length: k }, (_, j) => j).filter((j) => !small.includes(j));
  const floor = Math.min(...others.map((j) => counts[j] as number));
  for (const j of small) counts[j] = floor;
}

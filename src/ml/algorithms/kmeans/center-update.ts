/**
 * The update half of a Lloyd or Elkan iteration, as scikit-learn does it: weighted sums of the rows
 * of each cluster, relocation of empty clusters to the rows farthest from their centres, then the
 * means and how far each centre moved. Rows are read as x − shift, centres are in those coordinates
 * (see nearest-center.ts).
 */

/** sums[j] = Σ w_i (x_i − shift) and clusterWeights[j] = Σ w_i over the rows labelled j (overwritten). */
export function accumulateClusters(
  x: Float64Array,
  n: number,
  d: number,
  shift: Float64Array,
  labels: Int32Array,
  weights: Float64Array | undefined,
  sums: Float64Array,
  clusterWeights: Float64Array,
): void {
  sums.fill(0);
  clusterWeights.fill(0);
  for (let i = 0; i < n; i++) {
    const j = labels[i] as number;
    const w = weights ? (weights[i] as number) : 1;
    clusterWeights[j] = (clusterWeights[j] as number) + w;
    const o = i * d;
    const c = j * d;
    for (let t = 0; t < d; t++) {
      sums[c + t] = (sums[c + t] as number) + ((x[o + t] as number) - (shift[t] as number)) * w;
    }
  }
}

/**
 * Gives each empty cluster one of the rows farthest from their (old) centre, farthest first, moving
 * that row's weight out of its own cluster (scikit-learn's _relocate_empty_clusters; labels are not
 * changed, the next assignment fixes them).
 */
export function relocateEmptyClusters(
  x: Float64Array,
  n: number,
  d: number,
  shift: Float64Array,
  labels: Int32Array,
  weights: Float64Array | undefined,
  oldCenters: Float64Array,
  sums: Float64Array,
  clusterWeights: Float64Array,
): void {
  const empty: number[] = [];
  clusterWeights.forEach((w, j) => {
    if (w === 0) empty.push(j);
  });
  if (empty.length === 0 || empty.length >= n) return;
  const distances = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    const c = (labels[i] as number) * d;
    let s = 0;
    for (let t = 0; t < d; t++) {
      const diff = (x[o + t] as number) - (shift[t] as number) - (oldCenters[c + t] as number);
      s += diff * diff;
    }
    distances[i] = s;
  }
  const farthest = largest(distances, empty.length);
  empty.forEach((target, e) => {
    const i = farthest[e] as number;
    const w = weights ? (weights[i] as number) : 1;
    const from = labels[i] as number;
    for (let t = 0; t < d; t++) {
      const v = ((x[i * d + t] as number) - (shift[t] as number)) * w;
      sums[from * d + t] = (sums[from * d + t] as number) - v;
      sums[target * d + t] = v;
    }
    clusterWeights[target] = w;
    clusterWeights[from] = (clusterWeights[from] as number) - w;
  });
}

/** Indices of the `count` largest values, largest first (lower index on ties); count is at most k. */
function largest(values: Float64Array, count: number): number[] {
  const taken = new Uint8Array(values.length);
  const out: number[] = [];
  for (let c = 0; c < count; c++) {
    let best = -1;
    for (let i = 0; i < values.length; i++) {
      if (!taken[i] && (best < 0 || (values[i] as number) > (values[best] as number))) best = i;
    }
    taken[best] = 1;
    out.push(best);
  }
  return out;
}

/**
 * Turns the sums into means in place (a cluster with no weight at all keeps its old centre) and
 * writes each centre's move ||new − old|| into `shifts`. Returns Σ shift², scikit-learn's
 * center_shift_tot that the tolerance is compared with.
 */
export function averageCenters(
  sums: Float64Array,
  clusterWeights: Float64Array,
  oldCenters: Float64Array,
  k: number,
  d: number,
  shifts: Float64Array,
): number {
  let total = 0;
  for (let j = 0; j < k; j++) {
    const w = clusterWeights[j] as number;
    let s = 0;
    for (let t = j * d, end = t + d; t < end; t++) {
      // × (1 / w) rather than / w: scikit-learn's _average_centers rounds this way.
      const v = w > 0 ? (sums[t] as number) * (1 / w) : (oldCenters[t] as number);
      sums[t] = v;
      const diff = v - (oldCenters[t] as number);
      s += diff * diff;
    }
    shifts[j] = Math.sqrt(s);
    total += s;
  }
  return total;
}

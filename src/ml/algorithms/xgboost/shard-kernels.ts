/**
 * The per-thread work of boosting, over one shard: a fixed range [lo, hi) of row positions, which
 * only this thread touches. Rows are moved physically: partitioning a node swaps everything a row
 * carries (bin codes, gradients, margins, label, weights), so each node's rows stay one contiguous
 * block, every histogram pass reads memory sequentially, and gradients, metrics and margin updates
 * are sequential loops too (row indices into fixed arrays get sparser at every level and cost 2–6×
 * more per access). Rows never leave their shard. Pure functions over typed arrays, run by the main
 * thread for shard 0 and by worker threads for the others (shard-worker.ts).
 */
import { accumulateHistogram } from './histogram.js';

/** Per-row arrays, all in the same physical row order (shared between threads when there are several). */
export interface RowStore {
  /** Bin codes, row-major: `w4` uint32 words (4·w4 codes) per row. */
  readonly words: Uint32Array;
  readonly w4: number;
  /** Per output group: gradient and hessian of each row, interleaved. */
  readonly gh: readonly Float32Array[];
  /** `outputs` margins per row. */
  readonly margins: Float64Array;
  readonly outputs: number;
  readonly y: Float64Array;
  /** Example weights times scale_pos_weight (gradients); absent when all are 1. */
  readonly gradWeights: Float64Array | undefined;
  /** Example weights (metrics, leaf refits); absent when all are 1. */
  readonly weights: Float64Array | undefined;
  /** This round's row sample (1 = drawn), by position; moved with the rows while sampling. */
  readonly inSample: Uint8Array;
}

/** Fields of one split task in an Int32Array, TASK_INTS per task. */
export const TASK_INTS = 7;
/** build: which child's histogram to accumulate into histogram slot k (the task's index). */
export const BUILD_NONE = 0;
export const BUILD_LEFT = 1;
export const BUILD_RIGHT = 2;

/** Moves the rows drawn this round (inSample = 1) to the front of [lo, hi); returns how many. */
export function sampleShard(s: RowStore, lo: number, hi: number): number {
  const mask = s.inSample;
  let i = lo;
  let j = hi - 1;
  for (;;) {
    while (i <= j && mask[i]) i++;
    while (i <= j && !mask[j]) j--;
    if (i >= j) break;
    mask[i] = 1;
    mask[j] = 0;
    swapRows(s, i++, j--);
  }
  return i - lo;
}

/** Sums output `group`'s gradients of rows [lo, end) into `hist` (cleared); returns the totals. */
export function rootShard(
  s: RowStore,
  lo: number,
  end: number,
  group: number,
  hist: Float64Array,
): [g: number, h: number] {
  const gh = s.gh[group]!;
  let g = 0;
  let h = 0;
  for (let k = lo; k < end; k++) {
    g += gh[2 * k]!;
    h += gh[2 * k + 1]!;
  }
  hist.fill(0);
  accumulateHistogram(hist, s.words, s.w4, gh, lo, end);
  return [g, h];
}

/**
 * Splits nodes: for task k (begin, end, feature, bin, defaultLeft, missing code, build) the rows in
 * [begin, end) whose code for `feature` is ≤ bin (or is the missing code, when defaultLeft) are moved
 * before the others (Hoare partition: each row is read once, misplaced pairs are swapped). `mids[k]`
 * receives the first right position; the child named by `build` has output `group`'s gradients
 * summed into histogram slot k.
 */
export function splitShard(
  s: RowStore,
  group: number,
  tasks: Int32Array,
  mids: Int32Array,
  hists: Float64Array,
  histSize: number,
): void {
  const { words, w4 } = s;
  for (let t = 0; t * TASK_INTS < tasks.length; t++) {
    const o = t * TASK_INTS;
    const begin = tasks[o]!;
    const end = tasks[o + 1]!;
    const f = tasks[o + 2]!;
    const bin = tasks[o + 3]!;
    const missingLeft = tasks[o + 4] === 1;
    const missing = tasks[o + 5]!;
    const build = tasks[o + 6]!;
    const word = f >>> 2;
    const shift = (f & 3) << 3;
    let i = begin;
    let j = end - 1;
    // The two scans are written out (not a shared predicate): this loop runs over every row per level.
    for (;;) {
      for (; i <= j; i++) {
        const c = (words[i * w4 + word]! >>> shift) & 255;
        if (c === missing ? !missingLeft : c > bin) break;
      }
      for (; i <= j; j--) {
        const c = (words[j * w4 + word]! >>> shift) & 255;
        if (c === missing ? missingLeft : c <= bin) break;
      }
      if (i >= j) break;
      swapRows(s, i++, j--);
    }
    mids[t] = i;
    if (build === BUILD_NONE) continue;
    const hist = hists.subarray(t * histSize, (t + 1) * histSize);
    hist.fill(0);
    if (build === BUILD_LEFT) accumulateHistogram(hist, words, w4, s.gh[group]!, begin, i);
    else accumulateHistogram(hist, words, w4, s.gh[group]!, i, end);
  }
}

/** Swaps everything rows i and j carry. */
function swapRows(s: RowStore, i: number, j: number): void {
  const { words, w4, gh, margins, outputs, y, gradWeights, weights } = s;
  for (let w = 0, a = i * w4, b = j * w4; w < w4; w++, a++, b++) {
    const t = words[a]!;
    words[a] = words[b]!;
    words[b] = t;
  }
  for (let k = 0; k < gh.length; k++) {
    const a = gh[k]!;
    const g = a[2 * i]!;
    const h = a[2 * i + 1]!;
    a[2 * i] = a[2 * j]!;
    a[2 * i + 1] = a[2 * j + 1]!;
    a[2 * j] = g;
    a[2 * j + 1] = h;
  }
  for (let k = 0, a = i * outputs, b = j * outputs; k < outputs; k++, a++, b++) {
    const m = margins[a]!;
    margins[a] = margins[b]!;
    margins[b] = m;
  }
  const v = y[i]!;
  y[i] = y[j]!;
  y[j] = v;
  if (gradWeights) {
    const w = gradWeights[i]!;
    gradWeights[i] = gradWeights[j]!;
    gradWeights[j] = w;
  }
  if (weights) {
    const w = weights[i]!;
    weights[i] = weights[j]!;
    weights[j] = w;
  }
}

/** A finished tree as `finishShard` walks it (bins, not thresholds: the rows are binned already). */
export interface BinnedTree {
  readonly feature: Int32Array;
  readonly bin: Int32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly defaultLeft: Uint8Array;
  readonly value: Float64Array;
}

/**
 * Adds the tree's output to column `group` of the margins, per segment (begin, end, node): the rows
 * of a leaf's block add its value; rows of a split left unpartitioned (children at max_depth) or not
 * drawn this round walk down from `node`. `missing[f]` is the missing code of feature f (256 when it
 * has none). Sums in float32, as XGBoost does.
 */
export function finishShard(
  s: RowStore,
  tree: BinnedTree,
  segments: Int32Array,
  missing: Int32Array,
  group: number,
): void {
  const { words, w4, margins, outputs } = s;
  const { feature, bin, left, right, defaultLeft, value } = tree;
  for (let t = 0; t < segments.length; t += 3) {
    const begin = segments[t]!;
    const end = segments[t + 1]!;
    const start = segments[t + 2]!;
    if (feature[start]! < 0) {
      const v = value[start]!;
      for (let k = begin, m = begin * outputs + group; k < end; k++, m += outputs)
        margins[m] = Math.fround(margins[m]! + v);
      continue;
    }
    for (let k = begin; k < end; k++) {
      let node = start;
      for (let f = feature[node]!; f >= 0; f = feature[node]!) {
        const c = (words[k * w4 + (f >>> 2)]! >>> ((f & 3) << 3)) & 255;
        const goLeft = c === missing[f] ? defaultLeft[node] === 1 : c <= bin[node]!;
        node = goLeft ? left[node]! : right[node]!;
      }
      const m = k * outputs + group;
      margins[m] = Math.fround(margins[m]! + value[node]!);
    }
  }
}

/**
 * The per-thread work of growing a tree, over one shard: a fixed range [lo, hi) of training rows,
 * which only this thread touches. Rows are moved physically: each tree starts from a copy of the
 * shard's bin codes, and partitioning a node swaps the rows' codes, gradients and original row ids,
 * so each node's rows stay one contiguous block and every histogram pass reads memory sequentially
 * (row indices into a fixed matrix get sparser at every level and cost 2–6× more per update).
 * Pure functions over typed arrays, run by the main thread for shard 0 and by worker threads for
 * the others (shard-worker.ts).
 */
import { accumulateHistogram } from './histogram.js';

/** The training rows (shared between threads when there are several). */
export interface RowStore {
  /** Bin codes in the original row order, row-major: `w4` uint32 words (4·w4 codes) per row. */
  readonly orig: Uint32Array;
  /** The tree being grown: codes of the rows in their current physical order. */
  readonly words: Uint32Array;
  readonly w4: number;
  /** Gradient and hessian of each position, for the tree being grown. */
  readonly gh: Float32Array;
  /** Original row index of each position. */
  readonly ids: Int32Array;
}

/** Fields of one split task in an Int32Array, TASK_INTS per task. */
export const TASK_INTS = 7;
/** build: which child's histogram to accumulate into histogram slot k (the task's index). */
export const BUILD_NONE = 0;
export const BUILD_LEFT = 1;
export const BUILD_RIGHT = 2;

/**
 * Starts a tree on rows [lo, hi): copies the rows drawn for this round (inSample[row] = 1, or all) to
 * the front of the shard with their gradients from `ghOrig` (original order) and their ids, and sums
 * them into `hist` (cleared). Returns the number of rows drawn and the gradient and hessian totals.
 */
export function prepareShard(
  s: RowStore,
  lo: number,
  hi: number,
  ghOrig: Float32Array,
  inSample: Uint8Array | undefined,
  hist: Float64Array,
): [count: number, g: number, h: number] {
  const { orig, words, w4, ids, gh } = s;
  let k = lo;
  let g = 0;
  let h = 0;
  if (!inSample) words.set(orig.subarray(lo * w4, hi * w4), lo * w4);
  for (let r = lo; r < hi; r++) {
    if (inSample) {
      if (!inSample[r]) continue;
      for (let w = 0; w < w4; w++) words[k * w4 + w] = orig[r * w4 + w]!;
    }
    const gr = ghOrig[2 * r]!;
    const hr = ghOrig[2 * r + 1]!;
    gh[2 * k] = gr;
    gh[2 * k + 1] = hr;
    ids[k++] = r;
    g += gr;
    h += hr;
  }
  hist.fill(0);
  accumulateHistogram(hist, words, w4, gh, lo, k);
  return [k - lo, g, h];
}

/**
 * Splits nodes: for task k (begin, end, feature, bin, defaultLeft, missing code, build) the rows in
 * [begin, end) whose code for `feature` is ≤ bin (or is the missing code, when defaultLeft) are moved
 * before the others (Hoare partition: each row is read once, misplaced pairs are swapped). `mids[k]`
 * receives the first right position; the child named by `build` is summed into histogram slot k.
 */
export function splitShard(
  s: RowStore,
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
    if (build === BUILD_LEFT) accumulateHistogram(hist, words, w4, s.gh, begin, i);
    else accumulateHistogram(hist, words, w4, s.gh, i, end);
  }
}

function swapRows(s: RowStore, i: number, j: number): void {
  const { words, w4, gh, ids } = s;
  for (let w = 0, a = i * w4, b = j * w4; w < w4; w++, a++, b++) {
    const t = words[a]!;
    words[a] = words[b]!;
    words[b] = t;
  }
  const g = gh[2 * i]!;
  const h = gh[2 * i + 1]!;
  gh[2 * i] = gh[2 * j]!;
  gh[2 * i + 1] = gh[2 * j + 1]!;
  gh[2 * j] = g;
  gh[2 * j + 1] = h;
  const id = ids[i]!;
  ids[i] = ids[j]!;
  ids[j] = id;
}

/** A finished tree as `finishShard` walks it (bins, not thresholds: the rows are binned already). */
export interface BinnedTree {
  readonly feature: Int32Array;
  readonly bin: Int32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly defaultLeft: Uint8Array;
  readonly value: Float64Array;
  /**
   * The same tree as a complete binary tree of `depth` levels (heap order: node i has children
   * 2i+1, 2i+2; shallower leaves padded with splits that always go left) for a branch-free walk; absent
   * for deep trees. `missing` holds each split's missing code, `leaves` the 2^depth outputs.
   */
  readonly complete?: {
    readonly depth: number;
    /** Word of the row (feature >> 2) and bit shift ((feature & 3)·8) of each split's code. */
    readonly word: Int32Array;
    readonly shift: Int32Array;
    readonly bin: Int32Array;
    readonly missing: Int32Array;
    readonly defaultLeft: Int32Array;
    readonly leaves: Float64Array;
  };
}

/**
 * Adds the tree's output to `margins` (original row order, `outputs` per row, column `group`) for
 * rows [lo, hi), walking each row down the tree on its original-order codes: sequential reads and
 * writes, where following the partitioned rows would scatter writes across the margins.
 * `missing[f]` is the missing code of feature f (256 when it has none). Sums in float32 as XGBoost.
 */
export function finishShard(
  s: RowStore,
  lo: number,
  hi: number,
  tree: BinnedTree,
  missing: Int32Array,
  margins: Float64Array,
  outputs: number,
  group: number,
): void {
  const { orig, w4 } = s;
  const c = tree.complete;
  if (c) {
    walkComplete(orig, w4, lo, hi, c, margins, outputs, group);
    return;
  }
  const { feature, bin, left, right, defaultLeft, value } = tree;
  for (let r = lo; r < hi; r++) {
    let node = 0;
    for (let f = feature[0]!; f >= 0; f = feature[node]!) {
      const code = (orig[r * w4 + (f >>> 2)]! >>> ((f & 3) << 3)) & 255;
      const goLeft = code === missing[f] ? defaultLeft[node] === 1 : code <= bin[node]!;
      node = goLeft ? left[node]! : right[node]!;
    }
    const m = r * outputs + group;
    margins[m] = Math.fround(margins[m]! + value[node]!);
  }
}

/**
 * finishShard over a complete tree, branch-free (a split's direction is data, not control flow, so
 * nothing mispredicts) and four rows at a time, so the four dependent load chains overlap: about
 * 3× faster than following child links one row at a time.
 */
function walkComplete(
  orig: Uint32Array,
  w4: number,
  lo: number,
  hi: number,
  c: NonNullable<BinnedTree['complete']>,
  margins: Float64Array,
  outputs: number,
  group: number,
): void {
  const { depth, word, shift, bin, missing, defaultLeft, leaves } = c;
  const first = (1 << depth) - 1;
  const step = (i: number, code: number) =>
    2 * i + 1 + (((bin[i]! - code) >>> 31) ^ ((((code ^ missing[i]!) - 1) >>> 31) & defaultLeft[i]!));
  let r = lo;
  for (; r + 3 < hi; r += 4) {
    const o0 = r * w4;
    const o1 = o0 + w4;
    const o2 = o1 + w4;
    const o3 = o2 + w4;
    let i0 = 0;
    let i1 = 0;
    let i2 = 0;
    let i3 = 0;
    for (let level = 0; level < depth; level++) {
      i0 = step(i0, (orig[o0 + word[i0]!]! >>> shift[i0]!) & 255);
      i1 = step(i1, (orig[o1 + word[i1]!]! >>> shift[i1]!) & 255);
      i2 = step(i2, (orig[o2 + word[i2]!]! >>> shift[i2]!) & 255);
      i3 = step(i3, (orig[o3 + word[i3]!]! >>> shift[i3]!) & 255);
    }
    const m = r * outputs + group;
    margins[m] = Math.fround(margins[m]! + leaves[i0 - first]!);
    margins[m + outputs] = Math.fround(margins[m + outputs]! + leaves[i1 - first]!);
    margins[m + 2 * outputs] = Math.fround(margins[m + 2 * outputs]! + leaves[i2 - first]!);
    margins[m + 3 * outputs] = Math.fround(margins[m + 3 * outputs]! + leaves[i3 - first]!);
  }
  for (; r < hi; r++) {
    const o = r * w4;
    let i = 0;
    for (let level = 0; level < depth; level++) i = step(i, (orig[o + word[i]!]! >>> shift[i]!) & 255);
    const m = r * outputs + group;
    margins[m] = Math.fround(margins[m]! + leaves[i - first]!);
  }
}

import type { Matrix } from '../../matrix.js';
import { compiledTrees } from './compiled-trees.js';
import type { GrownTree } from './tree-grower.js';

/**
 * All trees of a model as flat typed arrays (the layout of ONNX's TreeEnsemble attributes). Tree t
 * owns nodes [offsets[t], offsets[t+1]); its node 0 is the root and `left`/`right` count from the
 * tree's first node (-1 at leaves). A split sends a row left when `x < threshold` (compared in
 * float32, as XGBoost and ONNX Runtime do), and a missing value (NaN) left when `defaultLeft` is 1.
 */
export interface TreeEnsemble {
  readonly offsets: Int32Array;
  /** The output (class for multi:softprob, else 0) each tree's leaves add to. */
  readonly group: Int32Array;
  /** Split feature; -1 at leaves. */
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly defaultLeft: Uint8Array;
  /** Leaves: the margin added (eta included). Splits: the node's own weight (XGBoost's base_weight). */
  readonly value: Float64Array;
  /** Sum of hessians of the training rows that reached the node. */
  readonly cover: Float64Array;
  /** Loss reduction of the split (0 at leaves). */
  readonly gain: Float64Array;
}

type Arrays = { -readonly [K in keyof TreeEnsemble]: TreeEnsemble[K] };

/** Collects trees as they are grown; `finish()` returns arrays of exactly the right length. */
export class EnsembleBuilder {
  private a: Arrays;
  private trees = 0;
  private nodes = 0;

  constructor() {
    this.a = allocate(16, 1024);
  }

  get treeCount(): number {
    return this.trees;
  }

  add(t: GrownTree, group: number): number {
    const n = t.value.length;
    this.reserve(this.trees + 1, this.nodes + n);
    const a = this.a;
    const o = this.nodes;
    for (let i = 0; i < n; i++) {
      a.feature[o + i] = t.feature[i]!;
      a.threshold[o + i] = t.threshold[i]!;
      a.left[o + i] = t.left[i]!;
      a.right[o + i] = t.right[i]!;
      a.defaultLeft[o + i] = t.defaultLeft[i] ? 1 : 0;
      a.value[o + i] = t.value[i]!;
      a.cover[o + i] = t.cover[i]!;
      a.gain[o + i] = t.gain[i]!;
    }
    a.group[this.trees] = group;
    this.nodes += n;
    a.offsets[++this.trees] = this.nodes;
    return this.trees - 1;
  }

  /** Keeps the first `trees` trees (early stopping's best iteration). */
  truncate(trees: number): void {
    this.trees = Math.min(trees, this.trees);
    this.nodes = this.a.offsets[this.trees]!;
  }

  /** The trees so far, as views (valid until the next add). */
  view(): TreeEnsemble {
    return cut(this.a, this.trees, this.nodes, false);
  }

  finish(): TreeEnsemble {
    return cut(this.a, this.trees, this.nodes, true);
  }

  private reserve(trees: number, nodes: number): void {
    const a = this.a;
    if (trees + 1 <= a.offsets.length && nodes <= a.value.length) return;
    const t = Math.max(trees + 1, a.offsets.length * 2);
    const n = Math.max(nodes, a.value.length * 2);
    this.a = {
      offsets: grow(a.offsets, t),
      group: grow(a.group, t),
      feature: grow(a.feature, n),
      threshold: grow(a.threshold, n),
      left: grow(a.left, n),
      right: grow(a.right, n),
      defaultLeft: grow(a.defaultLeft, n),
      value: grow(a.value, n),
      cover: grow(a.cover, n),
      gain: grow(a.gain, n),
    };
  }
}

type NumberArray = Int32Array | Float64Array | Uint8Array;

function grow<T extends NumberArray>(x: T, n: number): T {
  const y = new (x.constructor as new (n: number) => T)(n);
  y.set(x);
  return y;
}

function cut(a: Arrays, trees: number, nodes: number, copy: boolean): TreeEnsemble {
  const s = <T extends NumberArray>(x: T, n: number): T => (copy ? x.slice(0, n) : x.subarray(0, n)) as T;
  return {
    offsets: s(a.offsets, trees + 1),
    group: s(a.group, trees),
    feature: s(a.feature, nodes),
    threshold: s(a.threshold, nodes),
    left: s(a.left, nodes),
    right: s(a.right, nodes),
    defaultLeft: s(a.defaultLeft, nodes),
    value: s(a.value, nodes),
    cover: s(a.cover, nodes),
    gain: s(a.gain, nodes),
  };
}

function allocate(trees: number, nodes: number): Arrays {
  return {
    offsets: new Int32Array(trees + 1),
    group: new Int32Array(trees),
    feature: new Int32Array(nodes),
    threshold: new Float64Array(nodes),
    left: new Int32Array(nodes),
    right: new Int32Array(nodes),
    defaultLeft: new Uint8Array(nodes),
    value: new Float64Array(nodes),
    cover: new Float64Array(nodes),
    gain: new Float64Array(nodes),
  };
}

/** Rows per block when scoring: their features (as float32) stay in L1 while every tree walks them. */
const BLOCK = 64;

/**
 * Adds the outputs of trees [from, to) to `margins` (rows × outputs), summing in float32 as XGBoost
 * does, each row's trees in order. Rows go in blocks of 64, converted to float32 once (the thresholds'
 * precision), and each tree walks the whole block before the next: one tree's nodes and the block's
 * values stay in cache (as XGBoost's predictor blocks rows), about twice the speed of row by row.
 */
export function addTreeOutputs(
  e: TreeEnsemble,
  x: Matrix,
  margins: Float64Array,
  outputs: number,
  from = 0,
  to = e.group.length,
): void {
  const { rows, cols, data } = x;
  const { offsets, feature, threshold, left, right, defaultLeft, value, group } = e;
  const block = new Float32Array(BLOCK * cols);
  const code = from === 0 && to === group.length ? compiledTrees(e) : null;
  if (code) {
    for (let b0 = 0; b0 < rows; b0 += BLOCK) {
      const b1 = Math.min(rows, b0 + BLOCK);
      block.set(data.subarray(b0 * cols, b1 * cols));
      for (let t = 0; t < code.length; t++) {
        const tree = code[t]!;
        const g = group[t]!;
        for (let i = b0; i < b1; i++) {
          const m = i * outputs + g;
          margins[m] = Math.fround(margins[m]! + tree(block, (i - b0) * cols));
        }
      }
    }
    return;
  }
  for (let b0 = 0; b0 < rows; b0 += BLOCK) {
    const b1 = Math.min(rows, b0 + BLOCK);
    block.set(data.subarray(b0 * cols, b1 * cols));
    for (let t = from; t < to; t++) {
      const base = offsets[t]!;
      const g = group[t]!;
      for (let i = b0; i < b1; i++) {
        const o = (i - b0) * cols;
        let k = base;
        for (let f = feature[k]!; f >= 0; f = feature[k]!) {
          const v = block[o + f]!;
          // NaN fails every comparison: it takes the learned default direction.
          k =
            base +
            (v < threshold[k]!
              ? left[k]!
              : v >= threshold[k]!
                ? right[k]!
                : defaultLeft[k]
                  ? left[k]!
                  : right[k]!);
        }
        const m = i * outputs + g;
        margins[m] = Math.fround(margins[m]! + value[k]!);
      }
    }
  }
}

export const IMPORTANCE_TYPES = ['weight', 'gain', 'cover', 'total_gain', 'total_cover'] as const;
export type ImportanceType = (typeof IMPORTANCE_TYPES)[number];

/**
 * Feature importance as XGBoost's Booster.get_score: weight = number of splits on the feature,
 * total_gain / total_cover = sums over those splits, gain / cover = the averages. Features that
 * never split are left out.
 */
export function featureImportance(
  e: TreeEnsemble,
  featureNames: readonly string[],
  type: ImportanceType = 'weight',
): Record<string, number> {
  const d = featureNames.length;
  const count = new Float64Array(d);
  const gain = new Float64Array(d);
  const cover = new Float64Array(d);
  for (let i = 0; i < e.feature.length; i++) {
    const f = e.feature[i]!;
    if (f < 0) continue;
    count[f] = count[f]! + 1;
    gain[f] = gain[f]! + e.gain[i]!;
    cover[f] = cover[f]! + e.cover[i]!;
  }
  const out: Record<string, number> = {};
  for (let f = 0; f < d; f++) {
    const c = count[f]!;
    if (c === 0) continue;
    const name = featureNames[f]!;
    if (type === 'weight') out[name] = c;
    else if (type === 'gain') out[name] = gain[f]! / c;
    else if (type === 'cover') out[name] = cover[f]! / c;
    else if (type === 'total_gain') out[name] = gain[f]!;
    else out[name] = cover[f]!;
  }
  return out;
}

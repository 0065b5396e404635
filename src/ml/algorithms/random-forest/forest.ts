import type { Matrix } from '../../matrix.js';
import type { BuiltTree } from './tree-builder.js';

/**
 * The trees of a forest concatenated into flat arrays: tree t's nodes are
 * [treeOffsets[t], treeOffsets[t+1]) and its leaves start at leaf leafOffsets[t] (node `child`
 * values are local to their tree, as BuiltTree has them).
 */
export interface ForestTrees {
  readonly treeOffsets: Int32Array;
  readonly leafOffsets: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float32Array;
  readonly child: Int32Array;
  /** `outputs` values per leaf. */
  readonly leafValues: Float32Array;
  readonly outputs: number;
}

export function concatTrees(trees: readonly BuiltTree[], outputs: number): ForestTrees {
  const treeOffsets = new Int32Array(trees.length + 1);
  const leafOffsets = new Int32Array(trees.length + 1);
  trees.forEach((t, i) => {
    treeOffsets[i + 1] = treeOffsets[i]! + t.feature.length;
    leafOffsets[i + 1] = leafOffsets[i]! + t.leafValues.length / outputs;
  });
  const nodes = treeOffsets[trees.length]!;
  const feature = new Int32Array(nodes);
  const threshold = new Float32Array(nodes);
  const child = new Int32Array(nodes);
  const leafValues = new Float32Array(leafOffsets[trees.length]! * outputs);
  trees.forEach((t, i) => {
    feature.set(t.feature, treeOffsets[i]!);
    threshold.set(t.threshold, treeOffsets[i]!);
    child.set(t.child, treeOffsets[i]!);
    leafValues.set(t.leafValues, leafOffsets[i]! * outputs);
  });
  return { treeOffsets, leafOffsets, feature, threshold, child, leafValues, outputs };
}

/**
 * Adds trees [first, last) of the forest's outputs for every row to `sums` (rows × outputs), not
 * averaged. Tree by tree, so one tree's nodes stay in cache while every row walks it; values are
 * compared in float32, as the thresholds were chosen (and as ONNX's TreeEnsemble compares).
 */
export function addForestOutputs(
  f: ForestTrees,
  x: Float32Array,
  rows: number,
  cols: number,
  sums: Float64Array,
  first = 0,
  last = f.treeOffsets.length - 1,
): void {
  const k = f.outputs;
  for (let t = first; t < last; t++) {
    const base = f.treeOffsets[t]!;
    const leafBase = f.leafOffsets[t]!;
    for (let i = 0; i < rows; i++) {
      const o = i * cols;
      let node = base;
      let feat = f.feature[node]!;
      while (feat >= 0) {
        node = base + f.child[node]! + (x[o + feat]! < f.threshold[node]! ? 0 : 1);
        feat = f.feature[node]!;
      }
      const leaf = (leafBase + f.child[node]!) * k;
      for (let c = 0; c < k; c++) sums[i * k + c] = sums[i * k + c]! + f.leafValues[leaf + c]!;
    }
  }
}

/** The forest's average output per row (class probabilities or the regression value). */
export function forestOutputs(f: ForestTrees, x: Matrix): Float64Array {
  const sums = new Float64Array(x.rows * f.outputs);
  addForestOutputs(f, Float32Array.from(x.data), x.rows, x.cols, sums);
  const trees = f.treeOffsets.length - 1;
  for (let i = 0; i < sums.length; i++) sums[i] = sums[i]! / trees;
  return sums;
}

/**
 * scikit-learn's feature_importances_: each tree's impurity decreases normalized to sum 1, averaged
 * over the trees, normalized again.
 */
export function meanImportance(trees: readonly BuiltTree[], d: number): Float64Array {
  const out = new Float64Array(d);
  for (const t of trees) {
    let total = 0;
    for (let f = 0; f < d; f++) total += t.importance[f]!;
    if (total > 0) for (let f = 0; f < d; f++) out[f] = out[f]! + t.importance[f]! / total;
  }
  let sum = 0;
  for (let f = 0; f < d; f++) sum += out[f]!;
  if (sum > 0) for (let f = 0; f < d; f++) out[f] = out[f]! / sum;
  return out;
}

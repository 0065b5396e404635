import type { Matrix } from '../../matrix.js';
import type { ForestArrays } from './forest-build.js';

/** Bounding boxes of the internal nodes, derived from the leaves (not saved with the model). */
export interface ForestBoxes {
  /** Node → row in boxMin/boxMax (internal nodes only; leaves are their point). */
  readonly boxOf: Int32Array;
  readonly boxMin: Float64Array;
  readonly boxMax: Float64Array;
  /** Σ_j (boxMax − boxMin) per box. */
  readonly rangeSum: Float64Array;
  /** Deepest leaf, to size the path scratch once. */
  readonly maxDepth: number;
}

/**
 * Internal-node boxes, recomputed from the leaf points at load: in pre-order every child follows its
 * parent, so one backward sweep unions children into parents.
 */
export function forestBoxes(forest: ForestArrays, d: number): ForestBoxes {
  const { cutDimension, left, right, points } = forest;
  const n = cutDimension.length;
  const boxOf = new Int32Array(n).fill(-1);
  let internal = 0;
  for (let node = 0; node < n; node++) if ((cutDimension[node] as number) >= 0) boxOf[node] = internal++;
  const boxMin = new Float64Array(internal * d);
  const boxMax = new Float64Array(internal * d);
  // Unions a child's box (a leaf's is its point) into box row b; `first` copies instead.
  const include = (b: number, child: number, first: boolean) => {
    const c = boxOf[child] as number;
    const cMin = c < 0 ? points : boxMin;
    const cMax = c < 0 ? points : boxMax;
    const o = (c < 0 ? (left[child] as number) : c) * d;
    for (let j = 0; j < d; j++) {
      const lo = cMin[o + j] as number;
      const hi = cMax[o + j] as number;
      if (first || lo < (boxMin[b + j] as number)) boxMin[b + j] = lo;
      if (first || hi > (boxMax[b + j] as number)) boxMax[b + j] = hi;
    }
  };
  for (let node = n - 1; node >= 0; node--) {
    const box = boxOf[node] as number;
    if (box < 0) continue;
    include(box * d, left[node] as number, true);
    include(box * d, right[node] as number, false);
  }
  const rangeSum = new Float64Array(internal);
  for (let box = 0; box < internal; box++) {
    let sum = 0;
    for (let j = box * d; j < (box + 1) * d; j++) sum += (boxMax[j] as number) - (boxMin[j] as number);
    rangeSum[box] = sum;
  }
  const depth = new Int32Array(n);
  let maxDepth = 0;
  for (let node = 0; node < n; node++) {
    if ((cutDimension[node] as number) < 0) continue;
    const next = (depth[node] as number) + 1;
    depth[left[node] as number] = next;
    depth[right[node] as number] = next;
    if (next > maxDepth) maxDepth = next;
  }
  return { boxOf, boxMin, boxMax, rangeSum, maxDepth };
}

/**
 * The AWS random-cut-forest library's standard anomaly score (`AnomalyScoreVisitor` over
 * `AbstractScalarScoreVisitor`, defaults from `CommonUtils`), averaged over trees. Per tree, walk
 * the point's path to a leaf at depth h (root depth 0):
 *   - leaf equal to the point (mass m, tree mass M): s = (1 − m/(2M)) / (h + log2(m + 1)), and stop;
 *   - otherwise s = 1/(h + 1), then for each ancestor at depth k, from the leaf's parent up:
 *     p = Σ_j (range_j of box ∪ point − range_j of box) / Σ_j range_j of box ∪ point
 *     (the chance a random cut of the grown box separates the point from the node's points),
 *     s ← p · 1/(k + 1) + (1 − p) · s, stopping at the first box that contains the point (p = 0
 *     there and above).
 * The tree's score is s · log2(M + 1), so scores are comparable across sample sizes.
 */
export function scoreRows(
  forest: ForestArrays,
  boxes: ForestBoxes,
  treeMass: number,
  x: Matrix,
  out: Float64Array = new Float64Array(x.rows),
): Float64Array {
  const scorer = new TreeScorer(forest, boxes, treeMass, x);
  const trees = forest.treeStart.length - 1;
  const normalizer = Math.log2(treeMass + 1) / trees;
  // Rows in blocks, trees inside: one tree's nodes and boxes stay in cache across a block of rows.
  for (let i0 = 0; i0 < x.rows; i0 += BLOCK_ROWS) {
    const i1 = Math.min(x.rows, i0 + BLOCK_ROWS);
    out.fill(0, i0, i1);
    for (let t = 0; t < trees; t++) {
      const root = forest.treeStart[t] as number;
      for (let i = i0; i < i1; i++) out[i] = (out[i] as number) + scorer.score(root, i * x.cols);
    }
    for (let i = i0; i < i1; i++) out[i] = (out[i] as number) * normalizer;
  }
  return out;
}

const BLOCK_ROWS = 512;

/** One tree's score for one row, without allocating (the path scratch is reused). */
class TreeScorer {
  private readonly cutDimension: Int32Array;
  private readonly cutValue: Float64Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly mass: Int32Array;
  private readonly points: Float64Array;
  private readonly boxOf: Int32Array;
  private readonly boxMin: Float64Array;
  private readonly boxMax: Float64Array;
  private readonly data: Float64Array;
  private readonly d: number;
  private readonly path: Int32Array;
  private readonly outside: Int32Array;
  /** 1/(k + 1) by depth k: the unseen-point score, without a division in the loop. */
  private readonly invDepth: Float64Array;
  private readonly rangeSum: Float64Array;
  private readonly seenDamp: number;

  constructor(forest: ForestArrays, boxes: ForestBoxes, treeMass: number, x: Matrix) {
    ({
      cutDimension: this.cutDimension,
      cutValue: this.cutValue,
      left: this.left,
      right: this.right,
      mass: this.mass,
      points: this.points,
    } = forest);
    ({ boxOf: this.boxOf, boxMin: this.boxMin, boxMax: this.boxMax, rangeSum: this.rangeSum } = boxes);
    this.data = x.data;
    this.d = x.cols;
    this.path = new Int32Array(boxes.maxDepth + 1);
    this.outside = new Int32Array(this.d);
    this.invDepth = new Float64Array(boxes.maxDepth + 1).map((_, k) => 1 / (k + 1));
    this.seenDamp = 1 / (2 * treeMass);
  }

  score(root: number, o: number): number {
    const { cutDimension, cutValue, left, right, data, d, path } = this;
    let node = root;
    let h = 0;
    while ((cutDimension[node] as number) >= 0) {
      path[h++] = node;
      node =
        (data[o + (cutDimension[node] as number)] as number) <= (cutValue[node] as number)
          ? (left[node] as number)
          : (right[node] as number);
    }
    const p0 = (left[node] as number) * d;
    let equal = true;
    for (let j = 0; j < d && equal; j++) equal = data[o + j] === this.points[p0 + j];
    if (equal) {
      const m = this.mass[node] as number;
      return (1 - m * this.seenDamp) / (h + Math.log2(m + 1));
    }
    return this.climb(o, h, this.invDepth[h] as number);
  }

  /**
   * Folds in the ancestors' separation probabilities, from depth h − 1 up to the root. A coordinate
   * inside one box is inside every box above it, so only the coordinates still outside are checked
   * (the AWS visitor's coordInsideBox), and the box's range sum comes precomputed.
   */
  private climb(o: number, h: number, leafScore: number): number {
    const { boxOf, boxMin, boxMax, rangeSum, data, d, path, outside, invDepth } = this;
    let s = leafScore;
    let nOut = d;
    for (let j = 0; j < d; j++) outside[j] = j;
    for (let k = h - 1; k >= 0; k--) {
      const box = boxOf[path[k] as number] as number;
      const b = box * d;
      let grown = 0;
      let kept = 0;
      for (let q = 0; q < nOut; q++) {
        const j = outside[q] as number;
        const v = data[o + j] as number;
        const above = v - (boxMax[b + j] as number);
        const below = (boxMin[b + j] as number) - v;
        // a + |a| = 2·max(a, 0) exactly, and without a branch (inside/outside is unpredictable);
        // the compaction below is branch-free for the same reason.
        const extra = above + Math.abs(above) + below + Math.abs(below);
        grown += extra;
        outside[kept] = j;
        kept += +(extra > 0);
      }
      nOut = kept;
      grown *= 0.5;
      if (!(grown > 0)) break; // the box holds the point, and so do all above it
      const p = grown / ((rangeSum[box] as number) + grown);
      s = p * (invDepth[k] as number) + (1 - p) * s;
    }
    return s;
  }
}

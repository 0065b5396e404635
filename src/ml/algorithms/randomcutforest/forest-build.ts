import type { Matrix } from '../../matrix.js';
import type { Random } from '../../random.js';

/**
 * A forest of random cut trees as flat arrays over all its nodes (trees one after another, each in
 * pre-order, so a node's children always come after it). Leaves have `cutDimension` −1 and `left`
 * pointing at their point's row in `points`; duplicates of a point share one leaf whose `mass`
 * counts them.
 */
export interface ForestArrays {
  /** Tree t's nodes are treeStart[t] .. treeStart[t+1]; its root is the first. */
  readonly treeStart: Int32Array;
  readonly cutDimension: Int32Array;
  /** A point goes left when point[cutDimension] <= cutValue (the AWS library's convention). */
  readonly cutValue: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Points under the node. */
  readonly mass: Int32Array;
  /** One row per leaf, `dimensions` values each, float64 so training rows are recognised exactly. */
  readonly points: Float64Array;
}

/** Growable-by-counter buffers sized for the worst case (all sampled points distinct). */
export class ForestBuilder {
  private readonly treeStart: Int32Array;
  private readonly cutDimension: Int32Array;
  private readonly cutValue: Float64Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly mass: Int32Array;
  private readonly points: Float64Array;
  private nodes = 0;
  private leaves = 0;
  private trees = 0;
  // Scratch reused by every tree: a stack of pending (lo, hi, parent, side) ranges and a box.
  private readonly stack: Int32Array;
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;

  constructor(
    numTrees: number,
    sampleSize: number,
    private readonly d: number,
  ) {
    const maxNodes = numTrees * (2 * sampleSize - 1);
    this.treeStart = new Int32Array(numTrees + 1);
    this.cutDimension = new Int32Array(maxNodes);
    this.cutValue = new Float64Array(maxNodes);
    this.left = new Int32Array(maxNodes);
    this.right = new Int32Array(maxNodes);
    this.mass = new Int32Array(maxNodes);
    this.points = new Float64Array(numTrees * sampleSize * d);
    this.stack = new Int32Array(4 * (sampleSize + 1));
    this.lo = new Float64Array(d);
    this.hi = new Float64Array(d);
  }

  /**
   * Adds the random cut tree of rows `sample` of `x` (Guha et al. 2016): a node picks a dimension
   * with probability proportional to its range over the node's points, cuts uniformly inside that
   * range, and splits until each leaf holds copies of one point. `sample` is reordered in place.
   */
  addTree(x: Matrix, sample: Int32Array, rng: Random): void {
    const { d, stack, lo, hi } = this;
    const data = x.data;
    this.treeStart[this.trees] = this.nodes;
    let top = 0;
    const push = (from: number, to: number, parent: number, side: number) => {
      stack[top++] = from;
      stack[top++] = to;
      stack[top++] = parent;
      stack[top++] = side;
    };
    push(0, sample.length, -1, 0);
    while (top > 0) {
      const side = stack[--top] as number;
      const parent = stack[--top] as number;
      const to = stack[--top] as number;
      const from = stack[--top] as number;
      const node = this.nodes++;
      if (parent >= 0) (side === 0 ? this.left : this.right)[parent] = node;
      this.mass[node] = to - from;
      const sumRange = nodeBox(data, d, sample, from, to, lo, hi);
      if (!(sumRange > 0)) {
        this.addLeaf(node, data, (sample[from] as number) * d);
        continue;
      }
      const dim = pickDimension(lo, hi, rng.next() * sumRange);
      const min = lo[dim] as number;
      const max = hi[dim] as number;
      let cut = min + rng.next() * (max - min);
      if (cut >= max) cut = min; // rounding only: keeps the right side non-empty
      const mid = partition(data, d, sample, from, to, dim, cut);
      this.cutDimension[node] = dim;
      this.cutValue[node] = cut;
      // Right pushed first so the left subtree is built (and numbered) first.
      push(mid, to, node, 1);
      push(from, mid, node, 0);
    }
    this.treeStart[++this.trees] = this.nodes;
  }

  private addLeaf(node: number, data: Float64Array, offset: number): void {
    this.cutDimension[node] = -1;
    this.left[node] = this.leaves;
    this.right[node] = -1;
    this.points.set(data.subarray(offset, offset + this.d), this.leaves * this.d);
    this.leaves++;
  }

  /** The arrays trimmed to what was used (copies, so the worst-case buffers can be freed). */
  finish(): ForestArrays {
    const n = this.nodes;
    return {
      treeStart: this.treeStart.slice(0, this.trees + 1),
      cutDimension: this.cutDimension.slice(0, n),
      cutValue: this.cutValue.slice(0, n),
      left: this.left.slice(0, n),
      right: this.right.slice(0, n),
      mass: this.mass.slice(0, n),
      points: this.points.slice(0, this.leaves * this.d),
    };
  }
}

/** Fills lo/hi with the bounding box of rows sample[from..to) and returns the sum of its ranges. */
function nodeBox(
  data: Float64Array,
  d: number,
  sample: Int32Array,
  from: number,
  to: number,
  lo: Float64Array,
  hi: Float64Array,
): number {
  const first = (sample[from] as number) * d;
  for (let j = 0; j < d; j++) lo[j] = hi[j] = data[first + j] as number;
  for (let k = from + 1; k < to; k++) {
    const o = (sample[k] as number) * d;
    for (let j = 0; j < d; j++) {
      const v = data[o + j] as number;
      if (v < (lo[j] as number)) lo[j] = v;
      else if (v > (hi[j] as number)) hi[j] = v;
    }
  }
  let sum = 0;
  for (let j = 0; j < d; j++) sum += (hi[j] as number) - (lo[j] as number);
  return sum;
}

/** The dimension whose cumulative range first exceeds r (the last non-flat one if rounding runs over). */
function pickDimension(lo: Float64Array, hi: Float64Array, r: number): number {
  let dim = -1;
  for (let j = 0; j < lo.length; j++) {
    const range = (hi[j] as number) - (lo[j] as number);
    if (range <= 0) continue;
    dim = j;
    if (r < range) break;
    r -= range;
  }
  return dim;
}

/** Reorders sample[from..to) so rows with value <= cut in `dim` come first; returns where the rest start. */
function partition(
  data: Float64Array,
  d: number,
  sample: Int32Array,
  from: number,
  to: number,
  dim: number,
  cut: number,
): number {
  let i = from;
  let j = to - 1;
  while (i <= j) {
    if ((data[(sample[i] as number) * d + dim] as number) <= cut) i++;
    else {
      const t = sample[i] as number;
      sample[i] = sample[j] as number;
      sample[j--] = t;
    }
  }
  return i;
}

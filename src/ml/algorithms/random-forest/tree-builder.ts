import { Random } from '../../random.js';
import type { ForestParams } from './random-forest-config.js';

/** The training data as tree builders read it (typed arrays only: shared with worker threads). */
export interface ForestData {
  readonly n: number;
  readonly d: number;
  /** Bin codes, column-major: feature f's codes are at [f·n, (f+1)·n), so a split search reads one column. */
  readonly codes: Uint8Array;
  /** Class index (classifiers) or value (regressors) per row. */
  readonly target: Float64Array;
  readonly weights: Float64Array;
  /** Quantile cuts: bin b of feature f holds values below cutValues[cutPtr[f] + b]. */
  readonly cutPtr: Int32Array;
  readonly cutValues: Float64Array;
}

/**
 * One tree in flat arrays. A split node sends x < threshold to `child` and the rest to `child + 1`;
 * a leaf has feature -1 and `child` is its index into `leafValues` (K values per leaf: class
 * probabilities, or the mean for regressors).
 */
export interface BuiltTree {
  readonly feature: Int32Array;
  readonly threshold: Float32Array;
  readonly child: Int32Array;
  readonly leafValues: Float32Array;
  /** Weighted impurity decrease per feature, divided by the root's weight (scikit-learn's MDI). */
  readonly importance: Float64Array;
  /** With oob: the rows the bootstrap left out and the tree's K outputs for each. */
  readonly oobRows?: Int32Array;
  readonly oobValues?: Float32Array;
}

const BINS = 256;
const EPSILON = 2.220446049250313e-16;

/**
 * Grows CART trees on binned data, reusing its buffers from tree to tree. Each node's candidate split
 * points are the boundaries between the bins its rows occupy: a per-feature histogram over the
 * node's rows (weighted class counts, or weight and weighted sum) scanned left to right. Only the
 * bins a node touches are visited and cleared, so deep, small nodes cost what their rows cost.
 * Nodes go depth-first over one array of row indices partitioned in place.
 */
export class TreeBuilder {
  private readonly k: number;
  private readonly hist: Float64Array;
  private readonly cnt = new Int32Array(BINS);
  private readonly touched = new Int32Array(BINS);
  private readonly nodeSums: Float64Array;
  private readonly leftSums: Float64Array;
  private readonly bestLeft: Float64Array;
  /** Scratch: the best left sums within one feature's scan, and both sides' stats of a split. */
  private readonly scanBest: Float64Array;
  private readonly leftStats: Float64Array;
  private readonly rightStats: Float64Array;
  private readonly idx: Int32Array;
  private readonly w: Float64Array;
  private readonly feats: Int32Array;
  private feature = new Int32Array(1024);
  private threshold = new Float32Array(1024);
  private bin = new Int32Array(1024);
  private child = new Int32Array(1024);
  private leafValues = new Float32Array(1024);
  private nodes = 0;
  private leaves = 0;
  /** Regressors: Σ w·y² left of the best split found so far (for its impurity decrease). */
  private lastSquares = 0;

  constructor(
    private readonly data: ForestData,
    private readonly p: ForestParams,
  ) {
    // Regressors keep (weight, weighted sum) per bin; classifiers one weighted count per class.
    this.k = p.criterion === 'squared_error' ? 2 : p.classes;
    this.hist = new Float64Array(BINS * this.k);
    this.nodeSums = new Float64Array(this.k + 1);
    this.leftSums = new Float64Array(this.k);
    this.bestLeft = new Float64Array(this.k);
    this.scanBest = new Float64Array(this.k);
    this.leftStats = new Float64Array(this.k + 1);
    this.rightStats = new Float64Array(this.k + 1);
    this.idx = new Int32Array(data.n);
    this.w = new Float64Array(data.n);
    this.feats = Int32Array.from({ length: data.d }, (_, f) => f);
  }

  build(seed: number, withOob: boolean): BuiltTree {
    const { n, d, weights } = this.data;
    const p = this.p;
    const random = new Random(seed);
    const w = this.w;
    if (p.bootstrap) {
      w.fill(0);
      for (let s = 0; s < p.samples; s++) {
        const r = random.int(n);
        w[r] = w[r]! + 1;
      }
    } else w.fill(1);
    let m = 0;
    for (let i = 0; i < n; i++) {
      w[i] = w[i]! * weights[i]!;
      if (w[i]! > 0) this.idx[m++] = i;
    }
    this.nodes = 0;
    this.leaves = 0;
    this.feats.forEach((_, f, a) => {
      a[f] = f;
    });
    const importance = new Float64Array(d);
    // Depth-first: (begin, end, depth, node) per open node.
    const stack: number[] = [0, m, 0, this.addNode()];
    let rootWeight = 0;
    while (stack.length > 0) {
      const node = stack.pop()!;
      const depth = stack.pop()!;
      const end = stack.pop()!;
      const begin = stack.pop()!;
      const weight = this.sumNode(begin, end);
      if (node === 0) rootWeight = weight;
      const impurity = this.impurity(this.nodeSums, weight);
      const rows = end - begin;
      const split =
        depth >= p.maxDepth || rows < p.minSamplesSplit || rows < 2 * p.minSamplesLeaf || impurity <= EPSILON
          ? undefined
          : this.bestSplit(begin, end, weight, random);
      if (!split) {
        this.setLeaf(node, weight);
        continue;
      }
      const mid = this.partition(begin, end, split.feature, split.bin);
      const left = this.addNode();
      this.addNode();
      this.feature[node] = split.feature;
      this.bin[node] = split.bin;
      this.threshold[node] = this.data.cutValues[this.data.cutPtr[split.feature]! + split.bin]!;
      this.child[node] = left;
      importance[split.feature] = importance[split.feature]! + split.decrease;
      stack.push(mid, end, depth + 1, left + 1, begin, mid, depth + 1, left);
    }
    for (let f = 0; f < d; f++) importance[f] = importance[f]! / rootWeight;
    const tree: BuiltTree = {
      feature: this.feature.slice(0, this.nodes),
      threshold: this.threshold.slice(0, this.nodes),
      child: this.child.slice(0, this.nodes),
      leafValues: this.leafValues.slice(0, this.leaves * this.outputs()),
      importance,
    };
    return withOob ? { ...tree, ...this.outOfBag(tree) } : tree;
  }

  private outputs(): number {
    return this.p.criterion === 'squared_error' ? 1 : this.p.classes;
  }

  /** Totals of the node's rows into nodeSums; returns its weight. */
  private sumNode(begin: number, end: number): number {
    const s = this.nodeSums;
    const { target } = this.data;
    s.fill(0);
    let weight = 0;
    if (this.p.criterion === 'squared_error') {
      let sum = 0;
      let squares = 0;
      for (let i = begin; i < end; i++) {
        const r = this.idx[i]!;
        const wr = this.w[r]!;
        const y = target[r]!;
        weight += wr;
        sum += wr * y;
        squares += wr * y * y;
      }
      s[0] = weight;
      s[1] = sum;
      s[2] = squares;
      return weight;
    }
    for (let i = begin; i < end; i++) {
      const r = this.idx[i]!;
      const c = target[r]!;
      s[c] = s[c]! + this.w[r]!;
      weight += this.w[r]!;
    }
    return weight;
  }

  /** Impurity of a node from its sums: Gini, entropy (bits) or variance (nodeSums layout). */
  private impurity(s: Float64Array, weight: number): number {
    if (weight <= 0) return 0;
    if (this.p.criterion === 'squared_error') {
      const mean = s[1]! / weight;
      return Math.max(0, s[2]! / weight - mean * mean);
    }
    let out = this.p.criterion === 'gini' ? 1 : 0;
    for (let c = 0; c < this.k; c++) {
      const q = s[c]! / weight;
      if (this.p.criterion === 'gini') out -= q * q;
      else if (q > 0) out -= q * Math.log2(q);
    }
    return out;
  }

  /**
   * The best split over up to maxFeatures non-constant features drawn at random (constant ones do not
   * count, as in scikit-learn), or undefined when every feature is constant in the node.
   */
  private bestSplit(
    begin: number,
    end: number,
    weight: number,
    random: Random,
  ): { feature: number; bin: number; decrease: number } | undefined {
    const { d } = this.data;
    const feats = this.feats;
    let best = Number.NEGATIVE_INFINITY;
    let bestFeature = -1;
    let bestBin = -1;
    let tried = 0;
    for (let j = 0; j < d && tried < this.p.maxFeatures; j++) {
      const k = j + random.int(d - j);
      const f = feats[k]!;
      feats[k] = feats[j]!;
      feats[j] = f;
      const found = this.scanFeature(f, begin, end, weight, best);
      if (found === undefined) continue;
      tried++;
      if (found.score > best) {
        best = found.score;
        bestFeature = f;
        bestBin = found.bin;
        this.bestLeft.set(this.leftSums);
      }
    }
    if (bestFeature < 0) return undefined;
    return { feature: bestFeature, bin: bestBin, decrease: this.decrease(weight) };
  }

  /** Weighted impurity decrease of the best split (bestLeft against nodeSums). */
  private decrease(weight: number): number {
    const s = this.nodeSums;
    const left = this.bestLeft;
    const right = this.rightStats;
    const leftStats = this.leftStats;
    let wl: number;
    if (this.p.criterion === 'squared_error') {
      // bestLeft holds (weight, sum); the squares come from the rows (see splitSquares).
      wl = left[0]!;
      leftStats[0] = wl;
      leftStats[1] = left[1]!;
      leftStats[2] = this.lastSquares;
      right[0] = s[0]! - wl;
      right[1] = s[1]! - left[1]!;
      right[2] = s[2]! - this.lastSquares;
    } else {
      wl = 0;
      for (let c = 0; c < this.k; c++) {
        leftStats[c] = left[c]!;
        right[c] = s[c]! - left[c]!;
        wl += left[c]!;
      }
    }
    const wr = weight - wl;
    return (
      weight * this.impurity(s, weight) - wl * this.impurity(leftStats, wl) - wr * this.impurity(right, wr)
    );
  }

  /**
   * Histogram of feature f over the node's rows, scanned for the best boundary. Returns undefined when
   * the feature is constant in the node; otherwise the best proxy score (larger is better: Σ L²/W_L +
   * Σ R²/W_R for Gini and squared error, Σ c·ln c − W·ln W per side for entropy) and its bin, with
   * leftSums holding the left side's sums when it beats `toBeat`.
   */
  private scanFeature(
    f: number,
    begin: number,
    end: number,
    weight: number,
    toBeat: number,
  ): { score: number; bin: number } | undefined {
    const { codes, target, n } = this.data;
    const { hist, cnt, touched, idx, w } = this;
    const k = this.k;
    const col = f * n;
    const regression = this.p.criterion === 'squared_error';
    let t = 0;
    for (let i = begin; i < end; i++) {
      const r = idx[i]!;
      const b = codes[col + r]!;
      const seen = cnt[b]!;
      cnt[b] = seen + 1;
      if (seen === 0) touched[t++] = b;
      if (regression) {
        hist[2 * b] = hist[2 * b]! + w[r]!;
        hist[2 * b + 1] = hist[2 * b + 1]! + w[r]! * target[r]!;
      } else {
        const cell = b * k + target[r]!;
        hist[cell] = hist[cell]! + w[r]!;
      }
    }
    if (t < 2) {
      this.clear(t);
      return undefined;
    }
    const order = touched.subarray(0, t).sort();
    const left = this.leftSums.fill(0);
    const s = this.nodeSums;
    const rows = end - begin;
    const minLeaf = this.p.minSamplesLeaf;
    const entropy = this.p.criterion === 'entropy';
    let nl = 0;
    let wl = 0;
    let best = Number.NEGATIVE_INFINITY;
    let bestBin = -1;
    const bestSums = this.scanBest;
    for (let j = 0; j < t - 1; j++) {
      const b = order[j]!;
      nl += cnt[b]!;
      for (let c = 0; c < k; c++) left[c] = left[c]! + hist[b * k + c]!;
      if (nl < minLeaf) continue;
      if (rows - nl < minLeaf) break;
      let score: number;
      if (regression) {
        wl = left[0]!;
        const wr = weight - wl;
        if (wl <= 0 || wr <= 0) continue;
        const sr = s[1]! - left[1]!;
        score = (left[1]! * left[1]!) / wl + (sr * sr) / wr;
      } else {
        wl = 0;
        for (let c = 0; c < k; c++) wl += left[c]!;
        const wr = weight - wl;
        if (wl <= 0 || wr <= 0) continue;
        score = entropy ? entropyProxy(left, s, k, wl, wr) : giniProxy(left, s, k, wl, wr);
      }
      if (score > best) {
        best = score;
        bestBin = b;
        bestSums.set(left);
      }
    }
    if (regression && best > toBeat && bestBin >= 0)
      this.lastSquares = this.squaresBelow(f, begin, end, bestBin);
    this.clear(t);
    this.leftSums.set(bestSums);
    return { score: best, bin: bestBin };
  }

  /** Σ w·y² of the node's rows with code ≤ bin (for the chosen split's importance only). */
  private squaresBelow(f: number, begin: number, end: number, bin: number): number {
    const { codes, target, n } = this.data;
    let q = 0;
    for (let i = begin; i < end; i++) {
      const r = this.idx[i]!;
      if (codes[f * n + r]! <= bin) q += this.w[r]! * target[r]! * target[r]!;
    }
    return q;
  }

  private clear(t: number): void {
    for (let j = 0; j < t; j++) {
      const b = this.touched[j]!;
      this.cnt[b] = 0;
      this.hist.fill(0, b * this.k, (b + 1) * this.k);
    }
  }

  /** Moves rows with code ≤ bin to the front of [begin, end); returns where the right side starts. */
  private partition(begin: number, end: number, f: number, bin: number): number {
    const { codes, n } = this.data;
    const idx = this.idx;
    const col = f * n;
    let i = begin;
    let j = end - 1;
    while (i <= j) {
      if (codes[col + idx[i]!]! <= bin) i++;
      else {
        const tmp = idx[i]!;
        idx[i] = idx[j]!;
        idx[j--] = tmp;
      }
    }
    return i;
  }

  private addNode(): number {
    if (this.nodes === this.feature.length) {
      const grow = <T extends Int32Array | Float32Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.feature = grow(this.feature, (n) => new Int32Array(n));
      this.threshold = grow(this.threshold, (n) => new Float32Array(n));
      this.bin = grow(this.bin, (n) => new Int32Array(n));
      this.child = grow(this.child, (n) => new Int32Array(n));
    }
    // The arrays are reused from tree to tree: clear what a leaf leaves unset.
    this.feature[this.nodes] = -1;
    this.threshold[this.nodes] = 0;
    return this.nodes++;
  }

  private setLeaf(node: number, weight: number): void {
    const k = this.outputs();
    if ((this.leaves + 1) * k > this.leafValues.length) {
      const bigger = new Float32Array(this.leafValues.length * 2 + k);
      bigger.set(this.leafValues);
      this.leafValues = bigger;
    }
    const o = this.leaves * k;
    const s = this.nodeSums;
    if (this.p.criterion === 'squared_error') this.leafValues[o] = s[1]! / weight;
    else for (let c = 0; c < k; c++) this.leafValues[o + c] = s[c]! / weight;
    this.feature[node] = -1;
    this.child[node] = this.leaves++;
  }

  /** The tree's outputs for the rows its sample left out, walked on bin codes. */
  private outOfBag(tree: BuiltTree): { oobRows: Int32Array; oobValues: Float32Array } {
    const { n, codes } = this.data;
    const k = this.outputs();
    let count = 0;
    for (let i = 0; i < n; i++) if (this.w[i] === 0) count++;
    const oobRows = new Int32Array(count);
    const oobValues = new Float32Array(count * k);
    for (let i = 0, o = 0; i < n; i++) {
      if (this.w[i] !== 0) continue;
      let node = 0;
      while (tree.feature[node]! >= 0)
        node = tree.child[node]! + (codes[tree.feature[node]! * n + i]! <= this.bin[node]! ? 0 : 1);
      oobRows[o] = i;
      oobValues.set(tree.leafValues.subarray(tree.child[node]! * k, tree.child[node]! * k + k), o * k);
      o++;
    }
    return { oobRows, oobValues };
  }
}

function giniProxy(left: Float64Array, s: Float64Array, k: number, wl: number, wr: number): number {
  let l2 = 0;
  let r2 = 0;
  for (let c = 0; c < k; c++) {
    const l = left[c]!;
    const r = s[c]! - l;
    l2 += l * l;
    r2 += r * r;
  }
  return l2 / wl + r2 / wr;
}

const xlogx = (x: number) => (x > 0 ? x * Math.log(x) : 0);

function entropyProxy(left: Float64Array, s: Float64Array, k: number, wl: number, wr: number): number {
  let out = -xlogx(wl) - xlogx(wr);
  for (let c = 0; c < k; c++) out += xlogx(left[c]!) + xlogx(s[c]! - left[c]!);
  return out;
}

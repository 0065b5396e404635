import { addHistogram, subtractHistogram } from './histogram.js';
import type { QuantileCuts } from './quantile-cuts.js';
import { type BinnedTree, BUILD_LEFT, BUILD_NONE, BUILD_RIGHT } from './shard-kernels.js';
import type { ShardSet } from './shards.js';
import {
  findBestSplit,
  leafWeight,
  noSplit,
  type Split,
  type SplitParams,
  splitThreshold,
} from './split-evaluator.js';

/** One regression tree as it grows; node 0 is the root, children are numbered in breadth-first order. */
export interface GrownTree {
  readonly feature: number[];
  readonly bin: number[];
  readonly threshold: number[];
  readonly left: number[];
  readonly right: number[];
  readonly defaultLeft: boolean[];
  /** Leaves: the output (eta included). Split nodes: the weight the node would have as a leaf. */
  readonly value: number[];
  readonly cover: number[];
  readonly gain: number[];
  /** Leaves and their rows: (begin, end) per shard. Complete only with `partitionLast`. */
  readonly leaves: { readonly node: number; readonly blocks: Int32Array }[];
}

export interface GrowOptions {
  readonly cuts: QuantileCuts;
  readonly params: SplitParams;
  readonly maxDepth: number;
  /** Features this tree may split on, ascending (colsample_bytree). */
  readonly features: Int32Array;
  readonly shards: ShardSet;
  readonly pool: HistogramPool;
  /** Bin code of a missing value per feature (256 when the feature has none). */
  readonly missing: Int32Array;
  /** Partition the rows of the deepest splits too, so every leaf knows its rows (leaf refits). */
  readonly partitionLast: boolean;
}

interface OpenNode {
  readonly node: number;
  /** (begin, end) of the node's rows in each shard. */
  readonly blocks: Int32Array;
  readonly g: number;
  readonly h: number;
  hist: Float64Array | undefined;
  readonly split: Split;
}

/** Recycles histogram buffers (a depth-6 tree needs about 40 of them at its widest level). */
export class HistogramPool {
  private readonly free: Float64Array[] = [];
  constructor(readonly size: number) {}
  take(): Float64Array {
    return this.free.pop() ?? new Float64Array(this.size);
  }
  give(h: Float64Array | undefined): void {
    if (h) this.free.push(h);
  }
}

/**
 * Grows one tree depth-wise for output `group` on the shards' rows (those drawn for the round when
 * `sampled`). Per level, every split node is partitioned in each shard, only the child with the smaller
 * hessian sum gets a histogram pass (as XGBoost picks it) and its sibling's histogram is the parent's
 * minus it. Splits whose children sit at max_depth are not partitioned (the margins are updated by
 * walking the tree, finishShard) unless `partitionLast`.
 */
export function growTree(o: GrowOptions, group: number, sampled: boolean): GrownTree {
  const { shards, params: p } = o;
  const S = shards.count;
  const t = emptyTree();
  const start = shards.prepare(group, sampled);
  const blocks = new Int32Array(2 * S);
  for (let s = 0; s < S; s++) {
    const lo = shards.lo[s]!;
    blocks[2 * s] = lo;
    blocks[2 * s + 1] = lo + start.count[s]!;
  }
  addNode(t, Math.fround(leafWeight(p, start.g, start.h) * p.eta), start.h);
  const rootHist = o.pool.take();
  mergeSlot(rootHist, shards, 0);
  let level: OpenNode[] = [{ node: 0, blocks, g: start.g, h: start.h, hist: rootHist, split: noSplit() }];
  evaluate(o, level);
  for (let depth = 0; level.length > 0; depth++) {
    const tasks: number[][] = Array.from({ length: S }, () => []);
    const pending: { parent: OpenNode; l: OpenNode; r: OpenNode; build: number }[] = [];
    for (const n of level) {
      const s = n.split;
      const valid =
        depth < o.maxDepth &&
        s.feature >= 0 &&
        s.gain > 1e-6 &&
        s.gain >= p.gamma &&
        s.leftH > 0 &&
        s.rightH > 0;
      if (!valid) {
        leaf(t, n);
        o.pool.give(n.hist);
        continue;
      }
      const l = addNode(t, Math.fround(leafWeight(p, s.leftG, s.leftH) * p.eta), s.leftH);
      const r = addNode(t, Math.fround(leafWeight(p, s.rightG, s.rightH) * p.eta), s.rightH);
      setSplit(t, n.node, s, l, r, splitThreshold(o.cuts, s.feature, s.bin));
      const childrenSplit = depth + 1 < o.maxDepth;
      if (!childrenSplit && !o.partitionLast) {
        o.pool.give(n.hist);
        continue;
      }
      const build = !childrenSplit ? BUILD_NONE : s.rightH < s.leftH ? BUILD_RIGHT : BUILD_LEFT;
      for (let sh = 0; sh < S; sh++) {
        const b = n.blocks;
        tasks[sh]!.push(
          b[2 * sh]!,
          b[2 * sh + 1]!,
          s.feature,
          s.bin,
          s.defaultLeft ? 1 : 0,
          o.missing[s.feature]!,
          build,
        );
      }
      const child = (node: number, g: number, h: number): OpenNode => ({
        node,
        blocks: new Int32Array(2 * S),
        g,
        h,
        hist: undefined,
        split: noSplit(),
      });
      pending.push({ parent: n, l: child(l, s.leftG, s.leftH), r: child(r, s.rightG, s.rightH), build });
    }
    if (pending.length === 0) break;
    const mids = shards.split(
      tasks.map((a) => Int32Array.from(a)),
      pending.length,
    );
    level = [];
    pending.forEach(({ parent, l, r, build }, k) => {
      for (let sh = 0; sh < S; sh++) {
        const mid = mids[sh]![k]!;
        l.blocks[2 * sh] = parent.blocks[2 * sh]!;
        l.blocks[2 * sh + 1] = mid;
        r.blocks[2 * sh] = mid;
        r.blocks[2 * sh + 1] = parent.blocks[2 * sh + 1]!;
      }
      if (build !== BUILD_NONE) {
        const [small, large] = build === BUILD_LEFT ? [l, r] : [r, l];
        small.hist = o.pool.take();
        mergeSlot(small.hist, shards, k);
        large.hist = parent.hist;
        subtractHistogram(large.hist!, small.hist);
      } else o.pool.give(parent.hist);
      level.push(l, r);
    });
    evaluate(o, level);
  }
  return t;
}

/** Trees up to this depth also get the complete-tree layout for finishShard's branch-free walk. */
const COMPLETE_DEPTH = 12;

/** The tree in the typed arrays finishShard walks; `missing` is the missing code per feature. */
export function binnedTree(t: GrownTree, missing: Int32Array): BinnedTree {
  const feature = Int32Array.from(t.feature);
  const bin = Int32Array.from(t.bin);
  const left = Int32Array.from(t.left);
  const right = Int32Array.from(t.right);
  const defaultLeft = Uint8Array.from(t.defaultLeft, (d) => (d ? 1 : 0));
  const value = Float64Array.from(t.value);
  const depthOf = (n: number): number =>
    feature[n]! < 0 ? 0 : 1 + Math.max(depthOf(left[n]!), depthOf(right[n]!));
  const depth = depthOf(0);
  const tree = { feature, bin, left, right, defaultLeft, value };
  if (depth > COMPLETE_DEPTH) return tree;
  const inner = (1 << depth) - 1;
  const c = {
    depth,
    word: new Int32Array(inner),
    shift: new Int32Array(inner),
    bin: new Int32Array(inner).fill(255), // padding: every code is ≤ 255, so it goes left
    missing: new Int32Array(inner).fill(256),
    defaultLeft: new Int32Array(inner),
    leaves: new Float64Array(1 << depth),
  };
  const fill = (node: number, i: number, level: number) => {
    if (level === depth) {
      c.leaves[i - inner] = value[node]!;
      return;
    }
    if (feature[node]! >= 0) {
      const f = feature[node]!;
      c.word[i] = f >>> 2;
      c.shift[i] = (f & 3) << 3;
      c.bin[i] = bin[node]!;
      c.missing[i] = missing[f]!;
      c.defaultLeft[i] = defaultLeft[node]!;
      fill(left[node]!, 2 * i + 1, level + 1);
      fill(right[node]!, 2 * i + 2, level + 1);
    } else {
      fill(node, 2 * i + 1, level + 1);
      fill(node, 2 * i + 2, level + 1);
    }
  };
  fill(0, 0, 0);
  return { ...tree, complete: c };
}

function emptyTree(): GrownTree {
  return {
    feature: [],
    bin: [],
    threshold: [],
    left: [],
    right: [],
    defaultLeft: [],
    value: [],
    cover: [],
    gain: [],
    leaves: [],
  };
}

function leaf(t: GrownTree, n: OpenNode): void {
  t.leaves.push({ node: n.node, blocks: n.blocks });
}

/** Sums slot k of every shard into `into`. */
function mergeSlot(into: Float64Array, shards: ShardSet, k: number): void {
  into.set(shards.hist(0, k));
  for (let s = 1; s < shards.count; s++) addHistogram(into, shards.hist(s, k));
}

function evaluate(o: GrowOptions, nodes: readonly OpenNode[]): void {
  for (const n of nodes) if (n.hist) findBestSplit(n.hist, n.g, n.h, o.features, o.cuts, o.params, n.split);
}

function addNode(t: GrownTree, value: number, cover: number): number {
  t.feature.push(-1);
  t.bin.push(0);
  t.threshold.push(0);
  t.left.push(-1);
  t.right.push(-1);
  t.defaultLeft.push(false);
  t.value.push(value);
  t.cover.push(cover);
  t.gain.push(0);
  return t.value.length - 1;
}

function setSplit(t: GrownTree, node: number, s: Split, l: number, r: number, threshold: number): void {
  t.feature[node] = s.feature;
  t.bin[node] = s.bin;
  t.threshold[node] = threshold;
  t.left[node] = l;
  t.right[node] = r;
  t.defaultLeft[node] = s.defaultLeft;
  t.gain[node] = s.gain;
}

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
  /** Per shard, (begin, end, node) triples for finishShard: where each block of rows starts walking. */
  readonly segments: number[][];
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
 * Grows one tree depth-wise for output `group` on the first `counts[s]` rows of each shard (the rows
 * drawn for the round). Per level, every split node is partitioned in each shard, only the child with the smaller
 * hessian sum gets a histogram pass (as XGBoost picks it) and its sibling's histogram is the parent's
 * minus it. Splits whose children sit at max_depth are not partitioned (their rows take one step
 * when the margins are updated, finishShard) unless `partitionLast`.
 */
export function growTree(o: GrowOptions, group: number, counts: Int32Array): GrownTree {
  const { shards, params: p } = o;
  const S = shards.count;
  const t = emptyTree(S);
  const blocks = new Int32Array(2 * S);
  const ends = new Int32Array(S);
  for (let s = 0; s < S; s++) {
    const lo = shards.lo[s]!;
    ends[s] = lo + counts[s]!;
    blocks[2 * s] = lo;
    blocks[2 * s + 1] = ends[s]!;
    // Rows not drawn this round walk the finished tree from the root.
    if (ends[s]! < shards.hi[s]!) t.segments[s]!.push(ends[s]!, shards.hi[s]!, 0);
  }
  const start = shards.root(group, ends);
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
        for (let sh = 0; sh < S; sh++) t.segments[sh]!.push(n.blocks[2 * sh]!, n.blocks[2 * sh + 1]!, n.node);
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
      group,
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

/** The tree in the typed arrays finishShard walks. */
export function binnedTree(t: GrownTree): BinnedTree {
  return {
    feature: Int32Array.from(t.feature),
    bin: Int32Array.from(t.bin),
    left: Int32Array.from(t.left),
    right: Int32Array.from(t.right),
    defaultLeft: Uint8Array.from(t.defaultLeft, (d) => (d ? 1 : 0)),
    value: Float64Array.from(t.value),
  };
}

function emptyTree(shards: number): GrownTree {
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
    segments: Array.from({ length: shards }, () => []),
    leaves: [],
  };
}

function leaf(t: GrownTree, n: OpenNode): void {
  t.leaves.push({ node: n.node, blocks: n.blocks });
  for (let s = 0; s < t.segments.length; s++)
    t.segments[s]!.push(n.blocks[2 * s]!, n.blocks[2 * s + 1]!, n.node);
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

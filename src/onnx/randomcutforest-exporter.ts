import { invalidArgument } from '../core/index.js';
import { forestBoxes } from '../ml/index.js';
import { checkFeatureCount, type ModelExporter, stateOf } from './model-exporter.js';
import { attr } from './onnx-proto.js';
import { anomalyOutput } from './output-heads.js';

/** The fields of RcfState (src/ml/algorithms/randomcutforest) the export reads. */
interface RcfModel {
  readonly dimensions: number;
  readonly treeMass: number;
  readonly treeStart: Int32Array;
  readonly cutDimension: Int32Array;
  readonly cutValue: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly mass: Int32Array;
  readonly points: Float64Array;
}

/**
 * The AWS anomaly score (see src/ml/algorithms/randomcutforest/forest-score.ts) with standard ops
 * only, every tree at once as [N, trees] tensors of node ids:
 *  - the walk is unrolled to the deepest leaf: node ← Where(x[dim] <= cut, left, right), leaves
 *    pointing at themselves (cut +∞), so shorter paths wait at their leaf;
 *  - at each step, the chance p that a random cut of the node's box grown by the point separates
 *    them: Σ relu(min − x) + relu(x − max) over Σ range. A leaf's "box" is all of space with an
 *    infinite range, so p = 0 there and waiting steps change nothing;
 *  - the leaf's score is the seen-point score when the point equals the leaf's (no climbing), else
 *    1/(h + 1) folded upwards, s ← p·1/(k + 1) + (1 − p)·s, in Kelp's order and arithmetic;
 *  - the mean over trees times log2(treeMass + 1).
 * Numeric inputs are double (see `numericInput`): a training row must be recognised as itself,
 * and a float32 copy of it would not be.
 */
export const randomCutForestExporter: ModelExporter = {
  algorithm: 'randomcutforest',
  fill: 'double',
  numericInput: 'double',
  build(g, artifact, features) {
    const s = stateOf<RcfModel>(artifact);
    const d = s.dimensions;
    checkFeatureCount(artifact, d);
    const table = nodeTable(s);
    const trees = s.treeStart.length - 1;
    const n = s.cutDimension.length;
    const c = (hint: string, type: 'double' | 'int64', values: ArrayLike<number>, dims = [n]) =>
      g.constant(hint, type, dims, values);
    const dims = c('cut_dim', 'int64', table.dim);
    const cuts = c('cut_value', 'double', table.cut);
    const lefts = c('left', 'int64', table.left);
    const rights = c('right', 'int64', table.right);
    const boxMin = c('box_min', 'double', table.boxMin, [n, d]);
    const boxMax = c('box_max', 'double', table.boxMax, [n, d]);
    const ranges = c('range_sum', 'double', table.range);
    const gather = (data: string, idx: string) => g.op('Gather', [data, idx], [attr.int('axis', 0)]);
    const sumLast = (t: string) =>
      g.op('ReduceSum', [t, g.constant('axis2', 'int64', [1], [2])], [attr.int('keepdims', 0)]);
    const x = g.op('Unsqueeze', [features, g.constant('axis1', 'int64', [1], [1])]); // [N,1,d]
    // Every row starts at every root: [N, trees].
    const batch = g.op('Shape', [features], [attr.int('start', 0), attr.int('end', 1)]);
    let node = g.op('Expand', [
      c('roots', 'int64', Array.from(s.treeStart.subarray(0, trees)), [1, trees]),
      g.op('Concat', [batch, g.constant('trees', 'int64', [1], [trees])], [attr.int('axis', 0)]),
    ]);
    const separation: string[] = [];
    for (let k = 0; k < table.maxDepth; k++) {
      const gap = sumLast(
        g.op('Add', [
          g.op('Relu', [g.op('Sub', [gather(boxMin, node), x])]),
          g.op('Relu', [g.op('Sub', [x, gather(boxMax, node)])]),
        ]),
      );
      separation.push(g.op('Div', [gap, g.op('Add', [gather(ranges, node), gap])]));
      const value = g.op('GatherElements', [features, gather(dims, node)], [attr.int('axis', 1)]);
      const goLeft = g.op('LessOrEqual', [value, gather(cuts, node)]);
      node = g.op('Where', [goLeft, gather(lefts, node), gather(rights, node)]);
    }
    // `node` is now each tree's leaf.
    const one = g.constant('one', 'double', [], [1]);
    let score = gather(c('unseen', 'double', table.unseen), node);
    for (let k = table.maxDepth - 1; k >= 0; k--) {
      const p = separation[k]!;
      score = g.op('Add', [
        g.op('Mul', [p, g.constant(`inv_depth${k}`, 'double', [], [1 / (k + 1)])]),
        g.op('Mul', [g.op('Sub', [one, p]), score]),
      ]);
    }
    const distance = sumLast(
      g.op('Abs', [g.op('Sub', [x, gather(c('points', 'double', table.point, [n, d]), node)])]),
    );
    const seen = g.op('Equal', [distance, g.constant('zero', 'double', [], [0])]);
    score = g.op('Where', [seen, gather(c('seen', 'double', table.seen), node), score]);
    const total = g.op(
      'ReduceSum',
      [score, g.constant('axis1', 'int64', [1], [1])],
      [attr.int('keepdims', 1)],
    );
    const normalizer = Math.log2(s.treeMass + 1) / trees;
    const scaled = g.op('Mul', [total, g.constant('normalizer', 'double', [], [normalizer])]);
    anomalyOutput(g, g.cast(scaled, 'float'));
  },
};

/** Per node of the whole forest: the walk's step, its box, and its leaf scores. */
interface NodeTable {
  readonly dim: Float64Array;
  readonly cut: Float64Array;
  readonly left: Float64Array;
  readonly right: Float64Array;
  readonly boxMin: Float64Array;
  readonly boxMax: Float64Array;
  readonly range: Float64Array;
  /** A leaf's point (NaN for internal nodes, which the walk never stops at). */
  readonly point: Float64Array;
  /** Leaf scores: the point seen (mass-damped), and unseen (1/(h + 1)). */
  readonly seen: Float64Array;
  readonly unseen: Float64Array;
  readonly maxDepth: number;
}

function nodeTable(s: RcfModel): NodeTable {
  const d = s.dimensions;
  const n = s.cutDimension.length;
  if (s.cutValue.length !== n || s.left.length !== n || s.right.length !== n || s.mass.length !== n)
    throw invalidArgument('onnx: randomcutforest state arrays do not have one entry per node');
  const boxes = forestBoxes(s, d);
  const t: NodeTable = {
    dim: new Float64Array(n),
    cut: new Float64Array(n).fill(Number.POSITIVE_INFINITY),
    left: new Float64Array(n),
    right: new Float64Array(n),
    boxMin: new Float64Array(n * d).fill(Number.NEGATIVE_INFINITY),
    boxMax: new Float64Array(n * d).fill(Number.POSITIVE_INFINITY),
    range: new Float64Array(n).fill(Number.POSITIVE_INFINITY),
    point: new Float64Array(n * d).fill(Number.NaN),
    seen: new Float64Array(n),
    unseen: new Float64Array(n),
    maxDepth: boxes.maxDepth,
  };
  const depth = new Int32Array(n);
  const seenDamp = 1 / (2 * s.treeMass);
  for (let node = 0; node < n; node++) {
    const dim = s.cutDimension[node]!;
    if (dim < 0) {
      // A leaf: stays put, and scores as forest-score.ts's TreeScorer does.
      t.left[node] = t.right[node] = node;
      const h = depth[node]!;
      const m = s.mass[node]!;
      t.point.set(s.points.subarray(s.left[node]! * d, (s.left[node]! + 1) * d), node * d);
      t.seen[node] = (1 - m * seenDamp) / (h + Math.log2(m + 1));
      t.unseen[node] = 1 / (h + 1);
      continue;
    }
    const box = boxes.boxOf[node]!;
    t.dim[node] = dim;
    t.cut[node] = s.cutValue[node]!;
    t.left[node] = s.left[node]!;
    t.right[node] = s.right[node]!;
    depth[s.left[node]!] = depth[s.right[node]!] = depth[node]! + 1;
    t.boxMin.set(boxes.boxMin.subarray(box * d, (box + 1) * d), node * d);
    t.boxMax.set(boxes.boxMax.subarray(box * d, (box + 1) * d), node * d);
    t.range[node] = boxes.rangeSum[box]!;
  }
  return t;
}

import { invalidArgument } from '../core/index.js';
import { checkFeatureCount, type ModelExporter, stateOf } from './model-exporter.js';
import { attr } from './onnx-proto.js';
import { OUTPUTS } from './output-heads.js';

interface Centers {
  readonly rows: number;
  readonly cols: number;
  readonly data: ArrayLike<number>;
}

/**
 * Squared distances to every centre ([N,1,d] − [k,d] broadcast to [N,k,d], squared, summed), the
 * nearest centre's index as `cluster` (int64 [N], first on ties) and its Euclidean distance as
 * `distance` (float [N]): Kelp's cluster and distance columns. Memory grows as N·k·d.
 */
export const kmeansExporter: ModelExporter = {
  algorithm: 'kmeans',
  fill: 'double',
  build(g, artifact, features) {
    const { centers } = stateOf<{ centers: Centers }>(artifact);
    if (!centers || centers.data.length !== centers.rows * centers.cols)
      throw invalidArgument('onnx: kmeans model has no valid centres');
    checkFeatureCount(artifact, centers.cols);
    const c = g.constant('centers', 'double', [centers.rows, centers.cols], centers.data);
    const rows = g.op('Unsqueeze', [features, g.constant('axis1', 'int64', [1], [1])]);
    const diff = g.op('Sub', [rows, c]);
    const axis2 = g.constant('axis2', 'int64', [1], [2]);
    const d2 = g.op('ReduceSum', [g.op('Mul', [diff, diff]), axis2], [attr.int('keepdims', 0)]);
    const cluster = g.op('ArgMin', [d2], [attr.int('axis', 1), attr.int('keepdims', 0)]);
    // Opset 17: ReduceSum takes its axes as an input, ReduceMin still as an attribute.
    const nearest = g.op('ReduceMin', [d2], [attr.ints('axes', [1]), attr.int('keepdims', 0)]);
    g.output(OUTPUTS.cluster, cluster, 'int64', ['N']);
    g.output(OUTPUTS.distance, g.cast(g.op('Sqrt', [nearest]), 'float'), 'float', ['N']);
  },
};

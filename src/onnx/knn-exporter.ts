import { invalidArgument } from '../core/index.js';
import { checkFeatureCount, classesOf, type ModelExporter, stateOf } from './model-exporter.js';
import { attr } from './onnx-proto.js';
import { argmaxRows, classifierOutputs, regressorOutput } from './output-heads.js';

/** The fields of KnnState (src/ml/algorithms/knn) the export reads. */
interface KnnModel {
  readonly predictorType: 'classifier' | 'regressor';
  readonly k: number;
  readonly train: { readonly rows: number; readonly cols: number; readonly data: ArrayLike<number> };
  readonly y: ArrayLike<number>;
  readonly classes: number;
}

/**
 * Brute force in the graph: squared distances to every stored training row (Σ (x − t)², in double;
 * memory grows as N × rows × features), the k nearest by TopK on their negatives (lower index first
 * on ties, as Kelp), then the neighbours' votes as class shares
 * (label: most votes, lowest class on ties, as Kelp) or their mean target. The training rows travel
 * inside the model, so its size grows with them (the sample_size hyperparameter keeps it small).
 */
export const knnExporter: ModelExporter = {
  algorithm: 'knn',
  fill: 'double',
  build(g, artifact, features) {
    const s = stateOf<KnnModel>(artifact);
    if (!s.train || !s.y) throw invalidArgument('onnx: knn model state has no stored training rows');
    const { rows: n, cols: d, data } = s.train;
    checkFeatureCount(artifact, d);
    if (data.length !== n * d || s.y.length !== n)
      throw invalidArgument('onnx: knn state does not match its training rows');
    const k = Math.min(s.k, n);
    const axis1 = g.constant('axis1', 'int64', [1], [1]);
    // Σ (x − t)², the way Kelp's searches add up a distance, so equal distances tie the same way.
    const diff = g.op('Sub', [
      g.op('Unsqueeze', [features, axis1]),
      g.constant('train', 'double', [n, d], data),
    ]);
    const dist = g.op(
      'ReduceSum',
      [g.op('Mul', [diff, diff]), g.constant('axis2', 'int64', [1], [2])],
      [attr.int('keepdims', 0)],
    );
    const [, nearest] = g.ops('TopK', [g.op('Neg', [dist]), g.constant('k', 'int64', [1], [k])], 2, [
      attr.int('axis', 1),
      attr.int('largest', 1),
      attr.int('sorted', 1),
    ]);
    if (s.predictorType === 'regressor') {
      const targets = g.op(
        'Gather',
        [g.constant('targets', 'double', [n], s.y), nearest!],
        [attr.int('axis', 0)],
      );
      const mean = g.op('ReduceMean', [targets], [attr.ints('axes', [1]), attr.int('keepdims', 1)]);
      return regressorOutput(g, g.cast(mean, 'float'));
    }
    const c = s.classes;
    const labels = g.op(
      'Gather',
      [g.constant('labels', 'int64', [n], Array.from(s.y, Math.round)), nearest!],
      [attr.int('axis', 0)],
    );
    // ONNX Runtime's OneHot has no double kernel: the shares are float, as the output is.
    const votes = g.op(
      'OneHot',
      [labels, g.constant('depth', 'int64', [], [c]), g.constant('onoff', 'float', [2], [0, 1 / k])],
      [attr.int('axis', -1)],
    );
    const shares = g.op('ReduceSum', [votes, axis1], [attr.int('keepdims', 0)]);
    classifierOutputs(g, argmaxRows(g, shares), shares, classesOf(artifact, c));
  },
};

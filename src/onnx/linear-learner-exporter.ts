import { invalidArgument } from '../core/index.js';
import { checkFeatureCount, classesOf, type ModelExporter, stateOf } from './model-exporter.js';
import { attr } from './onnx-proto.js';
import {
  argmaxRows,
  binaryProbabilities,
  classifierOutputs,
  decisionIndex,
  regressorOutput,
} from './output-heads.js';

/** The fields of LinearLearnerState (src/ml/algorithms/linear-learner/linear-learner.ts) the export reads. */
interface LinearModel {
  readonly predictorType: 'binary_classifier' | 'multiclass_classifier' | 'regressor';
  /** K rows of (d weights, bias). */
  readonly coefficients: ArrayLike<number>;
  readonly outputs: number;
  readonly features: number;
  readonly threshold: number;
}

/**
 * MatMul + Add in double (as Kelp computes), then sigmoid with Kelp's decision threshold (binary:
 * label 1 when p ≥ threshold), softmax (multiclass) or nothing (regressor). Standard ops only.
 */
export const linearLearnerExporter: ModelExporter = {
  algorithm: 'linear-learner',
  fill: 'double',
  threshold: (artifact) => stateOf<LinearModel>(artifact).threshold,
  build(g, artifact, features) {
    const s = stateOf<LinearModel>(artifact);
    const { outputs: k, features: d, coefficients: c } = s;
    checkFeatureCount(artifact, d);
    if (c.length !== k * (d + 1))
      throw invalidArgument(`onnx: linear-learner has ${c.length} coefficients, expected ${k * (d + 1)}`);
    // Weights transposed to d × K for x·W; the bias is the last value of each row.
    const w = new Float64Array(d * k);
    const b = new Float64Array(k);
    for (let o = 0; o < k; o++) {
      for (let j = 0; j < d; j++) w[j * k + o] = c[o * (d + 1) + j]!;
      b[o] = c[o * (d + 1) + d]!;
    }
    const weights = g.constant('weights', 'double', [d, k], w);
    const raw = g.op('Add', [g.op('MatMul', [features, weights]), g.constant('bias', 'double', [k], b)]);
    if (s.predictorType === 'regressor') return regressorOutput(g, g.cast(raw, 'float'));
    if (s.predictorType === 'binary_classifier') {
      const p = g.op('Sigmoid', [raw]);
      const positive = g.op('GreaterOrEqual', [p, g.constant('threshold', 'double', [], [s.threshold])]);
      const probabilities = g.cast(binaryProbabilities(g, p, 'double'), 'float');
      return classifierOutputs(g, decisionIndex(g, positive), probabilities, classesOf(artifact, 2));
    }
    const p = g.op('Softmax', [raw], [attr.int('axis', 1)]);
    classifierOutputs(g, argmaxRows(g, p), g.cast(p, 'float'), classesOf(artifact, k));
  },
};

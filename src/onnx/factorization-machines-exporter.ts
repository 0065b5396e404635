import { invalidArgument } from '../core/index.js';
import { checkFeatureCount, classesOf, type ModelExporter, stateOf } from './model-exporter.js';
import { attr } from './onnx-proto.js';
import { binaryProbabilities, classifierOutputs, decisionIndex, regressorOutput } from './output-heads.js';

/** The fields of FmState (src/ml/algorithms/factorization-machines) the export reads. */
interface FmModel {
  readonly predictorType: 'binary_classifier' | 'regressor';
  readonly features: number;
  readonly numFactors: number;
  readonly bias: number;
  readonly linear: ArrayLike<number>;
  /** features × numFactors, row-major. */
  readonly factors: ArrayLike<number>;
}

/**
 * ŷ = w0 + x·w + ½ Σ_f [(x·V)_f² − (x²·V²)_f] (Rendle's identity, as Kelp computes it) in double,
 * then sigmoid with label 1 when p ≥ 0.5 (SageMaker's rule) or the value itself for a regressor.
 */
export const factorizationMachinesExporter: ModelExporter = {
  algorithm: 'factorization-machines',
  fill: 'double',
  threshold: () => 0.5,
  build(g, artifact, features) {
    const s = stateOf<FmModel>(artifact, 'kelp.factorization-machines/1');
    const { features: d, numFactors: k } = s;
    checkFeatureCount(artifact, d);
    if (s.linear.length !== d || s.factors.length !== d * k)
      throw invalidArgument(
        'onnx: factorization-machines state does not match its feature and factor counts',
      );
    const v = g.constant('factors', 'double', [d, k], s.factors);
    const v2 = g.constant(
      'factors_sq',
      'double',
      [d, k],
      Float64Array.from(s.factors, (x) => x * x),
    );
    const linear = g.op('Add', [
      g.op('MatMul', [features, g.constant('linear', 'double', [d, 1], s.linear)]),
      g.constant('bias', 'double', [1], [s.bias]),
    ]);
    const xv = g.op('MatMul', [features, v]);
    const x2v2 = g.op('MatMul', [g.op('Mul', [features, features]), v2]);
    const sum = g.op(
      'ReduceSum',
      [g.op('Sub', [g.op('Mul', [xv, xv]), x2v2]), g.constant('axis1', 'int64', [1], [1])],
      [attr.int('keepdims', 1)],
    );
    const raw = g.op('Add', [linear, g.op('Mul', [sum, g.constant('half', 'double', [], [0.5])])]);
    if (s.predictorType === 'regressor') return regressorOutput(g, g.cast(raw, 'float'));
    const p = g.op('Sigmoid', [raw]);
    const positive = g.op('GreaterOrEqual', [p, g.constant('threshold', 'double', [], [0.5])]);
    classifierOutputs(
      g,
      decisionIndex(g, positive),
      g.cast(binaryProbabilities(g, p, 'double'), 'float'),
      classesOf(artifact, 2),
    );
  },
};

import type { GraphBuilder } from './graph-builder.js';
import { attr } from './onnx-proto.js';

/** The graph's output names, per kind of model. */
export const OUTPUTS = {
  label: 'label',
  probabilities: 'probabilities',
  prediction: 'prediction',
  cluster: 'cluster',
  distance: 'distance',
  projection: 'projection',
  score: 'score',
} as const;

export const RESERVED_NAMES: readonly string[] = Object.values(OUTPUTS);

/** Index of the largest value per row (the first one on ties, as Kelp's predictors pick). */
export function argmaxRows(g: GraphBuilder, scores: string): string {
  return g.op('ArgMax', [scores], [attr.int('axis', 1), attr.int('keepdims', 0)]);
}

/** A [N,1] boolean decision as an int64 [N] class index (0 or 1). */
export function decisionIndex(g: GraphBuilder, decision: string): string {
  return g.op('Squeeze', [g.cast(decision, 'int64'), g.constant('axis1', 'int64', [1], [1])]);
}

/** [1 − p, p] from the positive class probability p [N,1]. */
export function binaryProbabilities(g: GraphBuilder, p: string, type: 'float' | 'double'): string {
  const one = g.constant('one', type, [], [1]);
  return g.op('Concat', [g.op('Sub', [one, p]), p], [attr.int('axis', 1)]);
}

/**
 * Classifier outputs: `label`, the class names of Kelp's predicted_label (string [N]), picked from
 * the int64 [N] class index, and `probabilities`, float [N, K] in class order.
 */
export function classifierOutputs(
  g: GraphBuilder,
  index: string,
  probabilities: string,
  classes: readonly string[],
): void {
  const names = g.constant('classes', 'string', [classes.length], [...classes]);
  g.output(OUTPUTS.label, g.op('Gather', [names, index], [attr.int('axis', 0)]), 'string', ['N']);
  g.output(OUTPUTS.probabilities, probabilities, 'float', ['N', classes.length]);
}

/** Regressor output: `prediction`, float [N, 1]. */
export function regressorOutput(g: GraphBuilder, value: string): void {
  g.output(OUTPUTS.prediction, value, 'float', ['N', 1]);
}

/** Anomaly detector output: `score`, float [N, 1], higher = more anomalous. */
export function anomalyOutput(g: GraphBuilder, value: string): void {
  g.output(OUTPUTS.score, value, 'float', ['N', 1]);
}

import { invalidArgument } from '../core/index.js';
import type { ModelArtifact } from '../training/index.js';
import type { GraphBuilder } from './graph-builder.js';
import type { FillPrecision, NumericInput } from './preprocess-graph.js';

/**
 * Turns one algorithm's trained state into ONNX nodes after the shared preprocessing. One per
 * algorithm (see exporters.ts); the state types are read structurally, so this folder depends only
 * on the fields it converts.
 */
export interface ModelExporter {
  readonly algorithm: string;
  /** Tree models compare features in float32: their mean fill is rounded to float32 as Kelp's does. */
  readonly fill: FillPrecision;
  /** The numeric inputs' type: float unless the model needs its inputs exactly (default 'float'). */
  readonly numericInput?: NumericInput;
  /** Adds the model on `features` (double [N, d]) and the graph outputs. */
  build(g: GraphBuilder, artifact: ModelArtifact, features: string): void;
  /** Binary classifiers: the probability of class 1 from which the label is 1 (for verification). */
  threshold?(artifact: ModelArtifact): number;
}

/** The class names of a classifier, checked against the model's number of outputs. */
export function classesOf(artifact: ModelArtifact, outputs: number): readonly string[] {
  const classes = artifact.preprocessor.target?.classes;
  if (!classes || classes.length !== outputs)
    throw invalidArgument(
      `onnx: ${artifact.algorithm} classifier has ${outputs} outputs but ${classes?.length ?? 0} class names`,
    );
  return classes;
}

/** Checks the state's format tag, so a model from another Kelp version fails clearly. */
export function stateOf<T extends object>(artifact: ModelArtifact, format?: string): T {
  const state = artifact.state as (T & { format?: unknown }) | null;
  if (!state || typeof state !== 'object' || (format !== undefined && state.format !== format))
    throw invalidArgument(
      `onnx: ${artifact.algorithm} model state is not ${format ?? 'readable'} (format '${String(state?.format)}')`,
    );
  return state;
}

/** The feature count the preprocessing produces must be what the model was trained on. */
export function checkFeatureCount(artifact: ModelArtifact, count: number): void {
  const d = artifact.preprocessor.featureNames.length;
  if (count !== d)
    throw invalidArgument(`onnx: ${artifact.algorithm} model has ${count} features, its preprocessing ${d}`);
}

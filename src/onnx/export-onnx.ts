import { invalidArgument } from '../core/index.js';
import type { ModelArtifact } from '../training/index.js';
import { factorizationMachinesExporter } from './factorization-machines-exporter.js';
import { GraphBuilder } from './graph-builder.js';
import { kmeansExporter } from './kmeans-exporter.js';
import { knnExporter } from './knn-exporter.js';
import { linearLearnerExporter } from './linear-learner-exporter.js';
import type { ModelExporter } from './model-exporter.js';
import { RESERVED_NAMES } from './output-heads.js';
import { pcaExporter } from './pca-exporter.js';
import { buildPreprocessing } from './preprocess-graph.js';
import { randomForestExporter } from './random-forest-exporter.js';
import { randomCutForestExporter } from './randomcutforest-exporter.js';
import { xgboostExporter } from './xgboost-exporter.js';

/** 'onnx-web' is the same graph today: it uses only ops and tensor types onnxruntime-web's wasm backend runs. */
export type OnnxTarget = 'onnx' | 'onnx-web';

export interface ExportOnnxOptions {
  readonly target?: OnnxTarget;
}

const EXPORTERS: ReadonlyMap<string, ModelExporter> = new Map(
  [
    xgboostExporter,
    randomForestExporter,
    linearLearnerExporter,
    factorizationMachinesExporter,
    knnExporter,
    kmeansExporter,
    pcaExporter,
    randomCutForestExporter,
  ].map((e) => [e.algorithm, e]),
);

/** The algorithms `exportOnnx` converts. */
export const ONNX_ALGORITHMS: readonly string[] = [...EXPORTERS.keys()];

export function exporterFor(algorithm: string): ModelExporter {
  const e = EXPORTERS.get(algorithm);
  if (!e)
    throw invalidArgument(
      `onnx: ${algorithm} models cannot be exported to ONNX yet (supported: ${ONNX_ALGORITHMS.join(', ')})`,
      { algorithm },
    );
  return e;
}

/** One ONNX model (serialized ModelProto) computing from raw columns what Kelp's predictor does. */
export function exportOnnx(artifact: ModelArtifact, options: ExportOnnxOptions = {}): Uint8Array {
  const target = options.target ?? 'onnx';
  if (target !== 'onnx' && target !== 'onnx-web')
    throw invalidArgument(`onnx: unknown target '${String(target)}' (onnx, onnx-web)`);
  const exporter = exporterFor(artifact.algorithm);
  const g = new GraphBuilder(RESERVED_NAMES);
  const features = buildPreprocessing(g, artifact.preprocessor, exporter.fill, exporter.numericInput);
  exporter.build(g, artifact, features);
  return g.encode(`Kelp ${artifact.algorithm} ${artifact.kind}, trained ${artifact.trainedAt}`);
}

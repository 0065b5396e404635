/**
 * ONNX export ("Neo"): one standard ONNX graph per trained Kelp model, preprocessing included, so
 * any ONNX runtime predicts from raw columns what Kelp's batch predictor does.
 *
 * Graph (IR 8, opsets ai.onnx 17 and ai.onnx.ml 3, read by ONNX Runtime ≥ 1.12):
 *  - Inputs: one per feature column, named as the column, in training order: float [N,1] for
 *    numeric columns (NaN = missing; double for randomcutforest, which must recognise its training
 *    rows exactly), string [N,1] for categorical ones ('' or any unseen value = no category).
 *    Columns that were the target or not in training are not inputs. A model trained on sparse
 *    RecordIO rows has one input `features` [N, width], the rows expanded, and no preprocessing.
 *  - Preprocessing: OneHotEncoder (zeros=1, the stored category order) + Squeeze per categorical
 *    column, Concat into the `featureNames` order, Cast to double, and Where(IsNaN) filling the
 *    training means, except for xgboost, whose trees route NaN along their learned default
 *    directions (nodes_missing_value_tracks_true).
 *  - Model, on double features: xgboost and random-forest as one ai.onnx.ml TreeEnsembleRegressor
 *    (BRANCH_LT; SUM + base margin, then Sigmoid / Softmax / Exp for xgboost; AVERAGE for forests);
 *    linear-learner as MatMul + Add then Sigmoid (Kelp's decision threshold) or Softmax;
 *    factorization-machines as MatMul + Rendle's ½ Σ[(xV)² − x²V²] then Sigmoid (p ≥ 0.5); knn as
 *    distances to the stored training rows, TopK, and the neighbours' votes or mean; kmeans as
 *    squared distances to the centres, ArgMin and Sqrt; pca as Sub + MatMul; randomcutforest as its
 *    trees' walks unrolled over node tables (Gather, GatherElements, Where) with the AWS score's
 *    box-separation fold.
 *  - Outputs: classifiers `label` (string [N], the class names of predicted_label) and
 *    `probabilities` (float [N, K], class order of the model); regressors `prediction` (float
 *    [N,1]); kmeans `cluster` (int64 [N]) and `distance` (float [N]); pca `projection` (float [N,k]);
 *    randomcutforest `score` (float [N,1]).
 *    Plain tensors only (no ZipMap), so onnxruntime-web can read them.
 *
 * Classifier labels are computed in the graph with Kelp's rules (xgboost: p > 0.5, linear-learner:
 * p ≥ its threshold, otherwise the first most probable class) rather than by TreeEnsembleClassifier,
 * whose binary-case and label conventions differ. 'onnx' and 'onnx-web' are the same graph: every
 * op and tensor type in it runs on onnxruntime-web's wasm backend (test/browser/onnx-web.test.ts runs
 * every algorithm's export in Chromium; the WebGL/WebGPU backends lack the ai.onnx.ml ops).
 *
 * Float32 numeric inputs lose precision on values a float32 cannot hold closely (e.g.
 * epoch-millisecond timestamps) before a linear model sees them (tree models compare in float32
 * anyway). Non-finite numbers, which Kelp refuses, pass
 * through. `verifyOnnx` runs a model in onnxruntime-node and compares it with Kelp's predictor.
 */
export { COMPILE_KIND, type CompileDeps, type CompileResult, CompileService } from './compile-service.js';
export { type ExportOnnxOptions, exportOnnx, ONNX_ALGORITHMS, type OnnxTarget } from './export-onnx.js';
export { IR_VERSION, ML_OPSET, OPSET } from './graph-builder.js';
export { type OnnxInput, onnxInputs, rowsToFrame, sparseOnnxInputs } from './onnx-inputs.js';
export { OUTPUTS } from './output-heads.js';
export { type OnnxOutput, runOnnx } from './run-onnx.js';
export {
  compareWithKelp,
  exportVerifiedOnnx,
  modelInputs,
  ONNX_TOLERANCE,
  type VerifyResult,
  type VerifyRows,
  verifyOnnx,
} from './verify-onnx.js';

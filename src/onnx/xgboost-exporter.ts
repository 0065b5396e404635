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
import { treeEnsembleRegressor } from './tree-ensemble-node.js';
import { type BoostedTrees, boostedTreeTable } from './tree-table.js';

/** The fields of XGBoostState (src/ml/algorithms/xgboost/xgboost.ts) the export reads. */
interface XGBoostModel {
  readonly objective: string;
  readonly outputs: number;
  readonly baseMargin: number;
  readonly featureNames: readonly string[];
  readonly trees: BoostedTrees;
}

/**
 * Margins from a TreeEnsembleRegressor (base margin included), then XGBoost's link: sigmoid
 * (binary:logistic, label 1 when the margin is > 0, i.e. p > 0.5), softmax (multi:softprob, label
 * = largest margin), identity (reg:squarederror, reg:absoluteerror) or exp (count:poisson).
 */
export const xgboostExporter: ModelExporter = {
  algorithm: 'xgboost',
  fill: 'float32',
  build(g, artifact, features) {
    const s = stateOf<XGBoostModel>(artifact, 'kelp.xgboost/1');
    checkFeatureCount(artifact, s.featureNames.length);
    const margins = treeEnsembleRegressor(g, features, boostedTreeTable(s.trees), {
      targets: s.outputs,
      // Kelp starts every row at the base margin rounded to float32.
      base: Array.from({ length: s.outputs }, () => Math.fround(s.baseMargin)),
      aggregate: 'SUM',
    });
    switch (s.objective) {
      case 'binary:logistic': {
        const p = g.op('Sigmoid', [margins]);
        const positive = g.op('Greater', [margins, g.constant('zero', 'float', [], [0])]);
        classifierOutputs(
          g,
          decisionIndex(g, positive),
          binaryProbabilities(g, p, 'float'),
          classesOf(artifact, 2),
        );
        return;
      }
      case 'multi:softprob': {
        const p = g.op('Softmax', [margins], [attr.int('axis', 1)]);
        classifierOutputs(g, argmaxRows(g, margins), p, classesOf(artifact, s.outputs));
        return;
      }
      case 'reg:squarederror':
      case 'reg:absoluteerror':
        regressorOutput(g, margins);
        return;
      case 'count:poisson':
        regressorOutput(g, g.op('Exp', [margins]));
        return;
      default:
        throw invalidArgument(`onnx: xgboost objective '${s.objective}' cannot be exported`);
    }
  },
};

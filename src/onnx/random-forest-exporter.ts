import { checkFeatureCount, classesOf, type ModelExporter, stateOf } from './model-exporter.js';
import { argmaxRows, classifierOutputs, regressorOutput } from './output-heads.js';
import { treeEnsembleRegressor } from './tree-ensemble-node.js';
import { type ForestTrees, forestTreeTable } from './tree-table.js';

/** The fields of RandomForestState (src/ml/algorithms/random-forest/random-forest.ts) the export reads. */
interface ForestModel {
  readonly kind: 'classifier' | 'regressor';
  readonly featureNames: readonly string[];
  readonly trees: ForestTrees;
}

/**
 * One TreeEnsembleRegressor averaging the trees' leaf values (class probabilities, or the mean
 * target); the label is the most probable class, the first one on ties.
 */
export const randomForestExporter: ModelExporter = {
  algorithm: 'random-forest',
  fill: 'float32',
  build(g, artifact, features) {
    const s = stateOf<ForestModel>(artifact, 'kelp.random-forest/1');
    checkFeatureCount(artifact, s.featureNames.length);
    const k = s.trees.outputs;
    const out = treeEnsembleRegressor(g, features, forestTreeTable(s.trees), {
      targets: k,
      aggregate: 'AVERAGE',
    });
    if (s.kind === 'regressor') regressorOutput(g, out);
    else classifierOutputs(g, argmaxRows(g, out), out, classesOf(artifact, k));
  },
};

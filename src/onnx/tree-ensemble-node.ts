import { type GraphBuilder, ML_DOMAIN } from './graph-builder.js';
import { attr, tensor } from './onnx-proto.js';
import type { TreeTable } from './tree-table.js';

export interface TreeEnsembleOptions {
  /** Outputs per row (classes or margins). */
  readonly targets: number;
  /** Added to each output after the trees (XGBoost's base margin). */
  readonly base?: readonly number[];
  /** SUM for boosted trees, AVERAGE for forests. */
  readonly aggregate: 'SUM' | 'AVERAGE';
}

const doubles = (name: string, values: readonly number[]) =>
  attr.tensor(name, tensor(name, 'double', [values.length], values));

/**
 * An ai.onnx.ml TreeEnsembleRegressor (BRANCH_LT: `x < threshold` takes the true branch) over the
 * double [N, d] features; returns its float [N, targets] output. The features hold float32 values,
 * so each test is the comparison Kelp's trees make on their float32 copy of the row. On a double
 * input ONNX Runtime compares and sums in double (as the forest sums; XGBoost sums in float32, a
 * difference in the last float32 bit) and rounds to float once at the end; the `*_as_tensor`
 * attributes carry thresholds, leaf weights and base values at full precision. Node ids are local
 * to each tree.
 */
export function treeEnsembleRegressor(
  g: GraphBuilder,
  features: string,
  table: TreeTable,
  o: TreeEnsembleOptions,
): string {
  const { nodes, votes } = table;
  const attributes = [
    attr.int('n_targets', o.targets),
    attr.string('aggregate_function', o.aggregate),
    attr.string('post_transform', 'NONE'),
    attr.ints('nodes_treeids', nodes.treeIds),
    attr.ints('nodes_nodeids', nodes.nodeIds),
    attr.ints('nodes_featureids', nodes.featureIds),
    attr.strings(
      'nodes_modes',
      nodes.leaf.map((leaf) => (leaf ? 'LEAF' : 'BRANCH_LT')),
    ),
    doubles('nodes_values_as_tensor', nodes.thresholds),
    attr.ints('nodes_truenodeids', nodes.trueIds),
    attr.ints('nodes_falsenodeids', nodes.falseIds),
    attr.ints('nodes_missing_value_tracks_true', nodes.missingTrue),
    attr.ints('target_treeids', votes.treeIds),
    attr.ints('target_nodeids', votes.nodeIds),
    attr.ints('target_ids', votes.targetIds),
    doubles('target_weights_as_tensor', votes.weights),
  ];
  if (o.base) attributes.push(doubles('base_values_as_tensor', o.base));
  return g.op('TreeEnsembleRegressor', [features], attributes, ML_DOMAIN);
}

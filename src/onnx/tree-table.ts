/**
 * Trees in the tuple layout of ai.onnx.ml TreeEnsembleRegressor: one entry per node (ids local to
 * their tree) and one per leaf vote. Kelp's two tree formats convert to it here.
 */
export interface TreeTable {
  readonly nodes: {
    readonly treeIds: number[];
    readonly nodeIds: number[];
    readonly featureIds: number[];
    readonly leaf: boolean[];
    readonly thresholds: number[];
    readonly trueIds: number[];
    readonly falseIds: number[];
    /** 1 where a missing value (NaN) takes the true branch. */
    readonly missingTrue: number[];
  };
  readonly votes: {
    readonly treeIds: number[];
    readonly nodeIds: number[];
    readonly targetIds: number[];
    readonly weights: number[];
  };
}

function emptyTable(): TreeTable {
  return {
    nodes: {
      treeIds: [],
      nodeIds: [],
      featureIds: [],
      leaf: [],
      thresholds: [],
      trueIds: [],
      falseIds: [],
      missingTrue: [],
    },
    votes: { treeIds: [], nodeIds: [], targetIds: [], weights: [] },
  };
}

function addSplit(
  t: TreeTable,
  tree: number,
  node: number,
  split: { feature: number; threshold: number; left: number; right: number; missingLeft: boolean },
): void {
  const n = t.nodes;
  n.treeIds.push(tree);
  n.nodeIds.push(node);
  n.featureIds.push(split.feature);
  n.leaf.push(false);
  n.thresholds.push(split.threshold);
  n.trueIds.push(split.left);
  n.falseIds.push(split.right);
  n.missingTrue.push(split.missingLeft ? 1 : 0);
}

function addLeaf(
  t: TreeTable,
  tree: number,
  node: number,
  votes: readonly [target: number, weight: number][],
) {
  const n = t.nodes;
  n.treeIds.push(tree);
  n.nodeIds.push(node);
  n.featureIds.push(0);
  n.leaf.push(true);
  n.thresholds.push(0);
  n.trueIds.push(0);
  n.falseIds.push(0);
  n.missingTrue.push(0);
  for (const [target, weight] of votes) {
    t.votes.treeIds.push(tree);
    t.votes.nodeIds.push(node);
    t.votes.targetIds.push(target);
    t.votes.weights.push(weight);
  }
}

/** The subset of xgboost's TreeEnsemble (src/ml/algorithms/xgboost/tree-ensemble.ts) used here. */
export interface BoostedTrees {
  readonly offsets: ArrayLike<number>;
  readonly group: ArrayLike<number>;
  readonly feature: ArrayLike<number>;
  readonly threshold: ArrayLike<number>;
  readonly left: ArrayLike<number>;
  readonly right: ArrayLike<number>;
  readonly defaultLeft: ArrayLike<number>;
  readonly value: ArrayLike<number>;
}

/** XGBoost trees: `x < threshold` goes left (the true branch), NaN to the learned default side. */
export function boostedTreeTable(e: BoostedTrees): TreeTable {
  const t = emptyTable();
  for (let tree = 0; tree < e.group.length; tree++) {
    const base = e.offsets[tree]!;
    for (let k = base; k < e.offsets[tree + 1]!; k++) {
      const feature = e.feature[k]!;
      if (feature < 0) addLeaf(t, tree, k - base, [[e.group[tree]!, e.value[k]!]]);
      else
        addSplit(t, tree, k - base, {
          feature,
          threshold: e.threshold[k]!,
          left: e.left[k]!,
          right: e.right[k]!,
          missingLeft: e.defaultLeft[k] === 1,
        });
    }
  }
  return t;
}

/** The subset of random-forest's ForestTrees (src/ml/algorithms/random-forest/forest.ts) used here. */
export interface ForestTrees {
  readonly treeOffsets: ArrayLike<number>;
  readonly leafOffsets: ArrayLike<number>;
  readonly feature: ArrayLike<number>;
  readonly threshold: ArrayLike<number>;
  readonly child: ArrayLike<number>;
  readonly leafValues: ArrayLike<number>;
  readonly outputs: number;
}

/**
 * Forest trees: a split sends `x < threshold` to `child`, else to `child + 1`; a leaf's `child` is
 * its index among the tree's leaves, whose `outputs` values become one vote per output (zeros are
 * left out: they add nothing to the sum).
 */
export function forestTreeTable(f: ForestTrees): TreeTable {
  const t = emptyTable();
  const k = f.outputs;
  for (let tree = 0; tree + 1 < f.treeOffsets.length; tree++) {
    const base = f.treeOffsets[tree]!;
    for (let node = base; node < f.treeOffsets[tree + 1]!; node++) {
      const feature = f.feature[node]!;
      const child = f.child[node]!;
      if (feature >= 0) {
        const split = { feature, threshold: f.threshold[node]!, left: child, right: child + 1 };
        addSplit(t, tree, node - base, { ...split, missingLeft: false });
        continue;
      }
      const leaf = (f.leafOffsets[tree]! + child) * k;
      const votes: [number, number][] = [];
      for (let c = 0; c < k; c++) if (f.leafValues[leaf + c] !== 0) votes.push([c, f.leafValues[leaf + c]!]);
      if (votes.length === 0) votes.push([0, 0]);
      addLeaf(t, tree, node - base, votes);
    }
  }
  return t;
}

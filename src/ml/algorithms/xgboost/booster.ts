/**
 * The boosting loop. Data layout, chosen for speed in plain JavaScript: features are binned once into
 * uint8 codes, row-major (4 codes per uint32 load); every per-row array (codes, gradients, margins,
 * label, weights) is kept in one physical row order that partitioning changes as trees grow, so each
 * node's rows are one contiguous block and histogram passes, gradient passes, metrics and margin
 * updates all read memory sequentially. Only the smaller child of a split gets a histogram pass;
 * the other is the parent's minus it. Per round: gradients (fused with the training metric when the
 * objective allows), then per output a tree (tree-grower.ts) over the shards (shards.ts).
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

import type { TrainContext, TrainingSet } from '../../algorithm.js';
import type { Random } from '../../random.js';
import { evalMetric, finishMetric, maximizes } from './eval-metrics.js';
import { histogramSize } from './histogram.js';
import { residualMedian } from './leaf-refit.js';
import { binMatrix, computeCuts, MISSING_BIN, type QuantileCuts } from './quantile-cuts.js';
import type { RowStore } from './shard-kernels.js';
import { ShardSet } from './shards.js';
import { addTreeOutputs, EnsembleBuilder } from './tree-ensemble.js';
import { binnedTree, type GrownTree, growTree, HistogramPool } from './tree-grower.js';
import type { XGBoostState } from './xgboost.js';
import type { XGBoostConfig } from './xgboost-config.js';

/** Below this many rows per thread, worker threads cost more than they save. */
const MIN_ROWS_PER_THREAD = 20_000;

/** Typed arrays in shared memory when worker threads use them too. */
function buffer(bytes: number, shared: boolean): ArrayBuffer | SharedArrayBuffer {
  return shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
}

/** One training run: binned rows, margins and gradients, and the boosting loop over them. */
export class Booster {
  private readonly n: number;
  private readonly k: number;
  private readonly pool: HistogramPool;
  private readonly ensemble = new EnsembleBuilder();
  private readonly allFeatures: Int32Array;
  private predBuffer: Float64Array | undefined;

  private constructor(
    private readonly data: TrainingSet,
    private readonly c: XGBoostConfig,
    private readonly ctx: TrainContext,
    private readonly random: Random,
    private readonly cuts: QuantileCuts,
    private readonly shards: ShardSet,
    /** Rows in their current physical order (see shard-kernels.ts). */
    private readonly store: RowStore,
    /** Missing-value code per feature (256 when it has none). */
    private readonly missing: Int32Array,
    histSize: number,
  ) {
    this.n = data.x.rows;
    this.k = c.outputs;
    this.pool = new HistogramPool(histSize);
    this.allFeatures = Int32Array.from({ length: data.x.cols }, (_, f) => f);
  }

  static async create(
    data: TrainingSet,
    c: XGBoostConfig,
    ctx: TrainContext,
    random: Random,
  ): Promise<Booster> {
    const n = data.x.rows;
    const wanted = Number.isFinite(ctx.threads) ? Math.floor(ctx.threads) : 1;
    const threads = Math.max(1, Math.min(wanted, Math.floor(n / MIN_ROWS_PER_THREAD)));
    const shared = threads > 1;
    const cuts = computeCuts(data.x, c.maxBin, random);
    const bins = binMatrix(data.x, cuts, shared);
    const k = c.outputs;
    // Copies: the rows' labels and weights move with them, the caller's arrays stay as they are.
    const copy = (a: Float64Array | undefined) => {
      if (!a) return undefined;
      const out = new Float64Array(buffer(a.byteLength, shared));
      out.set(a);
      return out;
    };
    const store: RowStore = {
      words: new Uint32Array(bins.bins.buffer, bins.bins.byteOffset, bins.bins.length >>> 2),
      w4: bins.stride >>> 2,
      gh: Array.from({ length: k }, () => new Float32Array(buffer(8 * n, shared))),
      margins: new Float64Array(buffer(8 * n * k, shared)).fill(Math.fround(c.baseMargin)),
      outputs: k,
      y: copy(data.y)!,
      gradWeights: copy(gradientWeights(data, c)),
      weights: copy(data.weights),
      inSample: new Uint8Array(buffer(n, shared)),
    };
    const histSize = histogramSize(bins.stride);
    const missing = Int32Array.from(cuts.hasMissing, (m) => (m ? MISSING_BIN : 256));
    const shards = await ShardSet.start(
      {
        store,
        missing,
        histSize,
        objective: c.objective.name,
        maxDeltaStep: c.split.maxDeltaStep,
        metric: c.metric,
      },
      n,
      threads,
    );
    ctx.log(`xgboost: ${n} rows × ${data.x.cols} features, ${cuts.values.length} bins, ${threads} thread(s)`);
    return new Booster(data, c, ctx, random, cuts, shards, store, missing, histSize);
  }

  close(): Promise<void> {
    return this.shards.close();
  }

  async run(validation: TrainingSet | undefined): Promise<XGBoostState> {
    const { c, ctx, k } = this;
    const val = validation?.y ? { x: validation.x, y: validation.y, w: validation.weights } : undefined;
    const valMargins = val ? new Float64Array(val.x.rows * k).fill(Math.fround(c.baseMargin)) : undefined;
    const sign = maximizes(c.metric) ? -1 : 1;
    let best = { round: -1, score: Number.POSITIVE_INFINITY };
    let rounds = 0;
    this.shards.gradients(false);
    for (let round = 0; round < c.rounds; round++) {
      ctx.signal.throwIfAborted();
      if (round > 0) await yieldToEventLoop(); // lets an abort (or other work) in between rounds
      ctx.signal.throwIfAborted();
      const first = this.ensemble.treeCount;
      this.boostRound();
      rounds = round + 1;
      ctx.metric(`train:${c.metric}`, this.trainScoreAndNextGradients(round + 1 < c.rounds), round);
      if (!val || !valMargins) continue;
      addTreeOutputs(this.ensemble.view(), val.x, valMargins, k, first, this.ensemble.treeCount);
      const score = this.score(valMargins, val.y, val.w);
      ctx.metric(`validation:${c.metric}`, score, round);
      if (sign * score < best.score) best = { round, score: sign * score };
      else if (c.earlyStoppingRounds > 0 && round - best.round >= c.earlyStoppingRounds) {
        ctx.log(
          `xgboost: early stopping at round ${round}: validation ${c.metric} last improved at round ${best.round}`,
        );
        break;
      }
    }
    const stopped = c.earlyStoppingRounds > 0 && best.round >= 0;
    if (stopped) {
      this.ensemble.truncate((best.round + 1) * k);
      rounds = best.round + 1;
    }
    return {
      format: 'kelp.xgboost/1',
      objective: c.objective.name,
      outputs: k,
      baseScore: c.baseScore,
      baseMargin: c.baseMargin,
      featureNames: [...this.data.featureNames],
      ...(this.data.classes ? { classes: [...this.data.classes] } : {}),
      cuts: this.cuts,
      trees: this.ensemble.finish(),
      rounds,
      ...(stopped ? { bestIteration: best.round, bestScore: sign * best.score } : {}),
      evalMetric: c.metric,
    };
  }

  /** One tree per output on this round's rows (the gradients are computed already). */
  private boostRound(): void {
    const { c, k, shards } = this;
    let counts: Int32Array = Int32Array.from(shards.hi, (hi, s) => hi - shards.lo[s]!);
    if (c.subsample < 1) {
      // Drawn by position on this thread, so the draw does not depend on timing.
      const mask = this.store.inSample;
      for (let i = 0; i < this.n; i++) mask[i] = this.random.next() < c.subsample ? 1 : 0;
      counts = shards.sample();
    }
    const refit = c.objective.name === 'reg:absoluteerror';
    for (let group = 0; group < k; group++) {
      const options = {
        cuts: this.cuts,
        params: c.split,
        maxDepth: c.maxDepth,
        features: this.sampleFeatures(),
        shards,
        pool: this.pool,
        missing: this.missing,
        partitionLast: refit,
      };
      const tree = growTree(options, group, counts);
      if (refit) this.refitLeaves(tree, group);
      shards.finish(
        binnedTree(tree),
        tree.segments.map((seg) => Int32Array.from(seg)),
        group,
      );
      this.ensemble.add(tree, group);
    }
  }

  private sampleFeatures(): Int32Array {
    const d = this.allFeatures.length;
    if (this.c.colsample >= 1) return this.allFeatures;
    const m = Math.max(1, Math.floor(this.c.colsample * d));
    return this.random.sample(d, m).sort();
  }

  private refitLeaves(tree: GrownTree, group: number): void {
    const { eta } = this.c.split;
    const { y, margins, outputs, weights } = this.store;
    for (const leaf of tree.leaves) {
      const q = residualMedian(leaf.blocks, y, margins, outputs, group, weights);
      tree.value[leaf.node] = Math.fround(Math.fround(q) * eta);
    }
  }

  /**
   * The training metric after this round and, when another round follows, the gradients it starts
   * from: one pass over the rows when the objective computes its metric alongside its gradients.
   */
  private trainScoreAndNextGradients(more: boolean): number {
    const { c } = this;
    if (more && c.objective.fusedMetric === c.metric) {
      const [sum, wsum] = this.shards.gradients(true)!;
      return finishMetric(c.metric, sum, wsum);
    }
    if (more) this.shards.gradients(false);
    if (c.metric === 'auc') return this.score(this.store.margins, this.store.y, this.store.weights);
    const [sum, wsum] = this.shards.metric();
    return finishMetric(c.metric, sum, wsum);
  }

  private score(margins: Float64Array, y: Float64Array, w: Float64Array | undefined): number {
    if (!this.predBuffer || this.predBuffer.length < margins.length)
      this.predBuffer = new Float64Array(margins.length);
    const p = this.predBuffer.subarray(0, margins.length);
    p.set(margins);
    this.c.objective.transform(p, this.k);
    return evalMetric(this.c.metric, p, y, w, this.k);
  }
}

/** Example weights times scale_pos_weight for positives; undefined when all are 1. */
function gradientWeights(data: TrainingSet, c: XGBoostConfig): Float64Array | undefined {
  const spw = c.objective.name === 'binary:logistic' ? c.scalePosWeight : 1;
  if (!data.weights && spw === 1) return undefined;
  const y = data.y!;
  const w = data.weights ? Float64Array.from(data.weights) : new Float64Array(y.length).fill(1);
  if (spw !== 1) for (let i = 0; i < y.length; i++) if (y[i] === 1) w[i] = w[i]! * spw;
  return w;
}

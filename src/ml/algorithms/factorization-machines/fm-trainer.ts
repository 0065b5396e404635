import type { TrainContext } from '../../algorithm.js';
import { createYieldPoint } from '../../kernels/index.js';
import type { SparseMatrix } from '../../matrix.js';
import { Random } from '../../random.js';
import type { FmConfig, InitSettings } from './factorization-machines-config.js';
import {
  addRowGradient,
  type FmParams,
  fmParams,
  logisticLoss,
  scoreRow,
  scoreRows,
  sigmoid,
} from './fm-kernel.js';
import { fmMetrics } from './fm-metrics.js';
import { stepRate, stepSlice } from './fm-optimizer.js';

export interface FmExamples {
  readonly x: SparseMatrix;
  /** Class index 0/1 or regression target. */
  readonly y: Float64Array;
  readonly weights?: Float64Array;
}

/** Everything training mutates: parameters, gradient buffer, Adam moments, step count. */
interface FmRun {
  readonly params: FmParams;
  readonly grad: FmParams;
  readonly m: FmParams;
  readonly v: FmParams;
  step: number;
}

/**
 * What `ctx.checkpoint` gets after each epoch: plain values and the live typed arrays (not copied:
 * the job runner serializes a snapshot before training goes on).
 */
interface FmCheckpoint {
  readonly format: 'kelp.factorization-machines.checkpoint/1';
  readonly epoch: number;
  readonly step: number;
  readonly numFactors: number;
  readonly params: Omit<FmParams, 'k'>;
  readonly m: Omit<FmParams, 'k'>;
  readonly v: Omit<FmParams, 'k'>;
}

const FORMAT = 'kelp.factorization-machines.checkpoint/1';

/** Mini-batch Adam/SGD over shuffled rows; metrics, validation and a checkpoint after every epoch. */
export async function trainFm(
  data: FmExamples,
  config: FmConfig,
  ctx: TrainContext,
  validation?: FmExamples,
): Promise<FmParams> {
  const d = data.x.cols;
  const k = config.numFactors;
  const adam = config.bias.kind === 'adam';
  // SGD keeps no moments: empty arrays that stepSlice never reads.
  const run: FmRun = {
    params: fmParams(d, k),
    grad: fmParams(d, k),
    m: adam ? fmParams(d, k) : fmParams(0, k),
    v: adam ? fmParams(d, k) : fmParams(0, k),
    step: 0,
  };
  let first = 1;
  const resume = ctx.resume as FmCheckpoint | undefined;
  if (resume?.format === FORMAT && resume.numFactors === k && resume.params.factors.length === d * k) {
    for (const part of ['params', 'm', 'v'] as const)
      for (const name of ['bias', 'linear', 'factors'] as const) run[part][name].set(resume[part][name]);
    run.step = resume.step;
    first = resume.epoch + 1;
    ctx.log(`resuming after epoch ${resume.epoch}`);
  } else {
    if (resume !== undefined)
      ctx.log('the checkpoint does not fit this model (features, num_factors): starting over');
    initialize(run.params, config, new Random(ctx.seed));
  }
  const yieldPoint = createYieldPoint('factorization-machines training', ctx.signal);
  // Per feature, the last step that touched it, and the features this step touched.
  const seen = new Int32Array(d);
  const touched = new Int32Array(d);
  const type = config.predictorType;
  const trainMetric = type === 'regressor' ? 'rmse' : 'binary_classification_cross_entropy';
  for (let epoch = first; epoch <= config.epochs; epoch++) {
    const started = performance.now();
    // A generator per epoch, so a resumed run shuffles as an uninterrupted one would.
    const order = new Random((ctx.seed + Math.imul(epoch, 0x9e3779b9)) >>> 0).shuffle(identity(data.x.rows));
    const loss = await runEpoch(run, data, order, config, seen, touched, yieldPoint);
    ctx.metric(`train:${trainMetric}`, loss, epoch);
    let summary = `train ${trainMetric} ${loss.toPrecision(6)}`;
    if (validation) {
      const metrics = fmMetrics(type, scoreRows(run.params, validation.x), validation.y);
      for (const [name, value] of Object.entries(metrics)) ctx.metric(`validation:${name}`, value, epoch);
      summary += `, validation ${Object.entries(metrics)
        .map(([n, v]) => `${n} ${v.toPrecision(6)}`)
        .join(', ')}`;
    }
    ctx.log(`epoch ${epoch}: ${summary} (${Math.round(performance.now() - started)} ms)`);
    const { params, m, v } = run;
    await ctx.checkpoint?.({ format: FORMAT, epoch, step: run.step, numFactors: k, params, m, v });
  }
  return run.params;
}

/**
 * One pass in `order`. Returns the progressive training metric: each example's loss under the
 * parameters before its batch's step (cross-entropy, or RMSE for a regressor), so no second pass.
 */
async function runEpoch(
  run: FmRun,
  data: FmExamples,
  order: Int32Array,
  config: FmConfig,
  seen: Int32Array,
  touched: Int32Array,
  yieldPoint: () => Promise<void>,
): Promise<number> {
  const { params: p, grad, m, v } = run;
  const { x, y, weights } = data;
  const { indptr, indices } = x;
  const k = p.k;
  const classifier = config.predictorType === 'binary_classifier';
  const sums = new Float64Array(k);
  let lossSum = 0;
  let weightSum = 0;
  for (let start = 0; start < order.length; start += config.miniBatchSize) {
    const end = Math.min(order.length, start + config.miniBatchSize);
    const scale = config.rescaleGrad > 0 ? config.rescaleGrad : 1 / (end - start);
    const mark = ++run.step;
    let count = 0;
    for (let r = start; r < end; r++) {
      const i = order[r]!;
      const z = scoreRow(p, x, i, sums);
      const yi = y[i]!;
      const wi = weights ? weights[i]! : 1;
      lossSum += wi * (classifier ? logisticLoss(z, yi) : (z - yi) ** 2);
      weightSum += wi;
      // dLoss/dŷ: p − y for the logistic loss, ŷ − y for ½(ŷ − y)².
      const g = classifier ? sigmoid(z) - yi : z - yi;
      addRowGradient(p, x, i, sums, g * wi * scale, grad);
      for (let t = indptr[i]!; t < indptr[i + 1]!; t++) {
        const j = indices[t]!;
        if (seen[j] !== mark) {
          seen[j] = mark;
          touched[count++] = j;
        }
      }
    }
    const rb = stepRate(config.bias, mark);
    const rl = stepRate(config.linear, mark);
    const rf = stepRate(config.factors, mark);
    stepSlice(p.bias, grad.bias, m.bias, v.bias, 0, 1, config.bias, rb);
    for (let c = 0; c < count; c++) {
      const j = touched[c]!;
      stepSlice(p.linear, grad.linear, m.linear, v.linear, j, j + 1, config.linear, rl);
      stepSlice(p.factors, grad.factors, m.factors, v.factors, j * k, j * k + k, config.factors, rf);
    }
    await yieldPoint();
  }
  const mean = lossSum / Math.max(weightSum, Number.MIN_VALUE);
  return classifier ? mean : Math.sqrt(mean);
}

function initialize(p: FmParams, config: FmConfig, random: Random): void {
  fill(p.bias, config.init.bias, random);
  fill(p.linear, config.init.linear, random);
  fill(p.factors, config.init.factors, random);
}

function fill(a: Float64Array, s: InitSettings, random: Random): void {
  for (let i = 0; i < a.length; i++)
    a[i] =
      s.method === 'constant'
        ? s.value
        : s.method === 'uniform'
          ? (2 * random.next() - 1) * s.scale
          : random.normal() * s.sigma;
}

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

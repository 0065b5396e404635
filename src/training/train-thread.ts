/**
 * Runs in a worker thread (see training-kind.ts): reads the data, fits the preprocessing, trains the
 * algorithm, evaluates it and writes model.tar.gz. The main thread's event loop stays free.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { FeatureImportance } from '../contract/index.js';
import type { JobContext } from '../jobs/index.js';
import { type FeatureImportanceValues, getAlgorithm, parseHyperparameters } from '../ml/index.js';
import { decodeTyped, encodeTyped, MODEL_FORMAT, writeModelArtifact } from './artifact/index.js';
import { evaluate } from './evaluate.js';
import { prepareTrainingData } from './training-data.js';

/** How often a long run writes a checkpoint (the first is written at once). */
const CHECKPOINT_INTERVAL_MS = 30_000;

export interface TrainThreadInput {
  readonly algorithm: string;
  readonly hyperparameters: Record<string, unknown>;
  readonly target?: string;
  readonly trainPaths: readonly string[];
  readonly validationPaths?: readonly string[];
  readonly seed: number;
  readonly artifactPath: string;
  /** File for checkpoints; it survives a crash of the process, so a restarted job resumes. */
  readonly checkpointPath: string;
}

export interface TrainThreadResult {
  readonly metrics: Record<string, number>;
  readonly featureImportance: FeatureImportance | null;
  readonly kind: string;
  readonly rows: { train: number; validation: number };
  readonly features: number;
}

/** Features kept in a model's importance list (one-hot encoding can make thousands). */
const MAX_IMPORTANCE_FEATURES = 100;

/** Importance normalized to sum 1, largest first, zeros left out. */
function rankImportance(
  raw: FeatureImportanceValues | undefined,
  names: readonly string[],
): FeatureImportance | null {
  if (!raw) return null;
  const total = raw.values.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return null;
  const features = names
    .map((name, f) => ({ name, importance: raw.values[f]! / total }))
    .filter((f) => f.importance > 0)
    .sort((a, b) => b.importance - a.importance)
    .slice(0, MAX_IMPORTANCE_FEATURES);
  return { type: raw.type, features };
}

export async function run(ctx: JobContext<TrainThreadInput>): Promise<TrainThreadResult> {
  const input = ctx.input;
  const algorithm = getAlgorithm(input.algorithm);
  const hp = parseHyperparameters(algorithm.name, algorithm.hyperparameters, input.hyperparameters);
  const kind = algorithm.kindOf(hp);
  const supervised = kind === 'classifier' || kind === 'regressor';
  if (supervised && !input.target) throw new Error(`${algorithm.name} (${kind}) needs --target`);
  ctx.status('Reading data');
  const { preprocessor, train, validation, schema } = await prepareTrainingData({
    trainPaths: input.trainPaths,
    ...(input.validationPaths ? { validationPaths: input.validationPaths } : {}),
    ...(input.target ? { target: input.target } : {}),
    kind,
    keepMissing: algorithm.name === 'xgboost',
    log: (m) => ctx.log(m),
  });
  ctx.progress(10, 'Preprocessing');
  ctx.log(
    `${train.x.rows} training rows, ${train.x.cols} features${validation ? `, ${validation.x.rows} validation rows` : ''}`,
  );
  const resume = await readFile(input.checkpointPath, 'utf8').then(
    (text) => decodeTyped(JSON.parse(text)),
    () => undefined,
  );
  if (resume !== undefined) ctx.log('resuming from the last checkpoint');
  let lastCheckpoint = Number.NEGATIVE_INFINITY;
  ctx.progress(15, 'Training');
  ctx.status('Training');
  const state = await algorithm.train(
    train,
    hp,
    {
      signal: ctx.signal,
      seed: input.seed,
      threads: availableParallelism(),
      log: (m) => ctx.log(m),
      metric: (name, value, step) => ctx.metric(name, value, step),
      checkpoint: async (snapshot) => {
        if (performance.now() - lastCheckpoint < CHECKPOINT_INTERVAL_MS) return;
        lastCheckpoint = performance.now();
        // Written whole, then renamed: a crash mid-write leaves the previous checkpoint.
        await writeFile(`${input.checkpointPath}.tmp`, JSON.stringify(encodeTyped(snapshot)));
        await rename(`${input.checkpointPath}.tmp`, input.checkpointPath);
      },
      ...(resume !== undefined ? { resume } : {}),
    },
    validation,
  );
  ctx.progress(90, 'Evaluating');
  const metrics: Record<string, number> = {};
  for (const [prefix, set] of [
    ['train', train],
    ['validation', validation],
  ] as const) {
    if (!set?.y) continue;
    const result = evaluate(kind, algorithm.predict(state, set.x), set.y, set.classes);
    for (const [k, v] of Object.entries(result)) {
      metrics[`${prefix}:${k}`] = v;
      ctx.metric(`${prefix}:${k}`, v);
    }
  }
  const featureImportance = rankImportance(algorithm.importance?.(state), train.featureNames);
  await writeModelArtifact(input.artifactPath, {
    format: MODEL_FORMAT,
    algorithm: algorithm.name,
    kind,
    hyperparameters: hp,
    preprocessor,
    state,
    metrics,
    featureImportance,
    schema,
    trainedAt: new Date().toISOString(),
    rows: { train: train.x.rows, validation: validation?.x.rows ?? 0 },
    seed: input.seed,
  });
  ctx.progress(100, 'Done');
  return {
    metrics,
    featureImportance,
    kind,
    rows: { train: train.x.rows, validation: validation?.x.rows ?? 0 },
    features: train.x.cols,
  };
}

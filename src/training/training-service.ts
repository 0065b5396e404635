import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';

import type { Catalog } from '../catalog/index.js';
import type { PredictBody, TrainBody } from '../contract/index.js';
import { generatedName, invalidArgument, validateName } from '../core/index.js';
import { formatFromPath } from '../engine/index.js';
import { type InlineJobKind, type Job, type JobService, runInThread, siblingModule } from '../jobs/index.js';
import { getAlgorithm, parseHyperparameters } from '../ml/index.js';
import type { ObjectStore } from '../storage/index.js';
import { readModelArtifact } from './artifact/index.js';
import { resolveDataSource } from './data-source.js';
import type { ModelService } from './model-service.js';
import type { PredictThreadInput } from './predict-thread.js';
import type { TrainThreadInput, TrainThreadResult } from './train-thread.js';

export const TRAINING_KIND = 'training';
export const PREDICTION_KIND = 'prediction';
const MODELS_PREFIX = 'kelp-system/models';

interface TrainJobInput extends TrainBody {
  readonly project: string;
  readonly name: string;
  readonly createdBy: string;
}

interface PredictJobInput extends PredictBody {
  readonly project: string;
  readonly model: string;
}

export interface TrainingDeps {
  readonly objects: ObjectStore;
  readonly catalog: Catalog;
  readonly models: ModelService;
  readonly jobs: () => JobService;
  readonly workDir: string;
  readonly cacheDir: string;
}

/** Training jobs (SageMaker's CreateTrainingJob with built-in algorithms) and batch prediction. */
export class TrainingService {
  constructor(private readonly deps: TrainingDeps) {}

  /** Checks the request (algorithm, hyperparameters, name) and starts the training job. */
  async train(project: string, body: TrainBody, principal: string): Promise<{ job: Job; model: string }> {
    const algorithm = getAlgorithm(body.algorithm);
    const hp = parseHyperparameters(algorithm.name, algorithm.hyperparameters, body.hyperparameters ?? {});
    const kind = algorithm.kindOf(hp);
    if ((kind === 'classifier' || kind === 'regressor') && !body.target) {
      throw invalidArgument(`${algorithm.name} as a ${kind} needs a target column (--target)`, {
        field: 'target',
      });
    }
    const name = validateName(body.name ?? generatedName(algorithm.name));
    if (await this.deps.models.exists(project, name))
      throw invalidArgument(`model '${name}' already exists; choose another --name`, { model: name });
    const job = await this.deps.jobs().submit({
      kind: TRAINING_KIND,
      project,
      name: `train-${name}`.slice(0, 63),
      input: { ...body, project, name, createdBy: principal } satisfies TrainJobInput,
      createdBy: principal,
      ...(body.maxRuntimeSeconds ? { maxRuntimeSeconds: body.maxRuntimeSeconds } : {}),
    });
    return { job, model: name };
  }

  /** Starts a batch prediction job writing `body.output` (an object key). */
  async predict(project: string, model: string, body: PredictBody, principal: string): Promise<Job> {
    const found = await this.deps.models.get(project, model);
    if (found.algorithm === 'onnx')
      throw invalidArgument(
        `model '${model}' is an imported ONNX model: score files with batch transform (kelp transform) or an endpoint`,
        { model },
      );
    if (!formatFromPath(body.output) || formatFromPath(body.output) === 'recordio') {
      throw invalidArgument(`output '${body.output}': use a .csv, .jsonl or .parquet key`, {
        field: 'output',
      });
    }
    return this.deps.jobs().submit({
      kind: PREDICTION_KIND,
      project,
      name: generatedName(`predict-${model}`.slice(0, 40)),
      input: { ...body, project, model } satisfies PredictJobInput,
      createdBy: principal,
    });
  }

  private dataDeps(project: string, signal: AbortSignal) {
    return {
      catalog: this.deps.catalog,
      objects: this.deps.objects,
      project,
      cacheDir: this.deps.cacheDir,
      signal,
    };
  }

  trainingKind(): InlineJobKind<TrainJobInput, TrainThreadResult & { model: string }> {
    return {
      kind: TRAINING_KIND,
      mode: 'inline',
      description: 'Trains a built-in algorithm and registers the model (model.tar.gz in the object store)',
      // A job whose server died is re-queued and resumes from its last checkpoint.
      defaultMaxAttempts: 3,
      run: async (ctx) => {
        const input = ctx.input;
        const work = join(this.deps.workDir, ctx.job.id);
        await mkdir(work, { recursive: true });
        try {
          ctx.status('Preparing data');
          const trainPaths = await resolveDataSource(
            input.data,
            join(work, 'train'),
            this.dataDeps(input.project, ctx.signal),
          );
          const validationPaths = input.validation
            ? await resolveDataSource(
                input.validation,
                join(work, 'validation'),
                this.dataDeps(input.project, ctx.signal),
              )
            : undefined;
          const artifactPath = join(work, 'model.tar.gz');
          const threadInput: TrainThreadInput = {
            algorithm: input.algorithm,
            hyperparameters: input.hyperparameters ?? {},
            ...(input.target ? { target: input.target } : {}),
            trainPaths,
            ...(validationPaths ? { validationPaths } : {}),
            seed: input.seed ?? 0,
            artifactPath,
            checkpointPath: join(this.deps.workDir, 'checkpoints', `${ctx.job.id}.json`),
          };
          await mkdir(join(this.deps.workDir, 'checkpoints'), { recursive: true });
          // The CPU-heavy part runs in a worker thread so the server keeps answering.
          const result = (await runInThread(siblingModule(import.meta.url, 'train-thread'), {
            ...ctx,
            input: threadInput,
          })) as TrainThreadResult;
          const artifactKey = `${MODELS_PREFIX}/${input.project}/${input.name}/${ctx.job.id}/model.tar.gz`;
          await this.deps.objects.put(artifactKey, createReadStream(artifactPath), {
            contentType: 'application/gzip',
          });
          const artifact = await readModelArtifact(artifactPath);
          await this.deps.models.register(input.project, {
            name: input.name,
            algorithm: input.algorithm,
            kind: result.kind,
            artifactKey,
            jobId: ctx.job.id,
            target: input.target ?? null,
            classes: artifact.preprocessor.target?.classes ?? [],
            metrics: result.metrics,
            featureImportance: result.featureImportance,
            hyperparameters: artifact.hyperparameters,
            schema: artifact.schema,
            dataSource: input.data,
            createdBy: input.createdBy,
          });
          ctx.log(`model ${input.name} registered (${artifactKey})`);
          await rm(threadInput.checkpointPath, { force: true });
          return { ...result, model: input.name };
        } finally {
          await rm(work, { recursive: true, force: true });
        }
      },
    };
  }

  predictionKind(): InlineJobKind<PredictJobInput, { rows: number; output: string }> {
    return {
      kind: PREDICTION_KIND,
      mode: 'inline',
      description: 'Scores data with a model and writes one row of predictions per input row',
      run: async (ctx) => {
        const input = ctx.input;
        const model = await this.deps.models.get(input.project, input.model);
        const work = join(this.deps.workDir, ctx.job.id);
        await mkdir(work, { recursive: true });
        try {
          const artifactPath = join(work, 'model.tar.gz');
          const { body } = await this.deps.objects.get(model.artifactKey);
          await pipeline(body, createWriteStream(artifactPath));
          const dataPaths = await resolveDataSource(
            input.data,
            join(work, 'data'),
            this.dataDeps(input.project, ctx.signal),
          );
          const outputPath = join(work, basename(input.output));
          const threadInput: PredictThreadInput = { artifactPath, dataPaths, outputPath };
          const result = (await runInThread(siblingModule(import.meta.url, 'predict-thread'), {
            ...ctx,
            input: threadInput,
          })) as { rows: number };
          await this.deps.objects.put(input.output, createReadStream(outputPath));
          return { rows: result.rows, output: input.output };
        } finally {
          await rm(work, { recursive: true, force: true });
        }
      },
    };
  }
}

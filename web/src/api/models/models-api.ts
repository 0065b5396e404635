import type {
  AlgorithmInfo,
  CompileBody,
  JobBody,
  Model,
  PredictBody,
  TrainBody,
} from '../../../../src/contract/index.js';
import { kelp } from '../client.js';

export type { AlgorithmInfo, Model, PredictBody, TrainBody };

export const modelsApi = {
  algorithms: (): Promise<AlgorithmInfo[]> => kelp.models.algorithms(),
  list: (): Promise<Model[]> => kelp.models.list(),
  get: (name: string): Promise<Model> => kelp.models.get(name),
  /** Starts a training job; the model is registered under `model` when the job completes. */
  train: (body: TrainBody): Promise<{ job: JobBody; model: string }> => kelp.models.train(body),
  /** Starts a batch prediction job writing `body.output`. */
  predict: (v: { name: string; body: PredictBody }): Promise<JobBody> => kelp.models.predict(v.name, v.body),
  remove: (name: string): Promise<void> => kelp.models.delete(name),
  /** Starts an ONNX export job (Neo); its result names the model.onnx object. */
  compile: (body: CompileBody): Promise<JobBody> => kelp.compilations.start(body),
};

/** Output formats a prediction job writes, by file extension. */
export const PREDICTION_FORMATS = ['csv', 'jsonl', 'parquet'] as const;
export type PredictionFormat = (typeof PREDICTION_FORMATS)[number];

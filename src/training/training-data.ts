import { csvError, type Frame, requireFormat, withDuckDB } from '../engine/index.js';
import {
  type AlgorithmKind,
  type Features,
  fitPreprocessor,
  fitSparsePreprocessor,
  type Matrix,
  type Preprocessor,
  type TrainingSet,
  takeRows,
  transformFeatures,
  transformTarget,
} from '../ml/index.js';
import { loadFrame } from './load-frame.js';
import { isSparseRecordIO, readSparseRecords } from './sparse-records.js';

export interface PreparedData {
  readonly preprocessor: Preprocessor;
  readonly train: TrainingSet<Features>;
  readonly validation?: TrainingSet<Features>;
  readonly schema: { name: string; type: string }[];
}

export interface PrepareOptions {
  readonly trainPaths: readonly string[];
  readonly validationPaths?: readonly string[];
  readonly target?: string;
  readonly kind: AlgorithmKind;
  /** Missing numbers stay NaN (xgboost routes them itself). */
  readonly keepMissing: boolean;
  log(message: string): void;
}

const targetOptions = (o: PrepareOptions) =>
  o.target && (o.kind === 'classifier' || o.kind === 'regressor')
    ? { target: o.target, targetKind: o.kind === 'classifier' ? ('class' as const) : ('value' as const) }
    : {};

/**
 * Reads the training (and validation) files and fits the preprocessing on the training rows. Tables
 * go through DuckDB into a Frame, then encoding and imputation; RecordIO files whose features are
 * sparse tensors stay sparse (CSR rows, no expansion), with only the label fitted.
 */
export async function prepareTrainingData(o: PrepareOptions): Promise<PreparedData> {
  const sparse =
    requireFormat(o.trainPaths[0]!, 'data') === 'recordio' && (await isSparseRecordIO(o.trainPaths));
  return sparse ? prepareSparse(o) : prepareDense(o);
}

async function prepareDense(o: PrepareOptions): Promise<PreparedData> {
  const loaded = await withDuckDB(async (con) => {
    try {
      const train = await loadFrame(con, o.trainPaths);
      const validation = o.validationPaths?.length ? await loadFrame(con, o.validationPaths) : undefined;
      return { train, validation };
    } catch (err) {
      throw csvError(err) ?? err;
    }
  });
  o.log(`training data: ${loaded.train.frame.length} rows, ${loaded.train.frame.columns.length} columns`);
  const preprocessor = fitPreprocessor(loaded.train.frame, {
    ...targetOptions(o),
    keepMissing: o.keepMissing,
  });
  const prepare = (frame: Frame, what: string): TrainingSet => {
    const x = transformFeatures(preprocessor, frame);
    if (!preprocessor.target) return { x, featureNames: preprocessor.featureNames };
    const target = transformTarget(preprocessor, frame);
    if (target.missing.length)
      o.log(`${what}: ${target.missing.length} rows without a target value are left out`);
    return {
      ...withoutRows(x, target.y, target.missing),
      featureNames: preprocessor.featureNames,
      ...(preprocessor.target.classes ? { classes: preprocessor.target.classes } : {}),
    };
  };
  return {
    preprocessor,
    train: prepare(loaded.train.frame, 'training data'),
    ...(loaded.validation ? { validation: prepare(loaded.validation.frame, 'validation data') } : {}),
    schema: loaded.train.schema,
  };
}

function withoutRows(x: Matrix, y: Float64Array, missing: number[]): { x: Matrix; y: Float64Array } {
  if (missing.length === 0) return { x, y };
  const drop = new Set(missing);
  const keep = new Int32Array(x.rows - drop.size);
  let k = 0;
  for (let i = 0; i < x.rows; i++) if (!drop.has(i)) keep[k++] = i;
  return { x: takeRows(x, keep), y: Float64Array.from(keep, (i) => y[i] as number) };
}

/** The label of sparse records as a one-column frame named `label`, as RecordIO tables name it. */
function labelFrame(label: Float64Array): Frame {
  const valid = Uint8Array.from(label, (v) => (Number.isNaN(v) ? 0 : 1));
  return { length: label.length, columns: [{ name: 'label', kind: 'float64', values: label, valid }] };
}

async function prepareSparse(o: PrepareOptions): Promise<PreparedData> {
  const train = await readSparseRecords(o.trainPaths);
  o.log(
    `training data: ${train.x.rows} sparse rows × ${train.x.cols} features, ${train.x.values.length} non-zeros`,
  );
  const labels = labelFrame(train.label);
  const preprocessor = fitSparsePreprocessor(train.x.cols, labels, targetOptions(o));
  const prepare = (x: Features, frame: Frame, what: string): TrainingSet<Features> => {
    if (!preprocessor.target) return { x, featureNames: preprocessor.featureNames };
    const target = transformTarget(preprocessor, frame);
    if (target.missing.length)
      throw new Error(`${what}: record ${target.missing[0]! + 1} has no label (sparse rows need one each)`);
    return {
      x,
      y: target.y,
      featureNames: preprocessor.featureNames,
      ...(preprocessor.target.classes ? { classes: preprocessor.target.classes } : {}),
    };
  };
  const validation = o.validationPaths?.length
    ? await readSparseRecords(o.validationPaths, train.x.cols)
    : undefined;
  return {
    preprocessor,
    train: prepare(train.x, labels, 'training data'),
    ...(validation
      ? { validation: prepare(validation.x, labelFrame(validation.label), 'validation data') }
      : {}),
    schema: [
      ...(train.hasLabel ? [{ name: 'label', type: 'float' }] : []),
      { name: 'values', type: `sparse<${train.x.cols}>` },
    ],
  };
}

import { invalidArgument } from '../../core/index.js';
import type { Frame, FrameColumn } from '../../engine/index.js';
import { type Matrix, matrix } from '../matrix.js';

/**
 * How one input column becomes model features, learned on the training data and stored with the
 * model so prediction applies exactly the same steps to raw rows.
 */
export type FeaturePlan =
  | {
      readonly name: string;
      readonly kind: 'numeric';
      /** Missing values become this (the training mean), unless the algorithm keeps NaN. */
      readonly fill: number;
    }
  | {
      readonly name: string;
      readonly kind: 'categorical';
      /** One feature per category (one-hot), in this order; an unseen category sets none of them. */
      readonly categories: readonly string[];
    };

export interface TargetPlan {
  readonly name: string;
  readonly kind: 'class' | 'value';
  /** Classes in index order (class targets). */
  readonly classes?: readonly string[];
}

export interface Preprocessor {
  readonly features: readonly FeaturePlan[];
  /** Names of the matrix columns: numeric columns as is, categories as `column=value`. */
  readonly featureNames: readonly string[];
  readonly target?: TargetPlan;
  /** Missing numeric values stay NaN (tree learners route them themselves). */
  readonly keepMissing: boolean;
  /**
   * Set when the model was trained on sparse rows (RecordIO sparse tensors): features pass through
   * unchanged as CSR rows of this width, named feature_<i>; `features` is empty.
   */
  readonly sparseWidth?: number;
}

export interface FitOptions {
  readonly target?: string;
  /** 'class' for classifiers, 'value' for regressors; none for unsupervised algorithms. */
  readonly targetKind?: 'class' | 'value';
  readonly keepMissing?: boolean;
  /** Categorical columns with more distinct values are refused (an id column, most likely). */
  readonly maxCategories?: number;
}

function isMissing(col: FrameColumn, i: number): boolean {
  return col.valid !== null && col.valid[i] === 0;
}

function numericValue(col: FrameColumn, i: number): number {
  if (isMissing(col, i)) return Number.NaN;
  if (col.kind === 'float64' || col.kind === 'int32' || col.kind === 'bool') return col.values[i] as number;
  return Number.NaN;
}

function stringValue(col: FrameColumn, i: number): string | undefined {
  if (isMissing(col, i)) return undefined;
  if (col.kind === 'string') return col.dictionary[col.codes[i] as number];
  return String(col.kind === 'bool' ? col.values[i] === 1 : col.values[i]);
}

/** Rejects what a model cannot learn from, naming the column and, for bad values, the row. */
function checkNumeric(col: FrameColumn, length: number): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < length; i++) {
    const v = numericValue(col, i);
    if (Number.isNaN(v)) continue;
    if (!Number.isFinite(v))
      throw invalidArgument(`column '${col.name}', row ${i + 1}: ${v} is not a finite number`, {
        column: col.name,
        row: i + 1,
      });
    sum += v;
    count++;
  }
  if (count === 0)
    throw invalidArgument(`column '${col.name}' has no values (all missing); drop it`, { column: col.name });
  return sum / count;
}

/** A string column that is really numbers with a few typos: name the first value that is not. */
function checkNotMostlyNumeric(col: Extract<FrameColumn, { kind: 'string' }>, length: number): void {
  let numeric = 0;
  let firstBad: { row: number; value: string } | undefined;
  let present = 0;
  for (let i = 0; i < length; i++) {
    const s = stringValue(col, i);
    if (s === undefined) continue;
    present++;
    if (s.trim() !== '' && Number.isFinite(Number(s))) numeric++;
    else firstBad ??= { row: i + 1, value: s };
  }
  if (firstBad && present > 0 && numeric / present >= 0.9) {
    throw invalidArgument(
      `column '${col.name}' is numeric but row ${firstBad.row} holds '${firstBad.value}' (fix or remove the value)`,
      { column: col.name, row: firstBad.row },
    );
  }
}

/** Learns the feature plan from training data: numbers stay numbers, strings are one-hot encoded. */
export function fitPreprocessor(frame: Frame, options: FitOptions = {}): Preprocessor {
  const maxCategories = options.maxCategories ?? 1000;
  let target: TargetPlan | undefined;
  if (options.target) {
    const col = frame.columns.find((c) => c.name === options.target);
    if (!col) {
      throw invalidArgument(
        `no target column '${options.target}' (columns: ${frame.columns.map((c) => c.name).join(', ')})`,
        { column: options.target },
      );
    }
    target = fitTarget(col, frame.length, options.targetKind ?? 'value');
  }
  const features: FeaturePlan[] = [];
  const featureNames: string[] = [];
  for (const col of frame.columns) {
    if (col.name === options.target) continue;
    if (col.kind === 'string') {
      checkNotMostlyNumeric(col, frame.length);
      const counts = new Map<string, number>();
      for (let i = 0; i < frame.length; i++) {
        const s = stringValue(col, i);
        if (s !== undefined) counts.set(s, (counts.get(s) ?? 0) + 1);
      }
      if (counts.size === 0)
        throw invalidArgument(`column '${col.name}' has no values (all missing); drop it`, {
          column: col.name,
        });
      if (counts.size > maxCategories) {
        throw invalidArgument(
          `column '${col.name}' has ${counts.size} distinct values (more than ${maxCategories}); is it an id? drop it or encode it first`,
          {
            column: col.name,
          },
        );
      }
      const categories = [...counts.keys()].sort();
      features.push({ name: col.name, kind: 'categorical', categories });
      for (const c of categories) featureNames.push(`${col.name}=${c}`);
    } else {
      features.push({ name: col.name, kind: 'numeric', fill: checkNumeric(col, frame.length) });
      featureNames.push(col.name);
    }
  }
  if (features.length === 0) throw invalidArgument('no feature columns besides the target');
  return { features, featureNames, ...(target ? { target } : {}), keepMissing: options.keepMissing ?? false };
}

/**
 * The plan for sparse rows: the features pass through as they are (no encoding, no imputation) and
 * only the target, a column of `labels`, is fitted.
 */
export function fitSparsePreprocessor(width: number, labels: Frame, options: FitOptions): Preprocessor {
  const col = options.target ? labels.columns.find((c) => c.name === options.target) : undefined;
  if (options.target && !col)
    throw invalidArgument(
      `sparse RecordIO rows have their target in the record's label: use --target ${labels.columns[0]?.name ?? 'label'}`,
      { column: options.target },
    );
  return {
    features: [],
    featureNames: Array.from({ length: width }, (_, j) => `feature_${j}`),
    ...(col ? { target: fitTarget(col, labels.length, options.targetKind ?? 'value') } : {}),
    keepMissing: false,
    sparseWidth: width,
  };
}

function fitTarget(col: FrameColumn, length: number, kind: 'class' | 'value'): TargetPlan {
  if (kind === 'value') {
    if (col.kind === 'string')
      throw invalidArgument(`target '${col.name}' holds text; a regressor needs numbers`, {
        column: col.name,
      });
    let first: number | undefined;
    let constant = true;
    for (let i = 0; i < length; i++) {
      const v = numericValue(col, i);
      if (Number.isNaN(v)) continue;
      if (!Number.isFinite(v))
        throw invalidArgument(`target '${col.name}', row ${i + 1}: ${v} is not a finite number`, {
          column: col.name,
          row: i + 1,
        });
      if (first === undefined) first = v;
      else if (v !== first) constant = false;
    }
    if (first === undefined)
      throw invalidArgument(`target '${col.name}' has no values`, { column: col.name });
    if (constant)
      throw invalidArgument(`target '${col.name}' is constant (${first}): nothing to learn`, {
        column: col.name,
      });
    return { name: col.name, kind: 'value' };
  }
  const classes = new Set<string>();
  for (let i = 0; i < length; i++) {
    const s = stringValue(col, i);
    if (s !== undefined) classes.add(s);
  }
  if (classes.size === 0) throw invalidArgument(`target '${col.name}' has no values`, { column: col.name });
  if (classes.size === 1)
    throw invalidArgument(
      `target '${col.name}' is constant (${[...classes][0]}): a classifier needs two classes or more`,
      { column: col.name },
    );
  const sorted = [...classes].sort((a, b) => {
    const x = Number(a);
    const y = Number(b);
    return Number.isFinite(x) && Number.isFinite(y) ? x - y : a < b ? -1 : a > b ? 1 : 0;
  });
  return { name: col.name, kind: 'class', classes: sorted };
}

/**
 * Applies a fitted plan to a frame with the training schema. Missing feature columns and
 * non-numeric values are errors naming the column; an unseen category gets all-zero indicators;
 * missing numbers get the training mean (or stay NaN with keepMissing).
 */
export function transformFeatures(pre: Preprocessor, frame: Frame): Matrix {
  const d = pre.featureNames.length;
  const n = frame.length;
  const out = new Float64Array(n * d);
  let offset = 0;
  for (const plan of pre.features) {
    const col = frame.columns.find((c) => c.name === plan.name);
    if (!col) {
      throw invalidArgument(`the model needs column '${plan.name}', which the data does not have`, {
        column: plan.name,
      });
    }
    if (plan.kind === 'numeric') {
      if (col.kind === 'string') {
        for (let i = 0; i < n; i++) {
          const s = stringValue(col, i);
          const v = s === undefined ? Number.NaN : Number(s);
          if (s !== undefined && (s.trim() === '' || !Number.isFinite(v))) {
            throw invalidArgument(`column '${plan.name}', row ${i + 1}: '${s}' is not a number`, {
              column: plan.name,
              row: i + 1,
            });
          }
          out[i * d + offset] = Number.isNaN(v) && !pre.keepMissing ? plan.fill : v;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const v = numericValue(col, i);
          if (!Number.isNaN(v) && !Number.isFinite(v)) {
            throw invalidArgument(`column '${plan.name}', row ${i + 1}: ${v} is not a finite number`, {
              column: plan.name,
              row: i + 1,
            });
          }
          out[i * d + offset] = Number.isNaN(v) && !pre.keepMissing ? plan.fill : v;
        }
      }
      offset++;
    } else {
      const index = new Map(plan.categories.map((c, k) => [c, k]));
      for (let i = 0; i < n; i++) {
        const s = stringValue(col, i);
        const k = s === undefined ? undefined : index.get(s);
        if (k !== undefined) out[i * d + offset + k] = 1;
      }
      offset += plan.categories.length;
    }
  }
  return matrix(n, d, out);
}

/** The target as class indices or values; rows whose target is missing are reported by index. */
export function transformTarget(pre: Preprocessor, frame: Frame): { y: Float64Array; missing: number[] } {
  const plan = pre.target;
  if (!plan) throw invalidArgument('the model has no target');
  const col = frame.columns.find((c) => c.name === plan.name);
  if (!col) throw invalidArgument(`no target column '${plan.name}'`, { column: plan.name });
  const y = new Float64Array(frame.length);
  const missing: number[] = [];
  const index = new Map((plan.classes ?? []).map((c, k) => [c, k]));
  for (let i = 0; i < frame.length; i++) {
    if (plan.kind === 'class') {
      const s = stringValue(col, i);
      if (s === undefined) {
        missing.push(i);
        continue;
      }
      const k = index.get(s);
      if (k === undefined) {
        throw invalidArgument(
          `target '${plan.name}', row ${i + 1}: class '${s}' was not in the training data (classes: ${(plan.classes ?? []).join(', ')})`,
          {
            column: plan.name,
            row: i + 1,
          },
        );
      }
      y[i] = k;
    } else {
      const v = numericValue(col, i);
      if (Number.isNaN(v)) missing.push(i);
      y[i] = v;
    }
  }
  return { y, missing };
}

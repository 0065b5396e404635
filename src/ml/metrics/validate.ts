/**
 * Argument checks shared by the metrics. Every failure is a PlatformError `invalid_argument` whose
 * message names the argument, and whose details carry the offending index or sizes.
 */
import { invalidArgument } from '../../core/index.js';

interface Sized {
  readonly length: number;
}

/** Two per-sample arrays of one length, and at least one sample. Returns the length. */
export function checkPair(a: Sized, b: Sized, aName = 'yTrue', bName = 'yPred'): number {
  if (a.length !== b.length)
    throw invalidArgument(`${aName} has ${a.length} values but ${bName} has ${b.length}`, {
      [aName]: a.length,
      [bName]: b.length,
    });
  if (a.length === 0) throw invalidArgument(`${aName} and ${bName} are empty; a metric needs one sample`);
  return a.length;
}

export function checkNumClasses(numClasses: number, min = 1): void {
  if (!Number.isInteger(numClasses) || numClasses < min)
    throw invalidArgument(`numClasses must be a whole number ≥ ${min}, got ${numClasses}`, { numClasses });
}

/** Class indices in [0, numClasses). */
export function checkLabels(labels: Int32Array, numClasses: number, name: string): void {
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i] as number;
    if (v < 0 || v >= numClasses)
      throw invalidArgument(`${name}[${i}] = ${v} is not a class index in 0..${numClasses - 1}`, {
        index: i,
        value: v,
        numClasses,
      });
  }
}

/** Binary labels: 0 or 1, with `positive` one of them. */
export function checkBinary(labels: Int32Array, positive: number, name = 'yTrue'): void {
  if (positive !== 0 && positive !== 1)
    throw invalidArgument(`positive must be 0 or 1, got ${positive}`, { positive });
  checkLabels(labels, 2, name);
}

export function checkNoNaN(values: ArrayLike<number>, name: string): void {
  for (let i = 0; i < values.length; i++)
    if (Number.isNaN(values[i])) throw invalidArgument(`${name}[${i}] is NaN`, { index: i });
}

/** Throws at the first value that is NaN or ±Infinity. */
export function checkFinite(values: ArrayLike<number>, name: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v))
      throw invalidArgument(`${name}[${i}] = ${v} is not a finite number`, { index: i });
  }
}

/** A rows x cols row-major matrix stored flat. */
export function checkMatrix(values: Sized, rows: number, cols: number, name: string): void {
  if (values.length !== rows * cols)
    throw invalidArgument(
      `${name} has ${values.length} values; ${rows} rows x ${cols} classes need ${rows * cols}`,
      { length: values.length, rows, cols },
    );
}

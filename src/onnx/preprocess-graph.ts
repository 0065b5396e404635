import { invalidArgument } from '../core/index.js';
import type { Preprocessor } from '../ml/index.js';
import { type GraphBuilder, ML_DOMAIN } from './graph-builder.js';
import { attr } from './onnx-proto.js';

/** How the fill value of a numeric column is stored: as is, or rounded to float32 (tree models). */
export type FillPrecision = 'double' | 'float32';

/** The element type of numeric graph inputs. */
export type NumericInput = 'float' | 'double';

/** The one input of a model trained on sparse RecordIO rows: the rows, dense, [N, width]. */
export const SPARSE_INPUT = 'features';

/**
 * Declares one graph input per feature column of the training data (`numeric` [N,1] for numeric
 * columns, string [N,1] for categorical ones), then builds Kelp's preprocessing on them: one-hot
 * encoding in the stored category order (an unseen value, or '', sets no indicator), the columns
 * concatenated in `featureNames` order, cast to double and missing numbers (NaN) replaced by the
 * training mean unless the model keeps them. A model trained on sparse rows has no preprocessing:
 * its one input `features` [N, width] takes the rows expanded (absent entries 0). Returns the
 * double [N, d] feature matrix.
 */
export function buildPreprocessing(
  g: GraphBuilder,
  pre: Preprocessor,
  fill: FillPrecision,
  numeric: NumericInput = 'float',
): string {
  if (pre.sparseWidth !== undefined)
    return g.cast(g.input(SPARSE_INPUT, numeric, ['N', pre.sparseWidth]), 'double');
  if (pre.features.length === 0) throw invalidArgument('onnx: the model has no feature columns');
  // All inputs first, so the names generated below never take a column's name.
  const inputs = pre.features.map((plan) =>
    g.input(plan.name, plan.kind === 'numeric' ? numeric : 'string', ['N', 1]),
  );
  const parts = pre.features.map((plan, i) => {
    const input = inputs[i]!;
    if (plan.kind === 'numeric') return input;
    const onehot = g.op(
      'OneHotEncoder',
      [input],
      [attr.strings('cats_strings', plan.categories), attr.int('zeros', 1)],
      ML_DOMAIN,
    );
    // OneHotEncoder appends the category axis: [N,1,C] → [N,C]; its float joins double inputs cast.
    const squeezed = g.op('Squeeze', [onehot, g.constant('axis1', 'int64', [1], [1])]);
    return numeric === 'double' ? g.cast(squeezed, 'double') : squeezed;
  });
  const joined = parts.length === 1 ? parts[0]! : g.op('Concat', parts, [attr.int('axis', 1)]);
  const features = g.cast(joined, 'double');
  if (pre.keepMissing) return features;
  const fills: number[] = [];
  for (const plan of pre.features) {
    if (plan.kind === 'numeric') fills.push(fill === 'float32' ? Math.fround(plan.fill) : plan.fill);
    else for (const _ of plan.categories) fills.push(0);
  }
  if (fills.length !== pre.featureNames.length)
    throw invalidArgument(
      `onnx: the preprocessor has ${pre.featureNames.length} feature names but plans for ${fills.length}`,
    );
  const fillValues = g.constant('fill', 'double', [fills.length], fills);
  return g.op('Where', [g.op('IsNaN', [features]), fillValues, features]);
}

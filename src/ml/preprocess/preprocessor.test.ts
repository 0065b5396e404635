import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { readFrame, withDuckDB } from '../../engine/index.js';
import { fitPreprocessor, transformFeatures, transformTarget } from './preprocessor.js';

const frameOf = (sql: string) => withDuckDB((con) => readFrame(con, sql));

describe('preprocessing stored with the model', () => {
  it('one-hot encodes strings, imputes the training mean, and encodes class targets', async () => {
    const train = await frameOf(
      "SELECT * FROM (VALUES (1.0, 'red', 'yes'), (NULL, 'blue', 'no'), (3.0, 'red', 'yes'), (5.0, NULL, 'no')) t(x, color, label)",
    );
    const pre = fitPreprocessor(train, { target: 'label', targetKind: 'class' });
    assert.deepEqual(pre.featureNames, ['x', 'color=blue', 'color=red']);
    assert.deepEqual(pre.target?.classes, ['no', 'yes']);
    const m = transformFeatures(pre, train);
    assert.deepEqual([...m.data], [1, 0, 1, 3, 1, 0, 3, 0, 1, 5, 0, 0]);
    assert.deepEqual([...transformTarget(pre, train).y], [1, 0, 1, 0]);
    // Prediction: an unseen category sets no indicator; a missing number gets the training mean.
    const later = await frameOf("SELECT * FROM (VALUES (NULL, 'green')) t(x, color)");
    assert.deepEqual([...transformFeatures(pre, later).data], [3, 0, 0]);
  });

  it('keeps NaN for learners that route missing values themselves', async () => {
    const train = await frameOf('SELECT * FROM (VALUES (1.0, 0), (NULL, 1)) t(x, y)');
    const pre = fitPreprocessor(train, { target: 'y', targetKind: 'value', keepMissing: true });
    assert.ok(Number.isNaN(transformFeatures(pre, train).data[1]));
  });

  it('names the column for a missing target, a constant target, an all-null feature, bad numbers and infinities', async () => {
    const f = await frameOf(
      "SELECT * FROM (VALUES (1.0, 'a', NULL::DOUBLE, 2), (2.0, 'a', NULL, 3)) t(x, c, empty, y)",
    );
    assert.throws(
      () => fitPreprocessor(f, { target: 'label' }),
      /no target column 'label' \(columns: x, c, empty, y\)/,
    );
    assert.throws(
      () => fitPreprocessor(f, { target: 'c', targetKind: 'class' }),
      /target 'c' is constant \(a\)/,
    );
    assert.throws(
      () => fitPreprocessor(f, { target: 'y', targetKind: 'value' }),
      /column 'empty' has no values/,
    );
    const typo = await frameOf(
      "SELECT * FROM (VALUES ('1', 1), ('2', 2), ('3', 1), ('4', 2), ('5', 1), ('6', 2), ('7', 1), ('8', 2), ('9', 1), ('1O', 2)) t(n, y)",
    );
    assert.throws(
      () => fitPreprocessor(typo, { target: 'y', targetKind: 'value' }),
      /column 'n' is numeric but row 10 holds '1O'/,
    );
    const inf = await frameOf("SELECT * FROM (VALUES ('inf'::DOUBLE, 1), (1.0, 2)) t(x, y)");
    assert.throws(
      () => fitPreprocessor(inf, { target: 'y', targetKind: 'value' }),
      /column 'x', row 1: Infinity is not a finite number/,
    );
  });

  it('refuses prediction data without a model column or with text in a numeric column', async () => {
    const train = await frameOf('SELECT * FROM (VALUES (1.0, 2.0, 0), (2.0, 1.0, 1)) t(a, b, y)');
    const pre = fitPreprocessor(train, { target: 'y', targetKind: 'class' });
    const noB = await frameOf('SELECT * FROM (VALUES (1.0)) t(a)');
    assert.throws(() => transformFeatures(pre, noB), /the model needs column 'b'/);
    const text = await frameOf("SELECT * FROM (VALUES (1.0, 'abc')) t(a, b)");
    assert.throws(() => transformFeatures(pre, text), /column 'b', row 1: 'abc' is not a number/);
  });
});

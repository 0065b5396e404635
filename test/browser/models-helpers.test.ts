// The console's pure helpers behind the Models pages, without a browser: hyperparameter fields from
// specs (ranges, what is sent), metrics grouped by split, and the CSV preview parser.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  changedHyperparameters,
  defaultInputs,
  describeRange,
  type HyperparameterSpec,
  hyperparameterError,
  isChanged,
} from '../../web/src/api/models/hyperparameters.js';
import { formatMetric, headlineMetrics, metricsTable } from '../../web/src/api/models/metrics.js';
import { parseCsvPreview } from '../../web/src/api/objects/csv-preview.js';

const SPECS: Record<string, HyperparameterSpec> = {
  predictor_type: {
    type: 'enum',
    default: 'binary_classifier',
    values: ['binary_classifier', 'multiclass_classifier'],
    description: 'What the model predicts',
  },
  wd: { type: 'float', default: 0, min: 0, description: 'L2' },
  learning_rate: { type: 'float', default: 0.01, min: 0, exclusiveMin: true, description: 'Step' },
  epochs: { type: 'int', default: 15, min: 1, max: 10000, description: 'Passes' },
  use_bias: { type: 'bool', default: true, description: 'Intercept' },
};

describe('hyperparameter fields', () => {
  it('prefills defaults and sends only changed, typed values', () => {
    const inputs = defaultInputs(SPECS);
    assert.deepEqual(inputs, {
      predictor_type: 'binary_classifier',
      wd: '0',
      learning_rate: '0.01',
      epochs: '15',
      use_bias: true,
    });
    assert.deepEqual(changedHyperparameters(SPECS, inputs), {});
    const edited = {
      ...inputs,
      predictor_type: 'multiclass_classifier',
      wd: '0.5',
      learning_rate: '0.010',
      use_bias: false,
    };
    assert.deepEqual(changedHyperparameters(SPECS, edited), {
      predictor_type: 'multiclass_classifier',
      wd: 0.5,
      use_bias: false,
    });
    assert.equal(isChanged(SPECS.learning_rate!, '0.010'), false, '0.010 is the default 0.01');
  });

  it('checks ranges as the server does, exclusive minimum included', () => {
    assert.equal(hyperparameterError(SPECS.wd!, '-1'), 'must be ≥ 0');
    assert.equal(hyperparameterError(SPECS.wd!, '0'), undefined);
    assert.equal(hyperparameterError(SPECS.learning_rate!, '0'), 'must be > 0');
    assert.equal(hyperparameterError(SPECS.epochs!, '2.5'), 'must be a whole number');
    assert.equal(hyperparameterError(SPECS.epochs!, '10001'), 'must be from 1 to 10000');
    assert.equal(hyperparameterError(SPECS.epochs!, ''), 'must be a number');
    assert.equal(
      hyperparameterError(SPECS.predictor_type!, 'regressor'),
      'one of binary_classifier, multiclass_classifier',
    );
    assert.equal(describeRange(SPECS.use_bias!), '');
    // Invalid values are never sent.
    assert.deepEqual(changedHyperparameters(SPECS, { ...defaultInputs(SPECS), wd: '-1' }), {});
  });
});

describe('model metrics', () => {
  const metrics = {
    'train:accuracy': 0.99,
    'train:logloss': 0.000012345,
    'validation:accuracy': 0.95,
    'train:f1_macro': 0.98,
  };

  it('puts train and validation side by side', () => {
    assert.deepEqual(metricsTable(metrics), {
      splits: ['train', 'validation'],
      rows: [
        { name: 'accuracy', values: [0.99, 0.95] },
        { name: 'logloss', values: [0.000012345, undefined] },
        { name: 'f1_macro', values: [0.98, undefined] },
      ],
    });
    assert.deepEqual(metricsTable({}), { splits: [], rows: [] });
  });

  it('headlines the best-known metrics, from validation when there is one', () => {
    assert.deepEqual(headlineMetrics(metrics), [
      { key: 'validation:accuracy', value: 0.95 },
      { key: 'train:f1_macro', value: 0.98 },
    ]);
    assert.deepEqual(headlineMetrics({ 'train:rmse': 2 }), [{ key: 'train:rmse', value: 2 }]);
    assert.equal(formatMetric(0.987654), '0.9877');
    assert.equal(formatMetric(0.000012345), '1.234e-5');
    assert.equal(formatMetric(undefined), '-');
  });
});

describe('CSV preview', () => {
  it('parses quoted fields, escaped quotes, embedded newlines and CRLF', () => {
    const text = 'a,b\r\n"x, y","say ""hi"""\r\n"multi\nline",2\r\n';
    assert.deepEqual(parseCsvPreview(text, 20), {
      columns: ['a', 'b'],
      rows: [
        ['x, y', 'say "hi"'],
        ['multi\nline', '2'],
      ],
      truncated: false,
    });
    assert.deepEqual(parseCsvPreview('a,b\n1,2', 20).rows, [['1', '2']], 'no final newline');
    assert.deepEqual(parseCsvPreview('', 20), { columns: [], rows: [], truncated: false });
    assert.deepEqual(parseCsvPreview('a\n', 20), { columns: ['a'], rows: [], truncated: false });
  });

  it('stops at maxRows and drops a record cut short by the byte limit', () => {
    const text = `n\n${Array.from({ length: 50 }, (_, i) => i).join('\n')}\n`;
    const preview = parseCsvPreview(text, 20);
    assert.equal(preview.rows.length, 20);
    assert.deepEqual(preview.rows.at(-1), ['19']);
    assert.equal(preview.truncated, true);
    assert.deepEqual(parseCsvPreview('n\n1\n2\n3', 20, false), {
      columns: ['n'],
      rows: [['1'], ['2']],
      truncated: true,
    });
  });
});

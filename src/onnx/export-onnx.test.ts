import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { loadPenguins, trainArtifact } from '../../test/onnx/penguin-models.js';
import { isPlatformError } from '../core/index.js';
import type { ModelArtifact } from '../training/index.js';
import { exportOnnx, IR_VERSION, ML_OPSET, ONNX_ALGORITHMS, OPSET } from './index.js';
import { onnx, type ValueInfoProto } from './onnx-proto.js';

const decode = (bytes: Uint8Array) => onnx.ModelProto.decode(bytes);
const dims = (v: ValueInfoProto) =>
  v.type!.tensorType!.shape!.dim!.map((d): string | number => (d.dimParam ? d.dimParam : Number(d.dimValue)));
const elem = (v: ValueInfoProto) => v.type!.tensorType!.elemType;
const T = onnx.TensorProto.DataType;

function rejects(fn: () => unknown, pattern: RegExp): void {
  assert.throws(
    fn,
    (err) => isPlatformError(err) && err.code === 'invalid_argument' && pattern.test(err.message),
  );
}

describe('exportOnnx', () => {
  let xgb: ModelArtifact;
  before(async () => {
    const frame = await loadPenguins();
    xgb = await trainArtifact(
      frame,
      'xgboost',
      { objective: 'multi:softprob', num_class: 3, num_round: 3 },
      'species',
    );
  });

  it('takes one input per raw column and gives label and probabilities', () => {
    const m = decode(exportOnnx(xgb));
    assert.equal(Number(m.irVersion), IR_VERSION);
    assert.deepEqual(
      m.opsetImport.map((o) => [o.domain, Number(o.version)]),
      [
        ['', OPSET],
        ['ai.onnx.ml', ML_OPSET],
      ],
    );
    const g = m.graph!;
    assert.deepEqual(
      g.input!.map((i) => [i.name, elem(i), dims(i)]),
      [
        ['island', T.STRING, ['N', 1]],
        ['bill_length_mm', T.FLOAT, ['N', 1]],
        ['bill_depth_mm', T.FLOAT, ['N', 1]],
        ['flipper_length_mm', T.FLOAT, ['N', 1]],
        ['body_mass_g', T.FLOAT, ['N', 1]],
        ['sex', T.STRING, ['N', 1]],
        ['year', T.FLOAT, ['N', 1]],
      ],
    );
    assert.deepEqual(
      g.output!.map((o) => [o.name, elem(o), dims(o)]),
      [
        ['label', T.STRING, ['N']],
        ['probabilities', T.FLOAT, ['N', 3]],
      ],
    );
    const ops = new Set(g.node!.map((n) => n.opType));
    for (const op of [
      'OneHotEncoder',
      'Concat',
      'Cast',
      'TreeEnsembleRegressor',
      'Softmax',
      'ArgMax',
      'Gather',
    ])
      assert.ok(ops.has(op), op);
    // xgboost keeps NaN: no imputation.
    assert.ok(!ops.has('Where'));
  });

  it("writes the same graph for 'onnx-web' (wasm runs every op and type used)", () => {
    assert.deepEqual(exportOnnx(xgb, { target: 'onnx-web' }), exportOnnx(xgb));
  });

  it('refuses what it cannot export, saying why', () => {
    assert.ok(ONNX_ALGORITHMS.includes('xgboost'));
    rejects(
      () => exportOnnx({ ...xgb, algorithm: 'object2vec' }),
      /object2vec models cannot be exported.*supported: xgboost/,
    );
    rejects(() => exportOnnx(xgb, { target: 'tflite' as never }), /unknown target 'tflite'/);
    rejects(() => exportOnnx({ ...xgb, state: { format: 'kelp.xgboost/0' } }), /not kelp.xgboost\/1/);
    const [first, ...rest] = xgb.preprocessor.features;
    const clash = { ...xgb.preprocessor, features: [{ ...first!, name: 'label' }, ...rest] };
    rejects(() => exportOnnx({ ...xgb, preprocessor: clash }), /column 'label' clashes/);
  });
});

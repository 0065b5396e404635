// ONNX export (Neo) over HTTP and from the CLI: a compilation job verifies the export in ONNX
// Runtime on the model's own rows and writes model.onnx; the file runs in onnxruntime-node from raw
// columns (categories as strings, numbers as floats, or doubles for randomcutforest) and agrees with
// the endpoint's answer.
import assert from 'node:assert/strict';
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import onnxProto from 'onnx-proto';

import { KelpClient } from '../../src/client/index.js';
import { tempDir } from '../helpers/index.js';
import { runCli } from '../helpers/run-cli.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const PENGUINS = fileURLToPath(new URL('../fixtures/ml/penguins.csv', import.meta.url));
const ROW = {
  island: 'Torgersen',
  bill_length_mm: 39.1,
  bill_depth_mm: 18.7,
  flipper_length_mm: 181,
  body_mass_g: 3750,
  sex: 'male',
  year: 2007,
};

let server: TestServer;
let client: KelpClient;
let dir: Awaited<ReturnType<typeof tempDir>>;

/** Runs an exported model on one raw row, as a user of ONNX Runtime would. */
async function runOnnxRow(bytes: Uint8Array, row: Record<string, string | number>) {
  const mod = await import('onnxruntime-node');
  const ort = mod.InferenceSession ? mod : (mod as unknown as { default: typeof mod }).default;
  const session = await ort.InferenceSession.create(bytes);
  const feeds = Object.fromEntries(
    Object.entries(row).map(([k, v]) => [
      k,
      typeof v === 'string'
        ? new ort.Tensor('string', [v], [1, 1])
        : new ort.Tensor('float32', Float32Array.of(v), [1, 1]),
    ]),
  );
  const out = await session.run(feeds);
  return {
    label: out.label!.data[0] as string,
    probabilities: Array.from(out.probabilities!.data as Float32Array),
  };
}

before(async () => {
  dir = await tempDir('kelp-compile-');
  server = await startTestServer();
  client = new KelpClient({ url: server.url });
  await client.objects.put('data/penguins/penguins.csv', await readFile(PENGUINS));
  for (const [name, algorithm, hp] of [
    ['penguins-xgb', 'xgboost', { objective: 'multi:softprob', num_round: 10 }],
    ['penguins-rcf', 'randomcutforest', { num_trees: 50 }],
  ] as const) {
    const { job } = await client.models.train({
      algorithm,
      data: 'store://data/penguins/',
      target: 'species',
      hyperparameters: hp,
      name,
    });
    assert.equal((await client.jobs.wait(job.name)).state, 'Completed');
  }
});
after(async () => {
  await server.stop();
  await dir.cleanup();
});

describe('ONNX export', () => {
  it('compiles a model to ONNX that agrees with the endpoint on raw rows', async () => {
    const job = await client.compilations.start({ model: 'penguins-xgb', target: 'onnx' });
    const done = await client.jobs.wait(job.name);
    assert.equal(done.state, 'Completed', done.failureReason ?? '');
    const result = done.result as { key: string; verifiedRows: number; maxAbsDiff: number };
    assert.equal(result.verifiedRows, 344);
    assert.ok(result.maxAbsDiff <= 1e-5, String(result.maxAbsDiff));
    const bytes = new Uint8Array(
      await new Response((await client.objects.get(result.key)).body).arrayBuffer(),
    );
    const onnx = await runOnnxRow(bytes, ROW);

    await client.endpointConfigs.create({
      name: 'c',
      variants: [{ name: 'AllTraffic', model: 'penguins-xgb', initialWeight: 1, workers: 1 }],
    });
    await client.endpoints.create({ name: 'e', config: 'c' });
    await client.endpoints.waitInService('e');
    const answer = await client.endpoints.invoke('e', JSON.stringify([ROW]), {
      contentType: 'application/json',
    });
    const p = (JSON.parse(answer.body) as { predictions: Record<string, number | string>[] }).predictions[0]!;
    assert.equal(onnx.label, p.predicted_label);
    ['Adelie', 'Chinstrap', 'Gentoo'].forEach((c, k) => {
      assert.ok(Math.abs(onnx.probabilities[k]! - (p[`probability_${c}`] as number)) < 1e-5);
    });
  });

  it('imports ONNX models from elsewhere and serves and batch-scores them like Kelp models', async () => {
    // A foreign regression model, as a scikit-learn pipeline exports one: X float [N, 2] → 2a + 3b + 1.
    const { onnx } = onnxProto.onnx
      ? onnxProto
      : (onnxProto as unknown as { default: typeof onnxProto }).default;
    const f = onnx.TensorProto.DataType.FLOAT;
    const info = (name: string, dims: (number | string)[]) => ({
      name,
      type: {
        tensorType: {
          elemType: f,
          shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
        },
      },
    });
    const bytes = onnx.ModelProto.encode({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      graph: {
        name: 'linear',
        input: [info('X', ['N', 2])],
        output: [info('variable', ['N', 1])],
        initializer: [
          { name: 'W', dataType: f, dims: [2, 1], floatData: [2, 3] },
          { name: 'B', dataType: f, dims: [1], floatData: [1] },
        ],
        node: [
          { opType: 'MatMul', input: ['X', 'W'], output: ['XW'] },
          { opType: 'Add', input: ['XW', 'B'], output: ['variable'] },
        ],
      },
    }).finish();
    await client.objects.put('imports/linear.onnx', bytes);
    const foreign = await client.models.importOnnx({ name: 'foreign', object: 'imports/linear.onnx' });
    assert.equal(foreign.algorithm, 'onnx');
    assert.equal(foreign.kind, 'regressor');
    assert.deepEqual(foreign.schema, [{ name: 'X', type: 'float32[N,2]' }]);
    await client.endpointConfigs.create({
      name: 'fc',
      variants: [{ name: 'AllTraffic', model: 'foreign', initialWeight: 1, workers: 1 }],
    });
    await client.endpoints.create({ name: 'foreign', config: 'fc' });
    await client.endpoints.waitInService('foreign');
    assert.equal(
      (await client.endpoints.invoke('foreign', '1,1\n2,0\n', { contentType: 'text/csv' })).body,
      '6\n5\n',
    );
    await client.objects.put('imports/rows/a.csv', '0,0\n1,2\n');
    const t = await client.transforms.start({
      model: 'foreign',
      input: 'imports/rows/',
      output: 'imports/out/',
    });
    assert.equal((await client.jobs.wait(t.name)).state, 'Completed');
    assert.equal(
      await new Response((await client.objects.get('imports/out/a.csv.out')).body).text(),
      '1\n9\n',
    );
    await assert.rejects(
      client.models.predict('foreign', { data: 'imports/rows/', output: 'x.csv' }),
      /batch transform/,
    );

    // Kelp's own export comes back in as a classifier with named classes.
    const job = await client.compilations.start({ model: 'penguins-xgb' });
    const key = ((await client.jobs.wait(job.name)).result as { key: string }).key;
    const again = await client.models.importOnnx({
      name: 'reimported',
      object: key,
      classes: ['Adelie', 'Chinstrap', 'Gentoo'],
    });
    assert.equal(again.kind, 'classifier');
    await client.endpointConfigs.create({
      name: 'rc',
      variants: [{ name: 'AllTraffic', model: 'reimported', initialWeight: 1, workers: 1 }],
    });
    await client.endpoints.create({ name: 'reimported', config: 'rc' });
    await client.endpoints.waitInService('reimported');
    const r = await client.endpoints.invoke('reimported', JSON.stringify([ROW]), {
      contentType: 'application/json',
    });
    const p = (JSON.parse(r.body) as { predictions: Record<string, unknown>[] }).predictions[0]!;
    assert.equal(p.predicted_label, 'Adelie');
    assert.deepEqual(Object.keys(p), [
      'predicted_label',
      'probability_Adelie',
      'probability_Chinstrap',
      'probability_Gentoo',
    ]);
  });

  it('exports randomcutforest, whose ONNX scores match the Kelp model behind the same endpoint', async () => {
    const job = await client.compilations.start({ model: 'penguins-rcf' });
    const done = await client.jobs.wait(job.name);
    assert.equal(done.state, 'Completed', done.failureReason ?? '');
    const { key, verifiedRows } = done.result as { key: string; verifiedRows: number };
    assert.equal(verifiedRows, 344);
    const imported = await client.models.importOnnx({ name: 'rcf-onnx', object: key });
    assert.equal(imported.kind, 'anomaly'); // its one output is `score`
    // Numbers go in as double: a training row must be recognised as one.
    assert.ok(
      imported.schema.some((c) => c.type === 'float64[N,1]'),
      JSON.stringify(imported.schema),
    );
    await client.endpointConfigs.create({
      name: 'rcf',
      variants: [
        { name: 'kelp', model: 'penguins-rcf', initialWeight: 1, workers: 1 },
        { name: 'onnx', model: 'rcf-onnx', initialWeight: 1, workers: 1 },
      ],
    });
    await client.endpoints.create({ name: 'rcf', config: 'rcf' });
    await client.endpoints.waitInService('rcf');
    const far = { ...ROW, bill_length_mm: 90, flipper_length_mm: 400 };
    const scores = async (variant: string) => {
      const r = await client.endpoints.invoke('rcf', JSON.stringify([ROW, far]), {
        contentType: 'application/json',
        targetVariant: variant,
      });
      return (JSON.parse(r.body) as { predictions: { score: number }[] }).predictions.map((p) => p.score);
    };
    const [kelp, onnx] = [await scores('kelp'), await scores('onnx')];
    assert.ok(kelp[1]! > kelp[0]!, String(kelp));
    for (const [i, k] of kelp.entries()) assert.ok(Math.abs(k - onnx[i]!) < 1e-5, `${k} vs ${onnx[i]}`);
    await client.endpoints.delete('rcf');
  });

  it('kelp compile writes the .onnx file (embedded)', async () => {
    const home = join(dir.path, 'home');
    const csv = join(dir.path, 'penguins.csv');
    await copyFile(PENGUINS, csv);
    const kelp = (...args: string[]) => runCli(['--home', home, ...args]);
    assert.equal(
      (
        await kelp(
          'train',
          '--algorithm',
          'random-forest',
          '--data',
          csv,
          '--target',
          'species',
          '--hp',
          'num_trees=10',
          '--name',
          'rf',
        )
      ).code,
      0,
    );
    const out = join(dir.path, 'rf.onnx');
    const compiled = await kelp(
      '--json',
      'compile',
      '--model',
      'rf',
      '--target',
      'onnx-web',
      '--output',
      out,
    );
    assert.equal(compiled.code, 0, compiled.stderr);
    assert.equal(JSON.parse(compiled.stdout).output, out);
    const onnx = await runOnnxRow(new Uint8Array(await readFile(out)), ROW);
    assert.equal(onnx.label, 'Adelie');
    const imported = await kelp(
      'models',
      'import',
      'rf-onnx',
      '--onnx',
      out,
      '--classes',
      'Adelie,Chinstrap,Gentoo',
    );
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /^model rf-onnx \(imported ONNX classifier; inputs island string\[N,1\]/);
  });
});

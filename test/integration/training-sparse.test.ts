// Sparse RecordIO through training jobs: factorization-machines learns from one-hot user × item rows
// kept sparse end to end (no expansion to columns), and scores RecordIO and CSV inputs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { KelpClient } from '../../src/client/index.js';
import { recordio } from '../../src/engine/index.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const USERS = 40;
const ITEMS = 30;
const WIDTH = USERS + ITEMS;

/** A user likes an item when their group parities agree: an interaction no linear model can fit. */
const likes = (u: number, i: number) => (u % 2 === i % 2 ? 1 : 0);

async function writeRecords(pairs: [number, number][], withLabel: boolean): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const writer = new recordio.RecordIOWriter(async (c) => {
    chunks.push(Buffer.from(c));
  });
  for (const [u, i] of pairs) {
    await writer.write({
      features: {
        values: { type: 'float32', values: Float32Array.of(1, 1), keys: [u, USERS + i], shape: [WIDTH] },
      },
      ...(withLabel ? { label: { values: { type: 'float32', values: Float32Array.of(likes(u, i)) } } } : {}),
    });
  }
  await writer.close();
  return Buffer.concat(chunks);
}

/** The predicted_label of each record of a RecordIO answer. */
const labelsOf = (bytes: Uint8Array) =>
  recordio
    .decodeRecordIO(bytes)
    .map((r) => new TextDecoder().decode((r.label!.predicted_label!.values as Uint8Array[])[0]));

let server: TestServer;
let client: KelpClient;
before(async () => {
  server = await startTestServer();
  client = new KelpClient({ url: server.url });
});
after(async () => {
  await server.stop();
});

async function finished(name: string): Promise<void> {
  const job = await client.jobs.wait(name);
  assert.equal(job.state, 'Completed', job.failureReason ?? '');
}

describe('sparse RecordIO training', () => {
  it('factorization-machines trains on sparse rows and scores RecordIO and CSV', async () => {
    const all: [number, number][] = [];
    for (let u = 0; u < USERS; u++) for (let i = 0; i < ITEMS; i++) all.push([u, i]);
    // Every fourth pair is held out; every user and item is still seen in training.
    const train = all.filter((_, k) => k % 4 !== 0);
    const test = all.filter((_, k) => k % 4 === 0);
    await client.objects.put('sparse/train/part-0.rec', await writeRecords(train, true));
    await client.objects.put('sparse/test.rec', await writeRecords(test, false));

    const { job } = await client.models.train({
      algorithm: 'factorization-machines',
      data: 'store://sparse/train/',
      target: 'label',
      hyperparameters: {
        predictor_type: 'binary_classifier',
        num_factors: 8,
        epochs: 60,
        mini_batch_size: 32,
        factors_lr: 0.05,
        linear_lr: 0.05,
        factors_init_sigma: 0.1,
      },
      name: 'fm-sparse',
    });
    await finished(job.name);
    const logs = (await client.jobs.logs(job.name)).map((l) => l.text).join('\n');
    assert.match(logs, /sparse rows × 70 features, 1800 non-zeros/);
    const model = await client.models.get('fm-sparse');
    assert.deepEqual(model.classes, ['0', '1']);
    assert.deepEqual(model.schema, [
      { name: 'label', type: 'float' },
      { name: 'values', type: 'sparse<70>' },
    ]);

    const scored = await client.models.predict('fm-sparse', {
      data: 'sparse/test.rec',
      output: 'out/fm.csv',
    });
    await finished(scored.name);
    const lines = (await new Response((await client.objects.get('out/fm.csv')).body).text())
      .trim()
      .split('\n');
    assert.equal(lines[0], 'predicted_label,probability_0,probability_1');
    assert.equal(lines.length, test.length + 1);
    const correct = test.filter(([u, i], k) => Number(lines[k + 1]!.split(',')[0]) === likes(u, i)).length;
    assert.ok(correct / test.length > 0.95, `held-out accuracy ${correct / test.length}`);

    // The same rows as CSV columns feature_0..feature_69 (what a RecordIO table expands to).
    const header = Array.from({ length: WIDTH }, (_, j) => `feature_${j}`).join(',');
    const rows = test
      .slice(0, 5)
      .map(([u, i]) =>
        Array.from({ length: WIDTH }, (_, j) => (j === u || j === USERS + i ? 1 : 0)).join(','),
      );
    await client.objects.put('sparse/test.csv', `${header}\n${rows.join('\n')}\n`);
    const csv = await client.models.predict('fm-sparse', {
      data: 'sparse/test.csv',
      output: 'out/fm-csv.csv',
    });
    await finished(csv.name);
    const csvLines = (await new Response((await client.objects.get('out/fm-csv.csv')).body).text())
      .trim()
      .split('\n');
    assert.deepEqual(csvLines.slice(1), lines.slice(1, 6));

    // The same model behind an endpoint answers RecordIO requests (sparse rows) in JSON.
    await client.endpointConfigs.create({
      name: 'fm-config',
      variants: [{ name: 'AllTraffic', model: 'fm-sparse', initialWeight: 1, workers: 1 }],
    });
    await client.endpoints.create({ name: 'fm', config: 'fm-config' });
    await client.endpoints.waitInService('fm');
    // A view into a larger buffer (offset 1), as Node's pooled Buffers are: only its bytes may go.
    const records = await writeRecords(test.slice(0, 5), false);
    const view = Buffer.concat([Buffer.alloc(1), records, Buffer.alloc(7)]).subarray(1, 1 + records.length);
    const answer = await client.endpoints.invoke('fm', view, {
      contentType: 'application/x-recordio-protobuf',
    });
    assert.match(answer.contentType, /^application\/json/);
    const predicted = (JSON.parse(answer.body) as { predictions: { predicted_label: string }[] }).predictions;
    assert.deepEqual(
      predicted.map((p) => p.predicted_label),
      lines.slice(1, 6).map((l) => l.split(',')[0]),
    );
    // And in RecordIO when asked: a record per row, the class name as UTF-8 bytes in its label.
    const binary = await client.endpoints.invoke('fm', view, {
      contentType: 'application/x-recordio-protobuf',
      accept: 'application/x-recordio-protobuf',
    });
    assert.deepEqual(
      labelsOf(binary.body),
      predicted.map((p) => p.predicted_label),
    );
    await client.endpoints.delete('fm');

    // Batch transform cuts RecordIO objects into whole records (MultiRecord and SingleRecord alike).
    for (const batchStrategy of ['MultiRecord', 'SingleRecord'] as const) {
      const t = await client.transforms.start({
        model: 'fm-sparse',
        input: 'sparse/test.rec',
        output: `sparse/out-${batchStrategy}/`,
        splitType: 'RecordIO',
        batchStrategy,
        maxPayloadMB: 0.001,
      });
      await finished(t.name);
      const scoredLines = (
        await new Response((await client.objects.get(`sparse/out-${batchStrategy}/test.rec.out`)).body).text()
      )
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { predicted_label: string }).predicted_label);
      assert.deepEqual(
        scoredLines,
        lines.slice(1).map((l) => l.split(',')[0]),
      );
    }
    // RecordIO in, RecordIO out: the answers' records concatenated in input order.
    const t = await client.transforms.start({
      model: 'fm-sparse',
      input: 'sparse/test.rec',
      output: 'sparse/out-rec/',
      splitType: 'RecordIO',
      accept: 'application/x-recordio-protobuf',
      maxPayloadMB: 0.001,
    });
    await finished(t.name);
    const out = await new Response(
      (await client.objects.get('sparse/out-rec/test.rec.out')).body,
    ).arrayBuffer();
    assert.deepEqual(
      labelsOf(new Uint8Array(out)),
      lines.slice(1).map((l) => l.split(',')[0]),
    );
  });

  it('a dense algorithm gets the sparse rows expanded', async () => {
    const pairs: [number, number][] = [];
    for (let u = 0; u < USERS; u++) for (let i = 0; i < ITEMS; i += 3) pairs.push([u, i]);
    await client.objects.put('sparse2/part-0.rec', await writeRecords(pairs, true));
    const { job } = await client.models.train({
      algorithm: 'xgboost',
      data: 'store://sparse2/',
      target: 'label',
      hyperparameters: { num_round: 5 },
      name: 'xgb-sparse',
    });
    await finished(job.name);
    assert.equal((await client.models.get('xgb-sparse')).kind, 'classifier');
  });

  it('models trained on sparse rows compile to ONNX with one dense `features` input', async () => {
    for (const [model, rows] of [
      ['fm-sparse', 900],
      ['xgb-sparse', 400],
    ] as const) {
      const job = await client.compilations.start({ model, target: 'onnx' });
      await finished(job.name);
      const result = (await client.jobs.get(job.name)).result as { key: string; verifiedRows: number };
      assert.equal(result.verifiedRows, rows, model);
      const bytes = new Uint8Array(
        await new Response((await client.objects.get(result.key)).body).arrayBuffer(),
      );
      const mod = await import('onnxruntime-node');
      const ort = mod.InferenceSession ? mod : (mod as unknown as { default: typeof mod }).default;
      const session = await ort.InferenceSession.create(bytes);
      assert.deepEqual(session.inputNames, ['features']);
      // User 1 with item 1 (parities agree): liked.
      const row = new Float32Array(WIDTH);
      row[1] = row[USERS + 1] = 1;
      const out = await session.run({ features: new ort.Tensor('float32', row, [1, WIDTH]) });
      if (model === 'fm-sparse') assert.equal(out.label!.data[0], '1');
      await session.release();
    }
  });
});

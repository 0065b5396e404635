// ONNX export (Neo) over HTTP and from the CLI: a compilation job verifies the export in ONNX
// Runtime on the model's own rows and writes model.onnx; the file runs in onnxruntime-node from raw
// columns (categories as strings, numbers as floats) and agrees with the endpoint's answer.
import assert from 'node:assert/strict';
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { KelpApiError, KelpClient } from '../../src/client/index.js';
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

async function finish(name: string) {
  for await (const _ of client.jobs.followLogs(name)) {
    // until the job ends
  }
  return client.jobs.get(name);
}

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
    ['penguins-knn', 'knn', { k: 3 }],
  ] as const) {
    const { job } = await client.models.train({
      algorithm,
      data: 'store://data/penguins/',
      target: 'species',
      hyperparameters: hp,
      name,
    });
    assert.equal((await finish(job.name)).state, 'Completed');
  }
});
after(async () => {
  await server.stop();
  await dir.cleanup();
});

describe('ONNX export', () => {
  it('compiles a model to ONNX that agrees with the endpoint on raw rows', async () => {
    const job = await client.compilations.start({ model: 'penguins-xgb', target: 'onnx' });
    const done = await finish(job.name);
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

  it('refuses an algorithm it cannot export yet, naming the supported ones', async () => {
    await assert.rejects(client.compilations.start({ model: 'penguins-knn' }), (err: unknown) => {
      assert.ok(err instanceof KelpApiError);
      assert.equal(err.status, 400);
      assert.match(err.message, /knn models cannot be exported to ONNX yet \(supported: .*xgboost/);
      return true;
    });
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
  });
});

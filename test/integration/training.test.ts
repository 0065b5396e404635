import assert from 'node:assert/strict';
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { KelpClient } from '../../src/client/index.js';
import { tempDir } from '../helpers/index.js';
import { runCli } from '../helpers/run-cli.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const PENGUINS = fileURLToPath(new URL('../fixtures/ml/penguins.csv', import.meta.url));

const kelp = runCli;

let server: TestServer;
let client: KelpClient;
let dir: Awaited<ReturnType<typeof tempDir>>;
before(async () => {
  dir = await tempDir('kelp-train-');
  server = await startTestServer();
  client = new KelpClient({ url: server.url });
});
after(async () => {
  await server.stop();
  await dir.cleanup();
});

describe('training and prediction over HTTP', () => {
  it('trains from an uploaded object, registers the model with metrics, predicts into an object', async () => {
    await client.objects.put('data/penguins/penguins.csv', await readFile(PENGUINS));
    const algorithms = await client.models.algorithms();
    assert.ok(algorithms.some((a) => a.name === 'linear-learner' && 'predictor_type' in a.hyperparameters));
    const { job, model } = await client.models.train({
      algorithm: 'linear-learner',
      data: 'store://data/penguins/',
      target: 'species',
      hyperparameters: { predictor_type: 'multiclass_classifier', wd: 0.01 },
      name: 'penguins-ll',
    });
    assert.equal(model, 'penguins-ll');
    await client.jobs.wait(job.name);
    const done = await client.jobs.get(job.name);
    assert.equal(done.state, 'Completed', done.failureReason ?? '');
    const metrics = await client.jobs.metrics(job.name);
    assert.ok(
      metrics.some((m) => m.name === 'train:objective_loss'),
      'per-iteration loss recorded',
    );
    const m = await client.models.get('penguins-ll');
    assert.equal(m.kind, 'classifier');
    assert.deepEqual(m.classes, ['Adelie', 'Chinstrap', 'Gentoo']);
    assert.ok((m.metrics['train:accuracy'] ?? 0) > 0.95, JSON.stringify(m.metrics));
    assert.equal(m.jobName, job.name);

    const predict = await client.models.predict('penguins-ll', {
      data: 'store://data/penguins/',
      output: 'out/p.csv',
    });
    await client.jobs.wait(predict.name);
    assert.equal((await client.jobs.get(predict.name)).state, 'Completed');
    const text = await new Response((await client.objects.get('out/p.csv')).body).text();
    const lines = text.trim().split('\n');
    assert.equal(lines[0], 'predicted_label,probability_Adelie,probability_Chinstrap,probability_Gentoo');
    assert.equal(lines.length, 345, 'one row per input row, in order');
    assert.match(lines[1] ?? '', /^Adelie,/);
  });

  it('trains the other built-in algorithms through the same job', async () => {
    const cases: {
      algorithm: string;
      target?: string;
      hyperparameters: Record<string, string | number>;
      kind: string;
      first: string;
    }[] = [
      {
        algorithm: 'xgboost',
        target: 'species',
        hyperparameters: { objective: 'multi:softprob', num_round: 10 },
        kind: 'classifier',
        first: 'predicted_label',
      },
      {
        algorithm: 'knn',
        target: 'species',
        hyperparameters: { k: 5 },
        kind: 'classifier',
        first: 'predicted_label',
      },
      {
        algorithm: 'random-forest',
        target: 'species',
        hyperparameters: { num_trees: 20 },
        kind: 'classifier',
        first: 'predicted_label',
      },
      {
        algorithm: 'factorization-machines',
        target: 'sex',
        hyperparameters: { predictor_type: 'binary_classifier', epochs: 5, num_factors: 4 },
        kind: 'classifier',
        first: 'predicted_label,probability_female,probability_male',
      },
      { algorithm: 'kmeans', hyperparameters: { k: 3 }, kind: 'clusterer', first: 'cluster,distance' },
      {
        algorithm: 'randomcutforest',
        hyperparameters: { num_trees: 50, num_samples_per_tree: 64 },
        kind: 'anomaly',
        first: 'score',
      },
      {
        algorithm: 'pca',
        hyperparameters: { num_components: 2 },
        kind: 'transformer',
        first: 'projection_0,projection_1',
      },
    ];
    for (const c of cases) {
      const name = `p-${c.algorithm}`;
      const { job } = await client.models.train({
        algorithm: c.algorithm,
        data: 'store://data/penguins/',
        ...(c.target ? { target: c.target } : {}),
        hyperparameters: c.hyperparameters,
        name,
      });
      await client.jobs.wait(job.name);
      const done = await client.jobs.get(job.name);
      assert.equal(done.state, 'Completed', `${c.algorithm}: ${done.failureReason}`);
      const model = await client.models.get(name);
      assert.equal(model.kind, c.kind);
      if (c.algorithm === 'xgboost' || c.algorithm === 'random-forest') {
        // Tree models rank their features; bill and flipper sizes tell the species apart.
        const ranked = model.featureImportance?.features ?? [];
        assert.ok(ranked.length > 0 && Math.abs(ranked.reduce((a, f) => a + f.importance, 0) - 1) < 1e-9);
        assert.match(ranked[0]!.name, /bill|flipper|island/, JSON.stringify(ranked.slice(0, 3)));
      }
      const predict = await client.models.predict(name, {
        data: 'store://data/penguins/',
        output: `out/${name}.csv`,
      });
      await client.jobs.wait(predict.name);
      const text = await new Response((await client.objects.get(`out/${name}.csv`)).body).text();
      assert.ok(text.startsWith(c.first), `${c.algorithm}: ${text.slice(0, 80)}`);
      assert.equal(text.trim().split('\n').length, 345);
    }
  });

  it('refuses bad requests with named fields', async () => {
    const unknown = await client.models
      .train({ algorithm: 'linear-lerner', data: 'x', target: 'y' })
      .catch((e: Error) => e);
    assert.match(String(unknown), /no algorithm 'linear-lerner'/);
    const hp = await client.models
      .train({ algorithm: 'linear-learner', data: 'x', target: 'y', hyperparameters: { wd: 'lots' } })
      .catch((e: Error) => e);
    assert.match(String(hp), /hyperparameter 'wd' must be a number, got 'lots'/);
    const noTarget = await client.models
      .train({ algorithm: 'linear-learner', data: 'x' })
      .catch((e: Error) => e);
    assert.match(String(noTarget), /needs a target column/);
  });
});

describe('kelp train and kelp predict (embedded)', () => {
  it('trains from a local file with --hp, prints JSON with the model and metrics, and scores a file', async () => {
    const home = join(dir.path, 'home');
    const csv = join(dir.path, 'penguins.csv');
    await copyFile(PENGUINS, csv);
    const train = await kelp([
      '--home',
      home,
      '--json',
      'train',
      '--algorithm',
      'linear-learner',
      '--data',
      csv,
      '--target',
      'species',
      '--hp',
      'predictor_type=multiclass_classifier',
      '--name',
      'pl',
    ]);
    assert.equal(train.code, 0, train.stderr);
    const out = JSON.parse(train.stdout) as { jobId: string; model: string; metrics: Record<string, number> };
    assert.equal(out.model, 'pl');
    assert.ok(out.jobId);
    assert.ok((out.metrics['train:accuracy'] ?? 0) > 0.95);
    const predictions = join(dir.path, 'predictions.parquet');
    const predict = await kelp([
      '--home',
      home,
      'predict',
      '--model',
      'pl',
      '--data',
      csv,
      '--output',
      predictions,
    ]);
    assert.equal(predict.code, 0, predict.stderr);
    assert.match(predict.stdout, /344 rows scored with pl/);
    const bad = await kelp([
      '--home',
      home,
      'train',
      '--algorithm',
      'linear-learner',
      '--data',
      csv,
      '--target',
      'nope',
    ]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /no target column 'nope'/);
  });
});

/**
 * Linear learner (L-BFGS logistic regression, 800k x 20) and kNN (k=5, 10k queries over 100k x 20),
 * Kelp against scikit-learn on the same data in one run: the data is written once as raw float64
 * and scikit-learn (Debian's /usr/bin/python3) reads it with numpy.fromfile.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { knn } from '../src/ml/algorithms/knn/index.js';
import { linearLearner } from '../src/ml/algorithms/linear-learner/index.js';
import { type Matrix, matrix, parseHyperparameters, Random, type TrainContext } from '../src/ml/index.js';
import { type Bench, note, tempDir, timed } from './lib.js';

const PYTHON = '/usr/bin/python3';
const run = promisify(execFile);
const ctx: TrainContext = {
  signal: new AbortController().signal,
  seed: 0,
  threads: 1,
  log() {},
  metric() {},
};

/** make_classification-like: informative Gaussian features, a noisy linear boundary. */
function classification(n: number, d: number, seed: number): { x: Matrix; y: Float64Array } {
  const r = new Random(seed);
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  const w = Float64Array.from({ length: d }, (_, j) => (j < d / 2 ? r.normal() : 0));
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let j = 0; j < d; j++) {
      const v = r.normal();
      x[i * d + j] = v;
      z += v * (w[j] as number);
    }
    y[i] = z + 0.5 * r.normal() > 0 ? 1 : 0;
  }
  return { x: matrix(n, d, x), y };
}

async function sklearn(script: string): Promise<number | undefined> {
  try {
    const { stdout } = await run(PYTHON, ['-c', script], { maxBuffer: 1 << 20 });
    return Number(stdout.trim().split('\n').pop());
  } catch (err) {
    note(
      `scikit-learn reference unavailable (${(err as Error).message.split('\n')[0]}); apt-get install python3-sklearn`,
    );
    return undefined;
  }
}

export const mlLinearKnnBench: Bench = {
  name: 'ml-linear-knn',
  async run(record) {
    const dir = await tempDir('kelp-bench-ml-');
    try {
      const { x, y } = classification(800_000, 20, 1);
      await writeFile(join(dir.path, 'x.f64'), x.data);
      await writeFile(join(dir.path, 'y.f64'), y);
      const hp = parseHyperparameters('linear-learner', linearLearner.hyperparameters, {
        predictor_type: 'binary_classifier',
        wd: 1 / x.rows,
        normalize_data: false,
        tol: 1e-4,
        binary_classifier_model_selection_criteria: 'loss_function',
      });
      const kelpSeconds = await timed(() =>
        linearLearner.train({ x, y, classes: ['0', '1'], featureNames: [] }, hp, ctx),
      );
      const reference = await sklearn(`
import numpy as np, time
from sklearn.linear_model import LogisticRegression
X = np.fromfile('${join(dir.path, 'x.f64')}').reshape(-1, 20); y = np.fromfile('${join(dir.path, 'y.f64')}')
t = time.perf_counter(); LogisticRegression(C=1.0, solver='lbfgs', tol=1e-4).fit(X, y); print(time.perf_counter() - t)`);
      note(
        `linear-learner L-BFGS 800k x 20: Kelp ${kelpSeconds.toFixed(2)} s, scikit-learn ${reference?.toFixed(2) ?? '-'} s`,
      );
      record({
        metric: 'logistic regression L-BFGS 800k x 20',
        value: kelpSeconds,
        unit: 's',
        ...(reference ? { reference, target: reference } : {}),
        better: 'lower',
      });

      const train = classification(100_000, 20, 2);
      const queries = classification(10_000, 20, 3);
      await writeFile(join(dir.path, 'kx.f64'), train.x.data);
      await writeFile(join(dir.path, 'ky.f64'), train.y);
      await writeFile(join(dir.path, 'kq.f64'), queries.x.data);
      const khp = parseHyperparameters('knn', knn.hyperparameters, { k: 5, index_type: 'brute' });
      const state = await knn.train(
        { x: train.x, y: train.y, classes: ['0', '1'], featureNames: [] },
        khp,
        ctx,
      );
      const knnSeconds = await timed(async () => knn.predict(state, queries.x));
      const knnRef = await sklearn(`
import numpy as np, time
from sklearn.neighbors import KNeighborsClassifier
X = np.fromfile('${join(dir.path, 'kx.f64')}').reshape(-1, 20); y = np.fromfile('${join(dir.path, 'ky.f64')}')
Q = np.fromfile('${join(dir.path, 'kq.f64')}').reshape(-1, 20)
m = KNeighborsClassifier(n_neighbors=5, algorithm='brute', n_jobs=1).fit(X, y)
t = time.perf_counter(); m.predict(Q); print(time.perf_counter() - t)`);
      note(
        `knn brute 10k x 100k x 20: Kelp ${knnSeconds.toFixed(2)} s, scikit-learn ${knnRef?.toFixed(2) ?? '-'} s`,
      );
      record({
        metric: 'kNN k=5, 10k queries over 100k x 20',
        value: knnSeconds,
        unit: 's',
        ...(knnRef ? { reference: knnRef, target: knnRef } : {}),
        better: 'lower',
      });
    } finally {
      await dir.cleanup();
    }
  },
};

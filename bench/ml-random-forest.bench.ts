/**
 * Random forest: Kelp's random-forest against scikit-learn's RandomForestClassifier (Debian's
 * /usr/bin/python3) on the same data in one run: 80k training rows × 20 features of the
 * make_classification-style data the xgboost bench uses, 100 fully grown trees with the defaults of
 * both (bootstrap, sqrt(20) = 4 features per split, Gini), then ROC AUC on 20k held-out rows, each
 * at 1 and 2 threads (n_jobs).
 *
 * Target (the issue's): Kelp's time ≤ 0.5 × scikit-learn's at the same thread count.
 * Environment: KELP_BENCH_RF_ROWS (training rows, default 80000), KELP_BENCH_RF_TREES (default 100).
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { randomForest } from '../src/ml/algorithms/random-forest/index.js';
import { rocAuc } from '../src/ml/algorithms/xgboost/index.js';
import { matrix, parseHyperparameters } from '../src/ml/index.js';
import { type Bench, note, tempDir } from './lib.js';
import { makeClassification } from './ml-xgboost.bench.js';

const PYTHON = '/usr/bin/python3';
const TRAIN = Number(process.env.KELP_BENCH_RF_ROWS ?? 80_000);
const TEST = Math.round(TRAIN / 4);
const TREES = Number(process.env.KELP_BENCH_RF_TREES ?? 100);
const FEATURES = 20;
const run = promisify(execFile);

const PY = `
import json, sys, time
import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score
path, train, features, trees, jobs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
a = np.fromfile(path, dtype='<f8')
rows = a.size // (features + 1)
X = a[: rows * features].reshape(rows, features)
y = a[rows * features :]
t = time.perf_counter()
m = RandomForestClassifier(n_estimators=trees, n_jobs=jobs, random_state=0).fit(X[:train], y[:train])
seconds = time.perf_counter() - t
print(json.dumps({'seconds': seconds, 'auc': roc_auc_score(y[train:], m.predict_proba(X[train:])[:, 1])}))
`;

export const mlRandomForestBench: Bench = {
  name: 'ml-random-forest',
  async run(record) {
    const dir = await tempDir('kelp-bench-rf-');
    try {
      const all = makeClassification(TRAIN + TEST, 20240607);
      const rows = TRAIN + TEST;
      const file = join(dir.path, 'classification.f64');
      await writeFile(file, all);
      const x = all.subarray(0, rows * FEATURES);
      const y = all.subarray(rows * FEATURES);
      const hp = parseHyperparameters('random-forest', randomForest.hyperparameters, { num_trees: TREES });
      const test = matrix(TEST, FEATURES, x.slice(TRAIN * FEATURES));
      for (const threads of [1, 2]) {
        const start = performance.now();
        const state = await randomForest.train(
          {
            x: matrix(TRAIN, FEATURES, x.slice(0, TRAIN * FEATURES)),
            y: y.slice(0, TRAIN),
            classes: ['0', '1'],
            featureNames: Array.from({ length: FEATURES }, (_, j) => `f${j}`),
          },
          hp,
          { signal: new AbortController().signal, seed: 1, threads, log: () => {}, metric: () => {} },
        );
        const seconds = (performance.now() - start) / 1000;
        const p = randomForest.predict(state, test).scores!;
        const auc = rocAuc(
          Float64Array.from({ length: TEST }, (_, i) => p.data[2 * i + 1]!),
          y.subarray(TRAIN),
        );
        let reference: { seconds: number; auc: number } | undefined;
        try {
          const { stdout } = await run(PYTHON, [
            '-c',
            PY,
            file,
            String(TRAIN),
            String(FEATURES),
            String(TREES),
            String(threads),
          ]);
          reference = JSON.parse(stdout.trim().split('\n').pop()!);
        } catch (err) {
          note(
            `scikit-learn unavailable (${(err as Error).message.split('\n')[0]}); apt-get install python3-sklearn`,
          );
        }
        note(
          `random forest ${TREES} trees, ${TRAIN} x ${FEATURES}, ${threads} thread(s): Kelp ${seconds.toFixed(2)} s AUC ${auc.toFixed(4)}, scikit-learn ${reference?.seconds.toFixed(2) ?? '-'} s AUC ${reference?.auc.toFixed(4) ?? '-'}`,
        );
        record({
          metric: `random forest ${TREES} trees ${TRAIN} x ${FEATURES}, ${threads} thread(s)`,
          value: seconds,
          unit: 's',
          ...(reference ? { reference: reference.seconds, target: 0.5 * reference.seconds } : {}),
          better: 'lower',
        });
        record({
          metric: `random forest test AUC, ${threads} thread(s)`,
          value: auc,
          unit: 'AUC',
          ...(reference ? { reference: reference.auc } : {}),
        });
      }
    } finally {
      await dir.cleanup();
    }
  },
};

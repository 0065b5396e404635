// The "edge device" path: a model exported with target onnx-web runs in onnxruntime-web (wasm)
// inside headless Chromium and gives Kelp's own predictions, preprocessing included.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import type { Browser, Page } from 'playwright-core';

import type { Frame } from '../../src/engine/index.js';
import { type Features, getAlgorithm, Random, type SparseMatrix } from '../../src/ml/index.js';
import { compareWithKelp, exportOnnx, modelInputs, type OnnxOutput } from '../../src/onnx/index.js';
import type { ModelArtifact } from '../../src/training/index.js';
import { browserSkipReason, launchChromium } from '../helpers/browser.js';
import { loadPenguins, trainArtifact, trainSparseArtifact } from '../onnx/penguin-models.js';

const skip = browserSkipReason();
// onnxruntime-web's browser files, served to the page from node_modules (never loaded in Node:
// it must not share a process with onnxruntime-node).
const ORT_DIST = fileURLToPath(new URL('../../node_modules/onnxruntime-web/dist/', import.meta.url));
const ORIGIN = 'http://ort.test';

describe('ONNX export for the browser (onnxruntime-web)', { skip: skip ?? false, timeout: 120_000 }, () => {
  let browser: Browser;
  let page: Page;
  before(async () => {
    browser = await launchChromium();
    // One page with onnxruntime-web loaded serves every test (each makes its own session).
    page = await browser.newPage();
    await page.route(`${ORIGIN}/**`, async (route) => {
      const name = new URL(route.request().url()).pathname.slice(1);
      if (name === '')
        return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>ort</title>' });
      const type = name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
      return route.fulfill({ contentType: type, body: await readFile(join(ORT_DIST, name)) });
    });
    await page.goto(`${ORIGIN}/`);
    await page.addScriptTag({ url: `${ORIGIN}/ort.min.js` });
    await page.evaluate((origin) => {
      // biome-ignore lint/suspicious/noExplicitAny: the page's global from ort.min.js.
      const ort = (globalThis as any).ort;
      ort.env.wasm.wasmPaths = `${origin}/`;
      ort.env.wasm.numThreads = 1;
    }, ORIGIN);
  });
  after(async () => {
    await browser?.close();
  });

  /** One-hot user × item rows (as RecordIO sparse tensors hold them) and a 0/1 label. */
  function userItems(): { x: SparseMatrix; y: Float64Array } {
    const rng = new Random(3);
    const n = 200;
    const indices = new Int32Array(2 * n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      indices[2 * i] = rng.int(10);
      indices[2 * i + 1] = 10 + rng.int(8);
      y[i] = (indices[2 * i]! + indices[2 * i + 1]!) % 2;
    }
    const indptr = Int32Array.from({ length: n + 1 }, (_, i) => 2 * i);
    return { x: { rows: n, cols: 18, indptr, indices, values: new Float64Array(2 * n).fill(1) }, y };
  }

  type Case = [string, () => Promise<{ artifact: ModelArtifact; rows: Frame | Features }>];
  const penguins =
    (algorithm: string, hp: Record<string, unknown>, target?: string, binary = false) =>
    async () => {
      const frame = await loadPenguins({ binary });
      return { artifact: await trainArtifact(frame, algorithm, hp, target), rows: frame };
    };
  const cases: Case[] = [
    ['xgboost', penguins('xgboost', { objective: 'multi:softprob', num_round: 10 }, 'species')],
    ['random-forest', penguins('random-forest', { num_trees: 10 }, 'species')],
    ['linear-learner', penguins('linear-learner', { predictor_type: 'multiclass_classifier' }, 'species')],
    [
      'factorization-machines',
      penguins(
        'factorization-machines',
        { predictor_type: 'binary_classifier', num_factors: 4, epochs: 5 },
        'adelie',
        true,
      ),
    ],
    ['knn', penguins('knn', { k: 5 }, 'species')],
    ['kmeans', penguins('kmeans', { k: 4 })],
    ['pca', penguins('pca', { num_components: 3 })],
    ['randomcutforest', penguins('randomcutforest', { num_trees: 50, num_samples_per_tree: 64 })],
    [
      'factorization-machines on sparse rows',
      async () => {
        const { x, y } = userItems();
        const hp = { predictor_type: 'binary_classifier', num_factors: 4, epochs: 10 };
        return { artifact: await trainSparseArtifact(x, y, 'factorization-machines', hp), rows: x };
      },
    ],
  ];

  for (const [name, make] of cases) {
    it(`${name}: the web model's outputs equal Kelp's predictions`, async () => {
      const { artifact, rows } = await make();
      const model = exportOnnx(artifact, { target: 'onnx-web' });
      const { x, inputs } = modelInputs(artifact, rows);
      const native = getAlgorithm(artifact.algorithm).predict(artifact.state, x);
      const feeds = Object.fromEntries(
        Object.entries(inputs).map(([k, v]) => [
          k,
          { type: v.type, data: Array.from(v.data as ArrayLike<number | string>), dims: [...v.dims] },
        ]),
      );
      const out = await runInBrowser(model, feeds);
      // compareWithKelp holds probabilities to 1e-5 and other numbers to 1e-5 relative.
      const result = compareWithKelp(artifact, native, out);
      assert.equal(result.ambiguousLabels, 0);
    });
  }

  interface Feed {
    type: string;
    data: (number | string)[];
    dims: number[];
  }

  /** Runs the model once in onnxruntime-web (wasm) in a fresh page; outputs as verifyOnnx reads them. */
  async function runInBrowser(
    model: Uint8Array,
    feeds: Record<string, Feed>,
  ): Promise<Record<string, OnnxOutput>> {
    const raw = await page.evaluate(
      async ({ model64, feeds }) => {
        // biome-ignore lint/suspicious/noExplicitAny: the page's global from ort.min.js.
        const ort = (globalThis as any).ort;
        const bytes = Uint8Array.from(atob(model64), (c) => c.charCodeAt(0));
        const session = await ort.InferenceSession.create(bytes, {
          executionProviders: ['wasm'],
        });
        // No named functions in here: tsx would wrap them in a helper the page does not have.
        const tensors = Object.fromEntries(
          Object.entries(feeds).map(([k, v]) => [
            k,
            new ort.Tensor(
              v.type,
              v.type === 'float32'
                ? Float32Array.from(v.data as number[])
                : v.type === 'float64'
                  ? Float64Array.from(v.data as number[])
                  : v.data,
              v.dims,
            ),
          ]),
        );
        const result = await session.run(tensors);
        // Plain arrays cross back to Node (int64 as numbers: cluster indices are small).
        return Object.fromEntries(
          Object.entries(result).map(([k, t]) => {
            // biome-ignore lint/suspicious/noExplicitAny: an ort.Tensor.
            const tensor = t as any;
            const data = Array.from(tensor.data as ArrayLike<unknown>, (v) =>
              typeof v === 'bigint' ? Number(v) : v,
            );
            return [k, { type: tensor.type as string, dims: Array.from(tensor.dims as number[]), data }];
          }),
        );
      },
      { model64: Buffer.from(model).toString('base64'), feeds },
    );
    return Object.fromEntries(
      Object.entries(raw).map(([k, t]) => {
        const data =
          t.type === 'int64'
            ? BigInt64Array.from(t.data as number[], (v) => BigInt(v))
            : t.type === 'float32'
              ? Float32Array.from(t.data as number[])
              : t.type === 'float64'
                ? Float64Array.from(t.data as number[])
                : (t.data as string[]);
        return [k, { data, dims: t.dims }];
      }),
    );
  }
});

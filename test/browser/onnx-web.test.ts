// The "edge device" path: a model exported with target onnx-web runs in onnxruntime-web (wasm)
// inside headless Chromium and gives Kelp's own predictions, preprocessing included.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import type { Browser } from 'playwright-core';

import { getAlgorithm, transformFeatures } from '../../src/ml/index.js';
import { exportOnnx, onnxInputs } from '../../src/onnx/index.js';
import { browserSkipReason, launchChromium } from '../helpers/browser.js';
import { loadPenguins, trainArtifact } from '../onnx/penguin-models.js';

const skip = browserSkipReason();
// onnxruntime-web's browser files, served to the page from node_modules (never loaded in Node:
// it must not share a process with onnxruntime-node).
const ORT_DIST = fileURLToPath(new URL('../../node_modules/onnxruntime-web/dist/', import.meta.url));
const ORIGIN = 'http://ort.test';

describe('ONNX export for the browser (onnxruntime-web)', { skip: skip ?? false, timeout: 120_000 }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  for (const [algorithm, hp] of [
    ['xgboost', { objective: 'multi:softprob', num_round: 10 }],
    ['random-forest', { num_trees: 10 }],
    ['linear-learner', { predictor_type: 'multiclass_classifier' }],
  ] as const) {
    it(`${algorithm}: the web model's probabilities and labels equal Kelp's`, async () => {
      const frame = await loadPenguins();
      const artifact = await trainArtifact(frame, algorithm, hp, 'species');
      const model = exportOnnx(artifact, { target: 'onnx-web' });
      const native = getAlgorithm(algorithm).predict(
        artifact.state,
        transformFeatures(artifact.preprocessor, frame),
      );
      const classes = artifact.preprocessor.target!.classes!;
      const inputs = Object.fromEntries(
        Object.entries(onnxInputs(artifact.preprocessor, frame)).map(([k, v]) => [
          k,
          { type: v.type, data: Array.from(v.data as ArrayLike<number | string>), dims: [...v.dims] },
        ]),
      );
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.route(`${ORIGIN}/**`, async (route) => {
          const name = new URL(route.request().url()).pathname.slice(1);
          if (name === '')
            return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>ort</title>' });
          const type = name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
          return route.fulfill({ contentType: type, body: await readFile(join(ORT_DIST, name)) });
        });
        await page.goto(`${ORIGIN}/`);
        await page.addScriptTag({ url: `${ORIGIN}/ort.min.js` });
        const out = await page.evaluate(
          async ({ bytes, feeds, origin }) => {
            // biome-ignore lint/suspicious/noExplicitAny: the page's global from ort.min.js.
            const ort = (globalThis as any).ort;
            ort.env.wasm.wasmPaths = `${origin}/`;
            ort.env.wasm.numThreads = 1;
            const session = await ort.InferenceSession.create(new Uint8Array(bytes), {
              executionProviders: ['wasm'],
            });
            const tensors = Object.fromEntries(
              Object.entries(feeds).map(([k, v]) => [
                k,
                new ort.Tensor(
                  v.type,
                  v.type === 'float32' ? Float32Array.from(v.data as number[]) : v.data,
                  v.dims,
                ),
              ]),
            );
            const result = await session.run(tensors);
            return {
              label: Array.from(result.label.data as string[]),
              probabilities: Array.from(result.probabilities.data as Float32Array),
            };
          },
          { bytes: Array.from(model), feeds: inputs, origin: ORIGIN },
        );
        const k = classes.length;
        assert.equal(out.label.length, frame.length);
        let worst = 0;
        for (let i = 0; i < frame.length; i++) {
          for (let c = 0; c < k; c++)
            worst = Math.max(
              worst,
              Math.abs(out.probabilities[i * k + c]! - native.scores!.data[i * k + c]!),
            );
          assert.equal(out.label[i], classes[native.labels![i]!], `row ${i + 1}`);
        }
        assert.ok(worst <= 1e-5, `largest difference ${worst}`);
      } finally {
        await context.close();
      }
    });
  }
});

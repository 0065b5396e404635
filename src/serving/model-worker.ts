/**
 * A model worker thread: answers invocations posted by its VariantHost. A single-model worker loads
 * its model at start; a multi-model worker loads each model on first use and keeps the most
 * recently used `maxModels`. Models are Kelp's model.tar.gz or imported .onnx files (ONNX Runtime).
 * A model that throws answers that request with an error; one that crashes the thread takes only
 * this worker down (the host restarts it).
 */
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';

import { isPlatformError } from '../core/index.js';
// The light faces only: a worker starts (and an endpoint comes up) in a fraction of the time.
import { readModelArtifact } from '../training/artifact/index.js';
import { OnnxPredictor } from './onnx-predictor.js';
import { type InvocationResult, Predictor } from './predictor.js';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './variant-host.js';

const setup = workerData as WorkerSetup;
const port = parentPort!;

interface Answerer {
  invoke(
    contentType: string | undefined,
    accept: string | undefined,
    body: string | Uint8Array,
  ): InvocationResult | Promise<InvocationResult>;
}

/** Loaded models by artifact path, least recently used first (Map keeps insertion order). */
const loaded = new Map<string, Promise<Answerer>>();

function load(path: string, classes: readonly string[] | undefined): Promise<Answerer> {
  if (path.endsWith('.onnx'))
    return readFile(path).then((b) => OnnxPredictor.load(new Uint8Array(b), classes));
  return readModelArtifact(path).then((a) => new Predictor(a));
}

function predictor(path: string, classes?: readonly string[]): Promise<Answerer> {
  let p = loaded.get(path);
  if (p) loaded.delete(path);
  else p = load(path, classes);
  loaded.set(path, p);
  while (loaded.size > setup.maxModels) loaded.delete(loaded.keys().next().value!);
  // A model that failed to load is not kept: the next request tries again.
  p.catch(() => loaded.delete(path));
  return p;
}

const utf8 = new TextEncoder();

function failure(id: number, err: unknown): WorkerReply {
  return isPlatformError(err)
    ? { id, ok: false, code: err.code, message: err.message, details: err.details }
    : { id, ok: false, code: 'internal', message: (err as Error)?.stack ?? String(err), details: {} };
}

try {
  // The single model is loaded before the worker says it is ready (the variant is warm).
  const single = setup.artifactPath ? await predictor(setup.artifactPath, setup.classes) : undefined;
  port.on('message', (m: WorkerRequest) => {
    const answer = (r: InvocationResult) => {
      // Bytes are moved to the host, not copied. They own their buffer (encodeRecordIO's do); a view
      // into a larger one (a pooled Buffer) is copied first, as a clone would copy all of it.
      // Text asked for as bytes is encoded here, off the host's thread.
      let body = r.body;
      if (typeof body === 'string') body = m.textAsBytes ? utf8.encode(body) : body;
      else if (body.byteLength !== body.buffer.byteLength) body = new Uint8Array(body);
      const reply: WorkerReply = { id: m.id, ok: true, contentType: r.contentType, body, rows: r.rows };
      port.postMessage(reply, typeof body === 'string' ? [] : [body.buffer as ArrayBuffer]);
    };
    const fail = (err: unknown) => port.postMessage(failure(m.id, err));
    if (single && !m.artifactPath) {
      // Kelp's own models answer synchronously: no promise on the hot path.
      let out: InvocationResult | Promise<InvocationResult>;
      try {
        out = single.invoke(m.contentType, m.accept, m.body);
      } catch (err) {
        fail(err);
        return;
      }
      if (out instanceof Promise) out.then(answer, fail);
      else answer(out);
      return;
    }
    predictor(m.artifactPath!, m.classes)
      .then((p) => p.invoke(m.contentType, m.accept, m.body))
      .then(answer, fail);
  });
  port.postMessage({ ready: true });
} catch (err) {
  port.postMessage({ ready: false, message: (err as Error)?.message ?? String(err) });
}

/**
 * A model worker thread: answers invocations posted by its VariantHost. A single-model worker loads
 * its model.tar.gz at start; a multi-model worker loads each model on first use and keeps the most
 * recently used `maxModels`. A model that throws answers that request with an error; one that
 * crashes the thread takes only this worker down (the host restarts it).
 */
import { parentPort, workerData } from 'node:worker_threads';

import { isPlatformError } from '../core/index.js';
import { readModelArtifact } from '../training/index.js';
import { Predictor } from './predictor.js';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './variant-host.js';

const setup = workerData as WorkerSetup;
const port = parentPort!;
/** Loaded models by artifact path, least recently used first (Map keeps insertion order). */
const loaded = new Map<string, Promise<Predictor>>();

function predictor(path: string): Promise<Predictor> {
  let p = loaded.get(path);
  if (p) loaded.delete(path);
  else p = readModelArtifact(path).then((a) => new Predictor(a));
  loaded.set(path, p);
  while (loaded.size > setup.maxModels) loaded.delete(loaded.keys().next().value!);
  // A model that failed to load is not kept: the next request tries again.
  p.catch(() => loaded.delete(path));
  return p;
}

function failure(id: number, err: unknown): WorkerReply {
  return isPlatformError(err)
    ? { id, ok: false, code: err.code, message: err.message, details: err.details }
    : { id, ok: false, code: 'internal', message: (err as Error)?.stack ?? String(err), details: {} };
}

try {
  // The single model is loaded before the worker says it is ready (the variant is warm).
  const single = setup.artifactPath ? await predictor(setup.artifactPath) : undefined;
  port.on('message', (m: WorkerRequest) => {
    const answer = (p: Predictor) => {
      const r = p.invoke(m.contentType, m.accept, m.body);
      return { id: m.id, ok: true, contentType: r.contentType, body: r.body, rows: r.rows } as const;
    };
    if (single && !m.artifactPath) {
      let reply: WorkerReply;
      try {
        reply = answer(single);
      } catch (err) {
        reply = failure(m.id, err);
      }
      port.postMessage(reply);
      return;
    }
    predictor(m.artifactPath!)
      .then(answer)
      .then(
        (reply) => port.postMessage(reply),
        (err) => port.postMessage(failure(m.id, err)),
      );
  });
  port.postMessage({ ready: true });
} catch (err) {
  port.postMessage({ ready: false, message: (err as Error)?.message ?? String(err) });
}

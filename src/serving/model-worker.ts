/**
 * A model worker thread: loads one model.tar.gz and answers invocations posted by its VariantHost.
 * A model that throws answers that request with an error; one that crashes the thread takes only
 * this worker down (the host restarts it).
 */
import { parentPort, workerData } from 'node:worker_threads';

import { isPlatformError } from '../core/index.js';
import { readModelArtifact } from '../training/index.js';
import { Predictor } from './predictor.js';
import type { WorkerReply, WorkerRequest } from './variant-host.js';

const { artifactPath } = workerData as { artifactPath: string };
const port = parentPort!;

try {
  const predictor = new Predictor(await readModelArtifact(artifactPath));
  port.on('message', (m: WorkerRequest) => {
    let reply: WorkerReply;
    try {
      const r = predictor.invoke(m.contentType, m.accept, m.body);
      reply = { id: m.id, ok: true, contentType: r.contentType, body: r.body, rows: r.rows };
    } catch (err) {
      reply = isPlatformError(err)
        ? { id: m.id, ok: false, code: err.code, message: err.message, details: err.details }
        : {
            id: m.id,
            ok: false,
            code: 'internal',
            message: (err as Error)?.stack ?? String(err),
            details: {},
          };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true });
} catch (err) {
  port.postMessage({ ready: false, message: (err as Error)?.message ?? String(err) });
}

/**
 * Worker side of shards.ts: on each step message, claims and runs shards like the main thread does
 * (ShardRunner.work); errors go back through its port. Histogram and mids buffers arrive as messages
 * before the step that needs them.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { ShardRunner, type ShardWorkerSetup, type WorkerMessage, wrapBuffers } from './shards.js';

const setup = workerData as ShardWorkerSetup;
const runner = new ShardRunner(
  wrapBuffers(setup.buffers),
  setup.bounds,
  new Int32Array(setup.control),
  new Float64Array(setup.results),
  (error) => setup.port.postMessage(error),
);

parentPort!.on('message', (m: WorkerMessage) => {
  if (m.type === 'hists') runner.hists[m.shard] = new Float64Array(m.buffer);
  else if (m.type === 'mids') {
    runner.mids = new Int32Array(m.buffer);
    runner.midsPerShard = m.perShard;
  } else runner.work(m.id, m.step);
});

/**
 * Worker side of shards.ts: runs one shard's steps on shared memory, answers on its port, then flips
 * its flag in the control array and wakes the main thread (which is blocked in Atomics.wait).
 */
import { parentPort, workerData } from 'node:worker_threads';

import { objective } from './objectives.js';
import { runShardStep, type ShardRequest, type ShardWorkerSetup, wrapBuffers } from './shards.js';

const setup = workerData as ShardWorkerSetup;
const buffers = wrapBuffers(setup.buffers);
const obj = objective(buffers.objective, buffers.maxDeltaStep);
const ctl = new Int32Array(setup.control);
let hists: Float64Array = new Float64Array(0);

parentPort!.on('message', (m: ShardRequest) => {
  if (m.type === 'hists') {
    hists = new Float64Array(m.buffer);
    return;
  }
  let flag = 1;
  try {
    setup.port.postMessage({ result: runShardStep(buffers, obj, setup.lo, setup.hi, hists, m) });
  } catch (err) {
    flag = 2;
    setup.port.postMessage({ error: (err as Error).stack ?? String(err) });
  }
  Atomics.store(ctl, setup.index, flag);
  Atomics.notify(ctl, setup.index);
});

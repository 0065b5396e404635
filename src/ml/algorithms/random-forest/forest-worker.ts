/** Worker side of forest-pool.ts: claims trees from the shared counter until none is left. */
import { parentPort, workerData } from 'node:worker_threads';

import type { ForestWorkerMessage, ForestWorkerSetup } from './forest-pool.js';
import { TreeBuilder } from './tree-builder.js';

const setup = workerData as ForestWorkerSetup;
const post = (m: ForestWorkerMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);

try {
  const builder = new TreeBuilder(setup.data, setup.params);
  for (;;) {
    const slot = Atomics.add(setup.control, 0, 1);
    if (slot >= setup.todo.length || Atomics.load(setup.control, 1) === 1) break;
    const index = setup.todo[slot]!;
    const tree = builder.build(setup.seeds[index]!, setup.withOob);
    const buffers = [
      tree.feature,
      tree.threshold,
      tree.child,
      tree.leafValues,
      tree.importance,
      tree.oobRows,
      tree.oobValues,
    ]
      .filter((a) => a !== undefined)
      .map((a) => a.buffer as ArrayBuffer);
    post({ type: 'tree', index, tree }, buffers);
  }
  post({ type: 'done' });
} catch (err) {
  post({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
}

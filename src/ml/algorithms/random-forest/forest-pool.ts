import type { Worker } from 'node:worker_threads';

import { PlatformError, startModuleWorker } from '../../../core/index.js';
import { createYieldPoint } from '../../kernels/index.js';
import type { ForestParams } from './random-forest-config.js';
import { type BuiltTree, type ForestData, TreeBuilder } from './tree-builder.js';

export interface GrowOptions {
  readonly threads: number;
  readonly signal: AbortSignal;
  readonly withOob: boolean;
  /** Trees already grown (from a checkpoint): not grown again. */
  readonly done: ReadonlySet<number>;
  /** Called once per tree, in any order (trees finish out of order with several threads). */
  onTree(index: number, tree: BuiltTree): Promise<void> | void;
}

/** What a forest worker receives. */
export interface ForestWorkerSetup {
  readonly data: ForestData;
  readonly params: ForestParams;
  readonly seeds: Uint32Array;
  readonly todo: Int32Array;
  /** [next todo slot to claim, stop flag], shared by all workers. */
  readonly control: Int32Array;
  readonly withOob: boolean;
}

export type ForestWorkerMessage =
  | { readonly type: 'tree'; readonly index: number; readonly tree: BuiltTree }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'done' };

/**
 * Grows tree i from seeds[i] for every i not done. Trees are independent, so each worker claims the
 * next tree from a shared counter: the forest is the same whatever the thread count, and a thread
 * slowed by other work simply grows fewer trees.
 */
export async function growTrees(
  data: ForestData,
  params: ForestParams,
  seeds: Uint32Array,
  o: GrowOptions,
): Promise<void> {
  const todo = Int32Array.from(seeds.keys()).filter((i) => !o.done.has(i));
  if (o.threads <= 1 || todo.length < 2) {
    const builder = new TreeBuilder(data, params);
    const yieldPoint = createYieldPoint('random-forest training', o.signal);
    for (const i of todo) {
      await yieldPoint();
      await o.onTree(i, builder.build(seeds[i]!, o.withOob));
    }
    return;
  }
  const setup: ForestWorkerSetup = {
    data: shareData(data),
    params,
    seeds,
    todo,
    control: new Int32Array(new SharedArrayBuffer(8)),
    withOob: o.withOob,
  };
  const workers: Worker[] = [];
  const stop = () => {
    Atomics.store(setup.control, 1, 1);
    for (const w of workers) void w.terminate();
  };
  try {
    await new Promise<void>((resolve, reject) => {
      let running = Math.min(o.threads, todo.length);
      let pending = Promise.resolve();
      const fail = (err: unknown) => {
        stop();
        reject(err);
      };
      o.signal.addEventListener(
        'abort',
        () => fail(new PlatformError('cancelled', 'random-forest training was cancelled')),
        {
          once: true,
        },
      );
      for (let t = 0; t < running; t++) {
        const w = startModuleWorker(import.meta.url, 'forest-worker', { workerData: setup });
        workers.push(w);
        w.on('error', fail);
        w.on('message', (m: ForestWorkerMessage) => {
          if (m.type === 'error') fail(new Error(`random-forest worker: ${m.message}`));
          else if (m.type === 'tree') pending = pending.then(() => o.onTree(m.index, m.tree)).catch(fail);
          else if (--running === 0) pending.then(resolve, fail);
        });
      }
    });
  } finally {
    stop();
  }
}

function shared<T extends Uint8Array | Int32Array | Float64Array>(a: T): T {
  const buffer = new SharedArrayBuffer(a.byteLength);
  const copy = new (a.constructor as new (b: SharedArrayBuffer) => T)(buffer);
  copy.set(a);
  return copy;
}

function shareData(d: ForestData): ForestData {
  const isShared = (a: { buffer: ArrayBufferLike }) => a.buffer instanceof SharedArrayBuffer;
  return {
    ...d,
    codes: isShared(d.codes) ? d.codes : shared(d.codes),
    target: shared(d.target),
    weights: shared(d.weights),
  };
}

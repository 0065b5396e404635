import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';

import { metricSums } from './eval-metrics.js';
import { type EvalMetricName, type Objective, type ObjectiveName, objective } from './objectives.js';
import {
  type BinnedTree,
  finishShard,
  type RowStore,
  rootShard,
  sampleShard,
  splitShard,
  TASK_INTS,
} from './shard-kernels.js';

/** What the shards share (SharedArrayBuffers when there are workers). */
export interface ShardBuffers {
  readonly store: RowStore;
  /** Missing-value code per feature (256 when it has none). */
  readonly missing: Int32Array;
  readonly histSize: number;
  readonly objective: ObjectiveName;
  readonly maxDeltaStep: number;
  readonly metric: EvalMetricName;
}

/** What a shard worker receives: the buffers as raw memory, its rows and its control slot. */
export interface ShardWorkerSetup {
  readonly buffers: Omit<ShardBuffers, 'store'> & { readonly store: Record<keyof RowStore, unknown> };
  readonly lo: number;
  readonly hi: number;
  readonly control: SharedArrayBuffer;
  readonly index: number;
  readonly port: MessagePort;
}

export type ShardStep =
  | { readonly type: 'gradients'; readonly withLoss: boolean }
  | { readonly type: 'sample' }
  | { readonly type: 'root'; readonly group: number; readonly end: number }
  | { readonly type: 'split'; readonly group: number; readonly tasks: Int32Array }
  | {
      readonly type: 'finish';
      readonly tree: BinnedTree;
      readonly segments: Int32Array;
      readonly group: number;
    }
  | { readonly type: 'metric' };

export type ShardRequest = ShardStep | { readonly type: 'hists'; readonly buffer: SharedArrayBuffer };

/** One shard's answer to a step (what shard 0 computes inline and workers post back). */
export function runShardStep(
  b: ShardBuffers,
  obj: Objective,
  lo: number,
  hi: number,
  hists: Float64Array,
  m: ShardStep,
): unknown {
  const st = b.store;
  switch (m.type) {
    case 'gradients':
      if (m.withLoss && obj.gradientsWithLoss)
        return obj.gradientsWithLoss(
          st.margins,
          st.y,
          st.gradWeights,
          st.gh as Float32Array[],
          lo,
          hi,
          st.weights,
        );
      obj.gradients(st.margins, st.y, st.gradWeights, st.gh as Float32Array[], lo, hi);
      return undefined;
    case 'sample':
      return sampleShard(st, lo, hi);
    case 'root':
      return rootShard(st, lo, m.end, m.group, hists.subarray(0, b.histSize));
    case 'split': {
      const mids = new Int32Array(m.tasks.length / TASK_INTS);
      splitShard(st, m.group, m.tasks, mids, hists, b.histSize);
      return mids;
    }
    case 'finish':
      finishShard(st, m.tree, m.segments, b.missing, m.group);
      return undefined;
    case 'metric':
      return metricSums(b.metric, obj, st.margins, st.y, st.weights, st.outputs, lo, hi);
  }
}

interface Remote {
  readonly worker: Worker;
  readonly port: MessagePort;
}

/**
 * The training rows cut into one shard per thread. Shard 0 runs on the calling thread, the others on
 * worker threads over shared memory; each call hands every shard the same step, does shard 0's part,
 * then blocks (Atomics.wait) until the workers are done, so tree growth stays synchronous code. Rows
 * never leave their shard, so results do not depend on timing: for a given thread count a run is
 * deterministic.
 */
export class ShardSet {
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  private readonly hists: Float64Array[];
  private readonly ctl: Int32Array;
  private readonly obj: Objective;

  private constructor(
    private readonly b: ShardBuffers,
    private readonly remotes: Remote[],
    control: SharedArrayBuffer | undefined,
    n: number,
  ) {
    const count = remotes.length + 1;
    this.lo = Int32Array.from({ length: count }, (_, s) => Math.floor((s * n) / count));
    this.hi = Int32Array.from({ length: count }, (_, s) => Math.floor(((s + 1) * n) / count));
    this.hists = Array.from({ length: count }, () => new Float64Array(0));
    this.ctl = new Int32Array(control ?? new SharedArrayBuffer(4));
    this.obj = objective(b.objective, b.maxDeltaStep);
  }

  get count(): number {
    return this.remotes.length + 1;
  }

  static async start(b: ShardBuffers, n: number, threads: number): Promise<ShardSet> {
    if (threads <= 1) return new ShardSet(b, [], undefined, n);
    const control = new SharedArrayBuffer(4 * threads);
    const remotes: Remote[] = [];
    for (let s = 1; s < threads; s++) {
      const { port1, port2 } = new MessageChannel();
      const setup: ShardWorkerSetup = {
        buffers: rawBuffers(b),
        lo: Math.floor((s * n) / threads),
        hi: Math.floor(((s + 1) * n) / threads),
        control,
        index: s,
        port: port2,
      };
      remotes.push({ worker: spawnWorker(setup, [port2]), port: port1 });
    }
    await Promise.all(
      remotes.map(
        ({ worker }) =>
          new Promise((resolve, reject) => {
            worker.once('online', resolve).once('error', reject);
          }),
      ),
    );
    // Idle workers must not keep the process alive if close() is never reached.
    for (const r of remotes) r.worker.unref();
    return new ShardSet(b, remotes, control, n);
  }

  /** Histogram slot k of shard s (valid until the next call). */
  hist(s: number, k: number): Float64Array {
    const size = this.b.histSize;
    return this.hists[s]!.subarray(k * size, (k + 1) * size);
  }

  /**
   * Gradients of every output at the current margins; with `withLoss` (objectives with a fused
   * metric) also the training metric's sums at those margins.
   */
  gradients(withLoss: boolean): [sum: number, wsum: number] | undefined {
    let sums: [number, number] | undefined;
    this.run({ type: 'gradients', withLoss }, (_s, r: [number, number] | undefined) => {
      if (r) sums = sums ? [sums[0] + r[0], sums[1] + r[1]] : r;
    });
    return sums;
  }

  /** Moves each shard's rows drawn this round to its front; returns how many each has. */
  sample(): Int32Array {
    const counts = new Int32Array(this.count);
    this.run({ type: 'sample' }, (s, c: number) => {
      counts[s] = c;
    });
    return counts;
  }

  /** Root histograms (slot 0) and gradient totals of output `group` over rows [lo, ends[s]). */
  root(group: number, ends: Int32Array): { g: number; h: number } {
    this.reserve(1);
    let g = 0;
    let h = 0;
    this.run(
      (s) => ({ type: 'root', group, end: ends[s]! }),
      (_s, [gs, hs]: [number, number]) => {
        g += gs;
        h += hs;
      },
    );
    return { g, h };
  }

  /** Runs each shard's split tasks (see splitShard); returns each shard's mids. */
  split(group: number, tasks: readonly Int32Array[], taskCount: number): Int32Array[] {
    this.reserve(taskCount);
    const mids: Int32Array[] = [];
    this.run(
      (s) => ({ type: 'split', group, tasks: tasks[s]! }),
      (s, m: Int32Array) => {
        mids[s] = m;
      },
    );
    return mids;
  }

  /** Adds a finished tree's output to the margins (see finishShard). */
  finish(tree: BinnedTree, segments: readonly Int32Array[], group: number): void {
    this.run(
      (s) => ({ type: 'finish', tree, segments: segments[s]!, group }),
      () => undefined,
    );
  }

  /** The training metric's sums at the current margins (not for auc). */
  metric(): [sum: number, wsum: number] {
    let sum = 0;
    let wsum = 0;
    this.run({ type: 'metric' }, (_s, [a, b]: [number, number]) => {
      sum += a;
      wsum += b;
    });
    return [sum, wsum];
  }

  async close(): Promise<void> {
    await Promise.all(this.remotes.map((r) => r.worker.terminate()));
  }

  /** Grows every shard's histogram buffer to hold `slots` histograms. */
  private reserve(slots: number): void {
    const size = this.b.histSize;
    for (let s = 0; s < this.count; s++) {
      const have = this.hists[s]!.length / size;
      if (have >= slots) continue;
      const want = Math.max(slots, 2 * have, 4);
      if (s === 0) {
        this.hists[0] = new Float64Array(want * size);
        continue;
      }
      const buffer = new SharedArrayBuffer(8 * want * size);
      this.hists[s] = new Float64Array(buffer);
      this.remotes[s - 1]!.worker.postMessage({ type: 'hists', buffer } satisfies ShardRequest);
    }
  }

  private run<T>(
    request:
      | Exclude<ShardRequest, { type: 'hists' }>
      | ((s: number) => Exclude<ShardRequest, { type: 'hists' }>),
    collect: (s: number, result: T) => void,
  ): void {
    const at = (s: number) => (typeof request === 'function' ? request(s) : request);
    this.remotes.forEach((r, i) => {
      Atomics.store(this.ctl, i + 1, 0);
      r.worker.postMessage(at(i + 1));
    });
    collect(0, runShardStep(this.b, this.obj, this.lo[0]!, this.hi[0]!, this.hists[0]!, at(0)) as T);
    this.remotes.forEach((r, i) => {
      const s = i + 1;
      while (Atomics.load(this.ctl, s) === 0) {
        if (Atomics.wait(this.ctl, s, 0, 120_000) === 'timed-out')
          throw new Error('xgboost: a training worker did not answer within 120 s');
      }
      const reply = receiveMessageOnPort(r.port)?.message as { result?: T; error?: string } | undefined;
      if (!reply || reply.error !== undefined)
        throw new Error(`xgboost: a training worker failed: ${reply?.error ?? 'no reply'}`);
      collect(s, reply.result as T);
    });
  }
}

/** The typed arrays' memory, for a worker to wrap again (views do not cross threads, buffers do). */
function rawBuffers(b: ShardBuffers): ShardWorkerSetup['buffers'] {
  const raw = (a: { buffer: ArrayBufferLike } | undefined) => a?.buffer;
  const st = b.store;
  return {
    ...b,
    store: {
      words: raw(st.words),
      w4: st.w4,
      gh: st.gh.map(raw),
      margins: raw(st.margins),
      outputs: st.outputs,
      y: raw(st.y),
      gradWeights: raw(st.gradWeights),
      weights: raw(st.weights),
      inSample: raw(st.inSample),
    },
  };
}

/** Wraps a worker's raw buffers in typed arrays again. */
export function wrapBuffers(raw: ShardWorkerSetup['buffers']): ShardBuffers {
  const r = raw.store;
  const sab = (x: unknown) => x as SharedArrayBuffer;
  const f64 = (x: unknown) => (x ? new Float64Array(sab(x)) : undefined);
  return {
    ...raw,
    store: {
      words: new Uint32Array(sab(r.words)),
      w4: r.w4 as number,
      gh: (r.gh as SharedArrayBuffer[]).map((g) => new Float32Array(g)),
      margins: f64(r.margins)!,
      outputs: r.outputs as number,
      y: f64(r.y)!,
      gradWeights: f64(r.gradWeights),
      weights: f64(r.weights),
      inSample: new Uint8Array(sab(r.inSample)),
    },
  };
}

/**
 * Starts a shard worker. From compiled JavaScript it is shard-worker.js next to this file. When running
 * the TypeScript sources under tsx, Node 20 does not hand the TypeScript loader on to worker threads,
 * so the worker first registers tsx and then imports shard-worker.ts.
 */
function spawnWorker(setup: ShardWorkerSetup, transfer: MessagePort[]): Worker {
  const options = { workerData: setup, transferList: transfer };
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./shard-worker.js', import.meta.url), options);
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const entry = JSON.stringify(new URL('./shard-worker.ts', import.meta.url).href);
  return new Worker(`import(${tsx}).then((m) => { m.register(); return import(${entry}); });`, {
    ...options,
    eval: true,
  });
}

import { MessageChannel, type MessagePort, receiveMessageOnPort, type Worker } from 'node:worker_threads';

import { startModuleWorker } from '../../../core/index.js';
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

/**
 * Shards per thread when there are workers: a thread slowed down by other work on the machine holds
 * the others up for at most a shard (they claim the rest), while every extra shard costs one more
 * partial histogram to add up per node on the main thread.
 */
const SHARDS_PER_THREAD = 2;

/** One step of boosting, run on every shard; per-shard inputs are indexed by shard. */
export type ShardStep =
  | { readonly type: 'gradients'; readonly withLoss: boolean }
  | { readonly type: 'sample' }
  | { readonly type: 'root'; readonly group: number; readonly ends: Int32Array }
  | { readonly type: 'split'; readonly group: number; readonly tasks: readonly Int32Array[] }
  | {
      readonly type: 'finish';
      readonly tree: BinnedTree;
      readonly segments: readonly Int32Array[];
      readonly group: number;
    }
  | { readonly type: 'metric' };

export type WorkerMessage =
  | { readonly type: 'hists'; readonly shard: number; readonly buffer: SharedArrayBuffer }
  | { readonly type: 'mids'; readonly buffer: SharedArrayBuffer; readonly perShard: number }
  | { readonly type: 'step'; readonly id: number; readonly step: ShardStep };

/** What a worker receives: the buffers as raw memory, the shard bounds and the control block. */
export interface ShardWorkerSetup {
  readonly buffers: Omit<ShardBuffers, 'store'> & { readonly store: Record<keyof RowStore, unknown> };
  readonly bounds: Int32Array;
  readonly control: SharedArrayBuffer;
  readonly results: SharedArrayBuffer;
  readonly port: MessagePort;
}

// Control block: the claim word (step id << 16 | next shard), shards finished, error flag.
const CLAIM = 0;
const DONE = 1;
const FAILED = 2;

/**
 * The claim loop every thread runs for a step: take the next unclaimed shard until none is left,
 * writing each shard's result to its own slots. Which thread runs a shard does not change the
 * result, so a run is deterministic for a given number of shards.
 */
export class ShardRunner {
  readonly hists: Float64Array[];
  mids: Int32Array = new Int32Array(0);
  midsPerShard = 0;
  private readonly obj: Objective;
  private readonly count: number;

  constructor(
    readonly b: ShardBuffers,
    readonly bounds: Int32Array,
    private readonly ctl: Int32Array,
    readonly results: Float64Array,
    private readonly report: (error: string) => void,
  ) {
    this.count = bounds.length - 1;
    this.hists = Array.from({ length: this.count }, () => new Float64Array(0));
    this.obj = objective(b.objective, b.maxDeltaStep);
  }

  work(id: number, step: ShardStep): void {
    const { ctl, count } = this;
    for (;;) {
      const claim = Atomics.load(ctl, CLAIM);
      if (claim >>> 16 !== id) return; // a late message for a step that is over
      const s = claim & 0xffff;
      if (s >= count) return;
      if (Atomics.compareExchange(ctl, CLAIM, claim, claim + 1) !== claim) continue;
      try {
        this.runShard(s, step);
      } catch (err) {
        Atomics.store(ctl, FAILED, 1);
        this.report((err as Error).stack ?? String(err));
      }
      if (Atomics.add(ctl, DONE, 1) === count - 1) Atomics.notify(ctl, DONE);
    }
  }

  private runShard(s: number, m: ShardStep): void {
    const { b, obj, results: out } = this;
    const st = b.store;
    const lo = this.bounds[s]!;
    const hi = this.bounds[s + 1]!;
    const put = (pair: readonly [number, number]) => {
      out[2 * s] = pair[0];
      out[2 * s + 1] = pair[1];
    };
    switch (m.type) {
      case 'gradients':
        if (m.withLoss && obj.gradientsWithLoss)
          put(
            obj.gradientsWithLoss(
              st.margins,
              st.y,
              st.gradWeights,
              st.gh as Float32Array[],
              lo,
              hi,
              st.weights,
            ),
          );
        else obj.gradients(st.margins, st.y, st.gradWeights, st.gh as Float32Array[], lo, hi);
        return;
      case 'sample':
        out[2 * s] = sampleShard(st, lo, hi);
        return;
      case 'root':
        put(rootShard(st, lo, m.ends[s]!, m.group, this.hists[s]!.subarray(0, b.histSize)));
        return;
      case 'split': {
        const tasks = m.tasks[s]!;
        const base = s * this.midsPerShard;
        const mids = this.mids.subarray(base, base + tasks.length / TASK_INTS);
        splitShard(st, m.group, tasks, mids, this.hists[s]!, b.histSize);
        return;
      }
      case 'finish':
        finishShard(st, m.tree, m.segments[s]!, b.missing, m.group);
        return;
      case 'metric':
        put(metricSums(b.metric, obj, st.margins, st.y, st.weights, st.outputs, lo, hi));
        return;
    }
  }
}

interface Remote {
  readonly worker: Worker;
  readonly port: MessagePort;
}

/**
 * The training rows cut into shards: one with a single thread, SHARDS_PER_THREAD per thread with
 * workers. Each step is run by the calling thread and the workers together (shared memory, a claim
 * counter), and the calling thread blocks in Atomics.wait until every shard is done, so tree growth
 * stays synchronous code. Rows never leave their shard.
 */
export class ShardSet {
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  private stepId = 0;

  private constructor(
    private readonly runner: ShardRunner,
    private readonly remotes: Remote[],
    private readonly ctl: Int32Array,
    private readonly shared: boolean,
    /** Failures reported by shards run on this thread (workers send theirs through their ports). */
    private readonly errors: string[],
  ) {
    this.lo = runner.bounds.slice(0, -1);
    this.hi = runner.bounds.slice(1);
  }

  get count(): number {
    return this.lo.length;
  }

  static async start(b: ShardBuffers, n: number, threads: number): Promise<ShardSet> {
    const shards = threads > 1 ? Math.min(threads * SHARDS_PER_THREAD, 0xffff) : 1;
    const bounds = Int32Array.from({ length: shards + 1 }, (_, s) => Math.floor((s * n) / shards));
    const memory = (bytes: number) => (threads > 1 ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
    const control = memory(16);
    const results = memory(16 * shards);
    const errors: string[] = [];
    const ctl = new Int32Array(control);
    const runner = new ShardRunner(b, bounds, ctl, new Float64Array(results), (e) => errors.push(e));
    const remotes: Remote[] = [];
    for (let t = 1; t < threads; t++) {
      const { port1, port2 } = new MessageChannel();
      const setup: ShardWorkerSetup = {
        buffers: rawBuffers(b),
        bounds,
        control: control as SharedArrayBuffer,
        results: results as SharedArrayBuffer,
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
    return new ShardSet(runner, remotes, ctl, threads > 1, errors);
  }

  /** Histogram slot k of shard s (valid until the next step). */
  hist(s: number, k: number): Float64Array {
    const size = this.runner.b.histSize;
    return this.runner.hists[s]!.subarray(k * size, (k + 1) * size);
  }

  /**
   * Gradients of every output at the current margins; with `withLoss` (objectives with a fused
   * metric) also the training metric's sums at those margins.
   */
  gradients(withLoss: boolean): [sum: number, wsum: number] | undefined {
    this.run({ type: 'gradients', withLoss });
    return withLoss ? this.sums() : undefined;
  }

  /** Moves each shard's rows drawn this round to its front; returns how many each has. */
  sample(): Int32Array {
    this.run({ type: 'sample' });
    return Int32Array.from({ length: this.count }, (_, s) => this.runner.results[2 * s]!);
  }

  /** Root histograms (slot 0) and gradient totals of output `group` over rows [lo, ends[s]). */
  root(group: number, ends: Int32Array): { g: number; h: number } {
    this.reserve(1, 0);
    this.run({ type: 'root', group, ends });
    const [g, h] = this.sums();
    return { g, h };
  }

  /** Runs each shard's split tasks (see splitShard); returns each shard's mids. */
  split(group: number, tasks: readonly Int32Array[], taskCount: number): Int32Array[] {
    this.reserve(taskCount, taskCount);
    this.run({ type: 'split', group, tasks });
    const { mids, midsPerShard } = this.runner;
    return Array.from({ length: this.count }, (_, s) =>
      mids.slice(s * midsPerShard, s * midsPerShard + taskCount),
    );
  }

  /** Adds a finished tree's output to the margins (see finishShard). */
  finish(tree: BinnedTree, segments: readonly Int32Array[], group: number): void {
    this.run({ type: 'finish', tree, segments, group });
  }

  /** The training metric's sums at the current margins (not for auc). */
  metric(): [sum: number, wsum: number] {
    this.run({ type: 'metric' });
    return this.sums();
  }

  async close(): Promise<void> {
    await Promise.all(this.remotes.map((r) => r.worker.terminate()));
  }

  /** Adds the shards' result pairs, in shard order (the same sums whichever thread ran a shard). */
  private sums(): [number, number] {
    let a = 0;
    let b = 0;
    for (let s = 0; s < this.count; s++) {
      a += this.runner.results[2 * s]!;
      b += this.runner.results[2 * s + 1]!;
    }
    return [a, b];
  }

  /** Grows every shard's histogram buffer to `slots` histograms and the mids to `mids` per shard. */
  private reserve(slots: number, mids: number): void {
    const { runner } = this;
    const size = runner.b.histSize;
    const memory = (bytes: number) => (this.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
    for (let s = 0; s < this.count; s++) {
      const have = runner.hists[s]!.length / size;
      if (have >= slots) continue;
      const buffer = memory(8 * size * Math.max(slots, 2 * have, 2));
      runner.hists[s] = new Float64Array(buffer);
      this.post({ type: 'hists', shard: s, buffer: buffer as SharedArrayBuffer });
    }
    if (runner.midsPerShard < mids) {
      const perShard = Math.max(mids, 2 * runner.midsPerShard, 16);
      const buffer = memory(4 * perShard * this.count);
      runner.mids = new Int32Array(buffer);
      runner.midsPerShard = perShard;
      this.post({ type: 'mids', buffer: buffer as SharedArrayBuffer, perShard });
    }
  }

  private post(m: WorkerMessage): void {
    for (const r of this.remotes) r.worker.postMessage(m);
  }

  private run(step: ShardStep): void {
    const { ctl } = this;
    this.stepId = (this.stepId + 1) & 0x7fff;
    const id = this.stepId;
    Atomics.store(ctl, DONE, 0);
    Atomics.store(ctl, FAILED, 0);
    Atomics.store(ctl, CLAIM, id << 16);
    this.post({ type: 'step', id, step });
    this.runner.work(id, step);
    for (;;) {
      const done = Atomics.load(ctl, DONE);
      if (done >= this.count) break;
      if (Atomics.wait(ctl, DONE, done, 120_000) === 'timed-out')
        throw new Error('xgboost: training workers did not finish a step within 120 s');
    }
    if (Atomics.load(ctl, FAILED)) {
      for (const r of this.remotes) {
        for (let m = receiveMessageOnPort(r.port); m; m = receiveMessageOnPort(r.port))
          this.errors.push(String(m.message));
      }
      throw new Error(`xgboost: a training step failed: ${this.errors.splice(0).join('\n')}`);
    }
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

function spawnWorker(setup: ShardWorkerSetup, transfer: MessagePort[]): Worker {
  return startModuleWorker(import.meta.url, 'shard-worker', { workerData: setup, transferList: transfer });
}

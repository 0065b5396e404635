import { randomUUID } from 'node:crypto';
import type { Worker } from 'node:worker_threads';

import {
  type ErrorCode,
  type ErrorDetails,
  type Logger,
  PlatformError,
  startModuleWorker,
} from '../core/index.js';
import { TrafficStats } from './traffic-stats.js';

export interface WorkerRequest {
  readonly id: number;
  readonly contentType: string | undefined;
  readonly accept: string | undefined;
  readonly body: string | Uint8Array;
  /** Multi-model variants: the model.tar.gz (or imported .onnx) to answer with, loaded on first use. */
  readonly artifactPath?: string;
  /** Imported ONNX classifiers: the class names, in the order of the probabilities output. */
  readonly classes?: readonly string[];
  /** Answer text as UTF-8 bytes (batch transform writes them as they are, without encoding them itself). */
  readonly textAsBytes?: boolean;
}

export interface WorkerSetup {
  /** The one model of a single-model variant, loaded before the worker is ready. */
  readonly artifactPath?: string;
  /** Models a multi-model worker keeps loaded (least recently used are dropped). */
  readonly maxModels: number;
  readonly classes?: readonly string[];
}

export type WorkerReply =
  | {
      readonly id: number;
      readonly ok: true;
      readonly contentType: string;
      readonly body: string | Uint8Array;
      readonly rows: number;
    }
  | {
      readonly id: number;
      readonly ok: false;
      readonly code: ErrorCode;
      readonly message: string;
      readonly details: ErrorDetails;
    };

export interface InvokeResult {
  readonly contentType: string;
  /** Bytes for application/x-recordio-protobuf, text otherwise. */
  readonly body: string | Uint8Array;
  readonly rows: number;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  readonly pending: Map<number, { resolve(r: InvokeResult): void; reject(e: unknown): void }>;
}

/** How long a worker may take to load its model. */
const LOAD_TIMEOUT_MS = 60_000;

/**
 * The worker threads of one variant, all serving one model. Requests go to the worker with the
 * fewest in flight. A worker that dies fails only its own requests (500 with an error id in the log)
 * and is replaced; the others keep serving.
 */
export class VariantHost {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private stopping = false;
  invocations = 0;
  errors = 0;
  /** Requests, errors and latency over the last minutes (the console's charts). */
  readonly stats = new TrafficStats();

  constructor(
    readonly name: string,
    readonly model: string,
    /** Undefined for a multi-model variant: each request names its model's artifact. */
    private readonly artifactPath: string | undefined,
    initialWorkers: number,
    private readonly logger: Logger,
    private readonly maxModels = 1,
    private readonly classes: readonly string[] = [],
  ) {
    this.desired = initialWorkers;
  }

  /** Workers the variant runs (autoscaling moves it between its bounds). */
  private desired: number;
  /** Workers being removed: they finish their requests and are not replaced. */
  private readonly retiring = new Set<Slot>();

  get workers(): number {
    return this.desired;
  }

  /** Adds or removes workers until `n` run; a removed worker takes no new requests and drains first. */
  async scaleTo(n: number): Promise<void> {
    if (this.stopping || n === this.desired) return;
    const up = n > this.desired;
    const steps = Math.abs(n - this.desired);
    this.desired = n;
    if (up) {
      await Promise.all(Array.from({ length: steps }, () => this.spawn()));
      return;
    }
    for (let k = 0; k < steps; k++) {
      const slot = this.slots
        .filter((s) => s.ready && !this.retiring.has(s))
        .sort((a, b) => a.pending.size - b.pending.size)[0];
      if (!slot) return;
      slot.ready = false;
      this.retiring.add(slot);
      const until = Date.now() + 10_000;
      while (slot.pending.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      await slot.worker.terminate();
    }
  }

  /** Starts every worker and resolves when all have loaded the model (the variant is warm). */
  async start(): Promise<void> {
    await Promise.all(Array.from({ length: this.desired }, () => this.spawn()));
  }

  get multiModel(): boolean {
    return this.artifactPath === undefined;
  }

  get readyWorkers(): number {
    return this.slots.filter((s) => s.ready).length;
  }

  get inFlight(): number {
    return this.slots.reduce((n, s) => n + s.pending.size, 0);
  }

  invoke(
    contentType: string | undefined,
    accept: string | undefined,
    body: string | Uint8Array,
    target?: { readonly artifactPath: string; readonly classes: readonly string[] },
    options: { readonly textAsBytes?: boolean } = {},
  ): Promise<InvokeResult> {
    let best: Slot | undefined;
    for (const s of this.slots) if (s.ready && (!best || s.pending.size < best.pending.size)) best = s;
    if (!best || this.stopping)
      return Promise.reject(
        new PlatformError('unavailable', `variant ${this.name} has no worker ready; retry`),
      );
    const slot = best;
    const id = this.nextId++;
    this.invocations++;
    // Posting a typed array clones its whole buffer: a view into a larger one (a batch of a RecordIO
    // file, a pooled Buffer) goes as a copy of just its bytes, moved rather than cloned again. A
    // body that owns its buffer is cloned: the caller keeps it (data capture reads it afterwards).
    const part = typeof body !== 'string' && body.byteLength !== body.buffer.byteLength;
    const sent = part ? new Uint8Array(body) : body;
    return new Promise<InvokeResult>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage(
        {
          id,
          contentType,
          accept,
          body: sent,
          ...(target ? { artifactPath: target.artifactPath, classes: target.classes } : {}),
          ...(options.textAsBytes ? { textAsBytes: true } : {}),
        } satisfies WorkerRequest,
        part ? [(sent as Uint8Array).buffer as ArrayBuffer] : [],
      );
    });
  }

  /** Stops taking requests, waits for those in flight (up to `drainMs`), then ends the workers. */
  async stop(drainMs = 10_000): Promise<void> {
    this.stopping = true;
    const until = Date.now() + drainMs;
    while (this.inFlight > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Promise<void> {
    const worker = startModuleWorker(import.meta.url, 'model-worker', {
      workerData: {
        ...(this.artifactPath ? { artifactPath: this.artifactPath } : {}),
        maxModels: this.maxModels,
        classes: this.classes,
      } satisfies WorkerSetup,
    });
    const slot: Slot = { worker, ready: false, pending: new Map() };
    this.slots.push(slot);
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new PlatformError(
            'timeout',
            `variant ${this.name}: the model did not load in ${LOAD_TIMEOUT_MS / 1000} s`,
          ),
        );
        void worker.terminate();
      }, LOAD_TIMEOUT_MS);
      worker.on('message', (m: WorkerReply | { ready: boolean; message?: string }) => {
        if ('ready' in m) {
          clearTimeout(timer);
          if (m.ready) {
            slot.ready = true;
            resolve();
          } else
            reject(
              new PlatformError(
                'internal',
                `variant ${this.name}: cannot load model ${this.model}: ${m.message}`,
              ),
            );
          return;
        }
        const p = slot.pending.get(m.id);
        if (!p) return;
        slot.pending.delete(m.id);
        if (m.ok) p.resolve({ contentType: m.contentType, body: m.body, rows: m.rows });
        else {
          this.errors++;
          p.reject(this.failure(m.code, m.message, m.details));
        }
      });
      worker.on('error', (err) => this.logger.error({ err, variant: this.name }, 'model worker failed'));
      worker.on('exit', (code) => {
        clearTimeout(timer);
        const wasReady = slot.ready;
        slot.ready = false;
        this.slots.splice(this.slots.indexOf(slot), 1);
        for (const p of slot.pending.values()) {
          this.errors++;
          p.reject(this.failure('internal', `model worker exited with code ${code}`, {}));
        }
        if (this.retiring.delete(slot)) return;
        if (!wasReady) {
          reject(
            new PlatformError('internal', `variant ${this.name}: the model worker exited while loading`),
          );
        } else if (!this.stopping) {
          this.logger.warn({ variant: this.name, code }, 'model worker died; starting another');
          this.spawn().catch((err) =>
            this.logger.error({ err, variant: this.name }, 'model worker restart failed'),
          );
        }
      });
    });
  }

  /** Bad input keeps its message; a model's own failure is logged under an id the client gets. */
  private failure(code: ErrorCode, message: string, details: ErrorDetails): PlatformError {
    if (code !== 'internal') return new PlatformError(code, message, details);
    const errorId = randomUUID();
    this.logger.error(
      { errorId, variant: this.name, model: this.model, message },
      'model failed on an invocation',
    );
    return new PlatformError('internal', `the model failed on this request (error id ${errorId})`, {
      errorId,
    });
  }
}

import { randomUUID } from 'node:crypto';

import type { DataCapture } from '../contract/index.js';
import type { Logger } from '../core/index.js';
import type { ObjectStore } from '../storage/index.js';

/** Flush when this many records wait for one file, or this often. */
const MAX_BUFFERED = 1000;
const FLUSH_MS = 1000;

export interface CapturedPayload {
  readonly contentType: string;
  readonly body: string | Uint8Array;
}

/** SageMaker's encoding names: CSV and JSON stay text, anything else is base64. */
function encoded(mode: 'INPUT' | 'OUTPUT', p: CapturedPayload) {
  const type = p.contentType.split(';')[0]!.trim().toLowerCase();
  const encoding = type === 'text/csv' ? 'CSV' : type.includes('json') ? 'JSON' : 'BASE64';
  return {
    observedContentType: p.contentType,
    mode,
    data: encoding === 'BASE64' ? Buffer.from(p.body).toString('base64') : p.body,
    encoding,
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * Writes sampled invocations of one endpoint as JSON lines in SageMaker's capture record shape
 * (`captureData.endpointInput/endpointOutput`, `eventMetadata.eventId/inferenceTime`) under
 * `<destination>/<endpoint>/<variant>/yyyy/mm/dd/hh/` (UTC), one new object per flush, so model
 * monitoring can read the files as SageMaker's are read. Records are buffered off the request path.
 */
export class CaptureWriter {
  private readonly buffers = new Map<string, string[]>();
  private readonly timer: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly objects: ObjectStore,
    private readonly endpoint: string,
    private readonly config: DataCapture,
    private readonly logger: Logger,
  ) {
    this.timer = setInterval(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  /** Decides by the sampling percentage; records what the config captures. */
  record(
    variant: string,
    input: CapturedPayload,
    output: CapturedPayload | undefined,
    at = new Date(),
  ): void {
    if (!this.config.enabled || Math.random() * 100 >= this.config.samplingPercentage) return;
    const captureData: Record<string, unknown> = {};
    if (this.config.capture.includes('Input')) captureData.endpointInput = encoded('INPUT', input);
    if (output && this.config.capture.includes('Output'))
      captureData.endpointOutput = encoded('OUTPUT', output);
    const line = JSON.stringify({
      captureData,
      eventMetadata: { eventId: randomUUID(), inferenceTime: at.toISOString().replace(/\.\d{3}Z$/, 'Z') },
      eventVersion: '0',
    });
    const folder = `${this.config.destination.replace(/\/+$/, '')}/${this.endpoint}/${variant}/${at.getUTCFullYear()}/${pad(at.getUTCMonth() + 1)}/${pad(at.getUTCDate())}/${pad(at.getUTCHours())}`;
    const buffer = this.buffers.get(folder) ?? [];
    buffer.push(line);
    this.buffers.set(folder, buffer);
    if (buffer.length >= MAX_BUFFERED) void this.flush();
  }

  /** Writes every buffered record (one object per folder); resolves when they are stored. */
  flush(): Promise<void> {
    const batches = [...this.buffers.entries()];
    this.buffers.clear();
    if (batches.length === 0) return this.writing;
    const now = new Date();
    const name = `${pad(now.getUTCMinutes())}-${pad(now.getUTCSeconds())}-${pad(now.getUTCMilliseconds(), 3)}-${randomUUID()}.jsonl`;
    this.writing = this.writing.then(() =>
      Promise.all(
        batches.map(([folder, lines]) =>
          this.objects.put(`${folder}/${name}`, `${lines.join('\n')}\n`, {
            contentType: 'application/jsonlines',
          }),
        ),
      ).then(
        () => undefined,
        (err) => this.logger.error({ err, endpoint: this.endpoint }, 'data capture could not be written'),
      ),
    );
    return this.writing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}

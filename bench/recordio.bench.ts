/**
 * RecordIO-protobuf throughput: writes about 200 MiB of dense records (100 float32 features plus a
 * float32 label, as SageMaker's linear learner reads them) to a temp file through RecordIOWriter over a
 * FileHandle, then streams the file back through readRecordIO. Target: 100 MiB/s each way.
 *
 * Environment: KELP_BENCH_RECORDIO_MB (default 200).
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';

import { type RecordIORecord, RecordIOWriter, readRecordIO } from '../src/engine/formats/recordio/index.js';
import { type Bench, MB, note, tempDir, timed } from './lib.js';

const SIZE_MB = Number(process.env.KELP_BENCH_RECORDIO_MB ?? 200);
const TARGET = 100;
const FEATURES = 100;

/** A pool of distinct records, cycled: generating values inside the timed loop would measure Math.random. */
function recordPool(n: number): RecordIORecord[] {
  return Array.from({ length: n }, (_, i) => ({
    features: { values: { type: 'float32', values: Float32Array.from({ length: FEATURES }, Math.random) } },
    label: { values: { type: 'float32', values: Float32Array.of(i % 2) } },
  }));
}

export const recordioBench: Bench = {
  name: 'recordio',
  async run(record) {
    const dir = await tempDir('kelp-bench-recordio-');
    try {
      const path = join(dir.path, 'dense.recordio');
      const pool = recordPool(256);
      note(`recordio: writing ${SIZE_MB} MiB of records with ${FEATURES} float32 features`);
      const writeSeconds = await timed(async () => {
        const file = await open(path, 'w');
        try {
          const writer = new RecordIOWriter((chunk) => file.write(chunk).then(() => undefined));
          for (let i = 0; writer.bytesWritten < SIZE_MB * MB; i++) await writer.write(pool[i % pool.length]!);
          await writer.close();
        } finally {
          await file.close();
        }
      });
      const { size } = await stat(path);
      record({
        metric: 'write dense float32 records',
        value: size / MB / writeSeconds,
        unit: 'MiB/s',
        target: TARGET,
      });

      let records = 0;
      let sum = 0; // touch the values so the reads cannot be skipped
      const readSeconds = await timed(async () => {
        const source = createReadStream(path, { highWaterMark: 1 << 20 });
        for await (const r of readRecordIO(source, { path })) {
          records++;
          sum += (r.features['values']!.values as Float32Array)[FEATURES - 1]!;
        }
      });
      record({
        metric: 'read dense float32 records',
        value: size / MB / readSeconds,
        unit: 'MiB/s',
        target: TARGET,
      });
      note(`recordio: ${records} records, ${(size / MB).toFixed(0)} MiB, checksum ${sum.toFixed(1)}`);
    } finally {
      await dir.cleanup();
    }
  },
};

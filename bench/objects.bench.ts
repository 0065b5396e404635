/**
 * Object store throughput against the OS's own tools on the same file and disk:
 * put vs `dd conv=fsync` (Kelp's put fsyncs), get vs `cat`, and a streaming HTTP upload,
 * each Kelp transfer in its own process so its peak RSS can be checked.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  type Bench,
  exec,
  MB,
  type Measurement,
  note,
  runChild,
  startServerChild,
  tempDir,
  timed,
} from './lib.js';

interface WorkerResult {
  readonly seconds: number;
  readonly peakRssBytes: number;
}

const RSS_LIMIT_MIB = 150;
const SHARE_OF_REFERENCE = 0.7;

function sourcePath(sizeMiB: number): string {
  return join(tmpdir(), sizeMiB === 1024 ? 'kelp-bench-1g.bin' : `kelp-bench-${sizeMiB}m.bin`);
}

/** Random bytes (incompressible), written once and reused: creating 1 GiB costs more than a run. */
async function ensureSource(path: string, sizeMiB: number): Promise<void> {
  const existing = await stat(path).catch(() => undefined);
  if (existing?.size === sizeMiB * MB) return;
  note(`objects: writing ${sizeMiB} MiB of random bytes to ${path}`);
  const partial = `${path}.${process.pid}.partial`; // never reuse a half-written source
  const fh = await open(partial, 'w');
  try {
    for (let i = 0; i < sizeMiB; i++) await fh.write(randomBytes(MB));
  } finally {
    await fh.close();
  }
  await rename(partial, path);
}

/** Flushes dirty pages left by the previous step so they don't slow the next one. */
const settle = () => exec('sync', []);

async function catTo(src: string, dst: string): Promise<void> {
  const fd = openSync(dst, 'w');
  try {
    await exec('cat', [src], fd);
  } finally {
    closeSync(fd);
  }
}

/** Times a reference command, then removes its output. */
async function reference(dst: string, run: () => Promise<void>): Promise<number> {
  const seconds = await timed(run);
  await rm(dst, { force: true });
  await settle();
  return seconds;
}

export const objectsBench: Bench = {
  name: 'objects',
  async run(record) {
    const sizeMiB = Number(process.env.KELP_BENCH_SIZE_MB ?? 1024);
    const src = sourcePath(sizeMiB);
    await ensureSource(src, sizeMiB);
    await exec('cat', [src]); // read once so every contender reads from the page cache
    const mibps = (seconds: number) => sizeMiB / seconds;
    const rss = (r: WorkerResult) => r.peakRssBytes / MB;
    const dir = await tempDir('kelp-bench-objects-');
    const dst = join(dir.path, 'out.bin');
    const storeDir = join(dir.path, 'store');
    try {
      const cp = mibps(await reference(dst, () => exec('cp', [src, dst])));
      record({ metric: `cp ${sizeMiB} MiB`, value: cp, unit: 'MiB/s' });
      const dd = mibps(
        await reference(dst, () =>
          exec('dd', [`if=${src}`, `of=${dst}`, 'bs=1M', 'conv=fsync', 'status=none']),
        ),
      );
      record({ metric: `dd conv=fsync ${sizeMiB} MiB`, value: dd, unit: 'MiB/s' });

      const put = await runChild<WorkerResult>('objects-worker.ts', ['put', storeDir, src]);
      await settle();
      const putTarget = dd * SHARE_OF_REFERENCE;
      record({
        metric: 'file store put',
        value: mibps(put.seconds),
        unit: 'MiB/s',
        target: putTarget,
        reference: dd,
      });
      record(rssMeasure('put process peak RSS', rss(put)));

      const cat = mibps(await reference(dst, () => catTo(src, dst)));
      record({ metric: `cat > file ${sizeMiB} MiB`, value: cat, unit: 'MiB/s' });
      const get = await runChild<WorkerResult>('objects-worker.ts', ['get', storeDir, dst]);
      await rm(dst, { force: true });
      await settle();
      const getTarget = cat * SHARE_OF_REFERENCE;
      record({
        metric: 'file store get',
        value: mibps(get.seconds),
        unit: 'MiB/s',
        target: getTarget,
        reference: cat,
      });
      record({ metric: 'get process peak RSS', value: rss(get), unit: 'MiB' });
      await rm(storeDir, { recursive: true, force: true });

      await httpUpload(join(dir.path, 'server'), src, sizeMiB, dd, record);
    } finally {
      await dir.cleanup(); // outputs go; the source stays for the next run
    }
  },
};

function rssMeasure(metric: string, mib: number): Measurement {
  return { metric, value: mib, unit: 'MiB', target: RSS_LIMIT_MIB, better: 'lower' };
}

/** Streaming PUT to a Kelp server in a child process; the server's peak RSS is the figure that matters. */
async function httpUpload(
  home: string,
  src: string,
  sizeMiB: number,
  dd: number,
  record: (m: Measurement) => void,
): Promise<void> {
  const server = await startServerChild(home);
  let client: WorkerResult;
  try {
    client = await runChild<WorkerResult>('objects-worker.ts', [
      'http-put',
      `${server.url}/api/v1/objects/bench/big.bin`,
      src,
    ]);
  } finally {
    const { peakRssBytes } = await server.stop();
    record(rssMeasure('HTTP server peak RSS', peakRssBytes / MB));
  }
  record({ metric: 'HTTP PUT upload', value: sizeMiB / client.seconds, unit: 'MiB/s', reference: dd });
  record({ metric: 'HTTP client peak RSS', value: client.peakRssBytes / MB, unit: 'MiB' });
}

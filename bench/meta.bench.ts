/**
 * Metadata store operations per second on SQLite and PostgreSQL.
 * Writes are job submissions through SqlJobQueue.enqueue (a transaction inserting the job row and
 * its first history row, then reading the job back), as the job service does them; reads are
 * point selects of a job row by primary key. Each runs with sequential awaits and 8 at once.
 */
import { join } from 'node:path';

import { SqlJobQueue } from '../src/jobs/index.js';
import { type MetaStore, openMetaStore } from '../src/storage/index.js';
import { type Bench, type Measurement, note, postgresOrSkip, tempDir, timed } from './lib.js';

const N = Number(process.env.KELP_BENCH_META_N ?? 5000);
const CONCURRENCY = 8;

/** Runs `op(0..n-1)` with `concurrency` in flight; returns operations per second. */
async function rate(n: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const lane = async () => {
    while (next < n) await op(next++);
  };
  const seconds = await timed(() => Promise.all(Array.from({ length: concurrency }, lane)));
  return n / seconds;
}

async function measure(meta: MetaStore, record: (m: Measurement) => void): Promise<void> {
  const queue = new SqlJobQueue(meta);
  const ids: string[] = [];
  for (const [concurrency, round] of [
    [1, 'a'],
    [CONCURRENCY, 'b'],
  ] as const) {
    const writes = await rate(N, concurrency, async (i) => {
      const job = await queue.enqueue({
        kind: 'diagnostic.noop',
        project: 'bench',
        name: `bench-${round}-${i}`,
      });
      ids.push(job.id);
    });
    record({
      metric: `${meta.dialect} writes (enqueue), ${concurrency} in flight`,
      value: writes,
      unit: 'ops/s',
    });
  }
  for (const concurrency of [1, CONCURRENCY]) {
    const reads = await rate(N, concurrency, (i) =>
      meta.db.selectFrom('jobs').selectAll().where('id', '=', ids[i]!).executeTakeFirstOrThrow(),
    );
    record({
      metric: `${meta.dialect} reads (select by id), ${concurrency} in flight`,
      value: reads,
      unit: 'ops/s',
    });
  }
}

export const metaBench: Bench = {
  name: 'meta',
  async run(record) {
    note(`meta: ${N} writes and ${N} reads per mode`);
    const dir = await tempDir('kelp-bench-meta-');
    try {
      const sqlite = await openMetaStore(`sqlite://${join(dir.path, 'kelp.db')}`);
      await measure(sqlite, record).finally(() => sqlite.close());
    } finally {
      await dir.cleanup();
    }
    const pg = await postgresOrSkip('meta');
    if (!pg) return;
    try {
      const postgres = await openMetaStore(pg.url);
      await measure(postgres, record).finally(() => postgres.close());
    } finally {
      await pg.drop();
    }
  },
};

/**
 * API latency of a metadata GET under a steady load: 500 requests/s of GET /api/v1/jobs/<name>
 * against a server in a child process (SQLite, temp home), so the load generator does not share
 * the server's event loop. autocannon corrects for coordinated omission at a fixed rate.
 */
import autocannon from 'autocannon';

import { type Bench, note, startServerChild, tempDir } from './lib.js';

const RATE = 500;
const DURATION_S = Number(process.env.KELP_BENCH_API_SECONDS ?? 10);
const TARGET_P99_MS = 10;

export const apiBench: Bench = {
  name: 'api',
  async run(record) {
    const dir = await tempDir('kelp-bench-api-');
    const server = await startServerChild(dir.path);
    try {
      const created = await fetch(`${server.url}/api/v1/jobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'diagnostic.noop', name: 'bench-job' }),
      });
      if (!created.ok) throw new Error(`creating bench-job: ${created.status} ${await created.text()}`);
      const load = (duration: number) =>
        autocannon({
          url: `${server.url}/api/v1/jobs/bench-job`,
          connections: 10,
          duration,
          overallRate: RATE,
        });
      // Unrecorded warm-up: the first requests pay for JIT compilation and lazy setup, not for serving.
      await load(2);
      note(`api: ${RATE} req/s for ${DURATION_S} s`);
      const result = await load(DURATION_S);
      const failed = result.errors + result.timeouts + result.non2xx;
      if (failed > 0)
        throw new Error(`${failed} of ${result.totalCompletedRequests} requests failed or were not 2xx`);
      const at = `GET job @ ${RATE} req/s`;
      record({ metric: `${at}: p50`, value: result.latency.p50, unit: 'ms' });
      record({
        metric: `${at}: p99`,
        value: result.latency.p99,
        unit: 'ms',
        target: TARGET_P99_MS,
        better: 'lower',
      });
      // No target of its own: a server that falls behind shows up in p99 (autocannon counts the wait).
      record({ metric: `${at}: achieved`, value: result.requests.average, unit: 'req/s', reference: RATE });
    } finally {
      await server.stop();
      await dir.cleanup();
    }
  },
};

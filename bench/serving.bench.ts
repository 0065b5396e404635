/**
 * Real-time serving: single-row text/csv invocations of a 100-tree depth-6 GBDT (xgboost, 20
 * features) on an endpoint of a Kelp server in a child process, load from this process (autocannon,
 * 8 keep-alive connections, 10 s after a 2 s warm-up). Also the cold start (endpoint create →
 * InService) and a batch transform of 1M CSV rows in four objects (KELP_BENCH_TRANSFORM_ROWS).
 *
 * Targets (the issue's): ≥ 5,000 requests/s with p99 ≤ 5 ms and no errors; cold start < 2 s;
 * batch transform ≥ 200,000 rows/s end to end.
 * Environment: KELP_BENCH_SERVING_SECONDS (default 10), KELP_BENCH_SERVING_WORKERS (model worker
 * threads of the variant, default 1: with two cores, one serves HTTP and one the model).
 */
import autocannon from 'autocannon';

import { KelpClient } from '../src/client/index.js';
import { type Bench, note, startServerChild, tempDir } from './lib.js';
import { makeClassification } from './ml-xgboost.bench.js';

const SECONDS = Number(process.env.KELP_BENCH_SERVING_SECONDS ?? 10);
const WORKERS = Number(process.env.KELP_BENCH_SERVING_WORKERS ?? 1);
const ROWS = 20_000;
const TRANSFORM_ROWS = Number(process.env.KELP_BENCH_TRANSFORM_ROWS ?? 1_000_000);
const FEATURES = 20;

function trainingCsv(): { csv: string; row: string } {
  const all = makeClassification(ROWS, 7);
  const lines = [[...Array.from({ length: FEATURES }, (_, j) => `f${j}`), 'label'].join(',')];
  for (let i = 0; i < ROWS; i++) {
    const x = Array.from(all.subarray(i * FEATURES, (i + 1) * FEATURES), (v) => v.toFixed(5));
    lines.push([...x, String(all[ROWS * FEATURES + i])].join(','));
  }
  return { csv: `${lines.join('\n')}\n`, row: lines[1]!.split(',').slice(0, FEATURES).join(',') };
}

export const servingBench: Bench = {
  name: 'serving',
  async run(record) {
    const dir = await tempDir('kelp-bench-serving-');
    const server = await startServerChild(dir.path);
    try {
      const client = new KelpClient({ url: server.url });
      const { csv, row } = trainingCsv();
      await client.objects.put('bench/train.csv', csv);
      const { job } = await client.models.train({
        algorithm: 'xgboost',
        data: 'bench/train.csv',
        target: 'label',
        hyperparameters: { num_round: 100, max_depth: 6, eta: 0.3 },
        name: 'gbdt',
      });
      for await (const _ of client.jobs.followLogs(job.name)) {
        // until the job ends
      }
      if ((await client.jobs.get(job.name)).state !== 'Completed')
        throw new Error('training the bench model failed');
      await client.endpointConfigs.create({
        name: 'gbdt-config',
        variants: [{ name: 'AllTraffic', model: 'gbdt', initialWeight: 1, workers: WORKERS }],
      });
      const started = performance.now();
      await client.endpoints.create({ name: 'gbdt', config: 'gbdt-config' });
      await client.endpoints.waitInService('gbdt');
      const coldStart = (performance.now() - started) / 1000;
      note(
        `serving: cold start ${coldStart.toFixed(3)} s; single-row CSV, 8 connections, ${WORKERS} model worker(s)`,
      );
      const load = (duration: number) =>
        autocannon({
          url: `${server.url}/endpoints/gbdt/invocations`,
          method: 'POST',
          headers: { 'content-type': 'text/csv' },
          body: row,
          connections: 8,
          duration,
        });
      await load(2);
      const r = await load(SECONDS);
      const failed = r.errors + r.timeouts + r.non2xx;
      // Every request reached the model: the variant counted it.
      const served = (await client.endpoints.get('gbdt')).variants[0]!.invocations;
      if (served < r.requests.total)
        throw new Error(`the variant served ${served} of ${r.requests.total} requests`);
      const answer = await client.endpoints.invoke('gbdt', row, { contentType: 'text/csv' });
      note(`serving: ${r.requests.total} requests; a response: ${answer.body.trim()}`);
      record({
        metric: 'endpoint cold start (create → InService)',
        value: coldStart,
        unit: 's',
        target: 2,
        better: 'lower',
      });
      record({
        metric: 'single-row CSV invocations, GBDT 100 trees depth 6',
        value: r.requests.average,
        unit: 'req/s',
        target: 5000,
      });
      record({ metric: 'single-row CSV invocation p50', value: r.latency.p50, unit: 'ms' });
      record({
        metric: 'single-row CSV invocation p99',
        value: r.latency.p99,
        unit: 'ms',
        target: 5,
        better: 'lower',
      });
      record({ metric: 'failed invocations', value: failed, unit: 'requests', target: 0, better: 'lower' });

      // Batch transform: 1M CSV rows in 4 objects through the same model, end to end (job submitted → done).
      const all = makeClassification(TRANSFORM_ROWS, 11);
      const perObject = TRANSFORM_ROWS / 4;
      for (let part = 0; part < 4; part++) {
        const lines: string[] = [];
        for (let i = part * perObject; i < (part + 1) * perObject; i++)
          lines.push(
            Array.from(all.subarray(i * FEATURES, (i + 1) * FEATURES), (v) => v.toFixed(5)).join(','),
          );
        await client.objects.put(`bench/transform/part-${part}.csv`, `${lines.join('\n')}\n`);
      }
      const submitted = performance.now();
      const tjob = await client.transforms.start({
        model: 'gbdt',
        input: 'store://bench/transform/',
        output: 'bench/out/',
      });
      for await (const _ of client.jobs.followLogs(tjob.name)) {
        // until the job ends
      }
      const tdone = await client.jobs.get(tjob.name);
      if (tdone.state !== 'Completed') throw new Error(`transform failed: ${tdone.failureReason}`);
      const seconds = (performance.now() - submitted) / 1000;
      const result = tdone.result as { records: number; recordsPerSecond: number };
      if (result.records !== TRANSFORM_ROWS)
        throw new Error(`transform scored ${result.records} of ${TRANSFORM_ROWS} rows`);
      note(
        `serving: batch transform ${TRANSFORM_ROWS} rows in ${seconds.toFixed(2)} s end to end (${result.recordsPerSecond} rows/s inside the job)`,
      );
      record({
        metric: `batch transform ${TRANSFORM_ROWS} CSV rows, end to end`,
        value: TRANSFORM_ROWS / seconds,
        unit: 'rows/s',
        target: 200_000,
      });
    } finally {
      await server.stop();
      await dir.cleanup();
    }
  },
};

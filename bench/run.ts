/**
 * Runs the benchmarks in sequence: `npm run bench` for all, `npm run bench -- objects jobs` for some.
 * Results: one JSON line each on stdout and in bench/out/results.jsonl; a summary table on stderr.
 *
 * Environment: KELP_BENCH_SIZE_MB (object size, default 1024), KELP_BENCH_REPEAT (object runs, best
 * of, default 3), KELP_BENCH_META_N (default 5000), KELP_BENCH_JOBS_N (default 2000),
 * KELP_BENCH_API_SECONDS (default 10), KELP_TEST_POSTGRES_URL (server for fresh databases).
 */
import { apiBench } from './api.bench.js';
import { jobsBench } from './jobs.bench.js';
import { lakeBench } from './lake.bench.js';
import { type Bench, type BenchResult, createRecorder, note, round } from './lib.js';
import { metaBench } from './meta.bench.js';
import { mlKmeansPcaBench } from './ml-kmeans-pca.bench.js';
import { mlLinearKnnBench } from './ml-linear-knn.bench.js';
import { mlRandomForestBench } from './ml-random-forest.bench.js';
import { mlXgboostBench } from './ml-xgboost.bench.js';
import { objectsBench } from './objects.bench.js';
import { recordioBench } from './recordio.bench.js';
import { servingBench } from './serving.bench.js';

const ALL: readonly Bench[] = [
  objectsBench,
  metaBench,
  jobsBench,
  apiBench,
  lakeBench,
  recordioBench,
  mlLinearKnnBench,
  mlKmeansPcaBench,
  mlXgboostBench,
  mlRandomForestBench,
  servingBench,
];

function selected(names: readonly string[]): readonly Bench[] {
  const unknown = names.filter((n) => !ALL.some((b) => b.name === n));
  if (unknown.length > 0) {
    throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${ALL.map((b) => b.name).join(', ')}`);
  }
  return names.length === 0 ? ALL : ALL.filter((b) => names.includes(b.name));
}

const show = (n: number | undefined) => (n === undefined ? '-' : String(round(n)));

/** A fixed-width table: the JSON lines are for tools, this is for people. */
function summary(results: readonly BenchResult[]): string {
  const header = ['bench', 'metric', 'measured', 'unit', 'target', 'ratio', 'reference', 'vs ref', 'pass'];
  const rows = results.map((r) => [
    r.bench,
    r.metric,
    show(r.value),
    r.unit,
    show(r.target),
    show(r.ratio),
    show(r.reference),
    r.reference ? show(r.value / r.reference) : '-',
    r.pass === undefined ? '' : r.pass ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const recorder = createRecorder();
const failures: string[] = [];
for (const bench of selected(process.argv.slice(2))) {
  note(`running ${bench.name}`);
  try {
    await bench.run((m) => recorder.record(bench.name, m));
  } catch (err) {
    // One broken benchmark should not hide the others' figures.
    failures.push(`${bench.name}: ${(err as Error).stack ?? String(err)}`);
    note(`${bench.name} failed: ${(err as Error).message}`);
  }
}
process.stderr.write(`\n${summary(recorder.results)}\n`);
process.stderr.write(
  'ratio = measured / target (higher is better for rates, lower for latency and memory)\n',
);
for (const f of failures) process.stderr.write(`\nFAILED ${f}\n`);
process.exitCode = failures.length > 0 ? 1 : 0;

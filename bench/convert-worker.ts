/**
 * One `kelp convert` in its own process, so peak RSS (DuckDB's native memory included) is its alone.
 *   convert-worker <input> <output>
 * Prints {"seconds", "rows", "peakRssBytes"} on stdout.
 */
import { convertFile } from '../src/engine/index.js';

const [input, output] = process.argv.slice(2);
if (!input || !output) throw new Error('usage: convert-worker.ts <input> <output>');
const result = await convertFile(input, output);
console.log(
  JSON.stringify({
    seconds: result.seconds,
    rows: result.rows,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
);

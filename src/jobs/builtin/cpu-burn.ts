import type { JobContext } from '../job-kind.js';

/** Thread-side processor of `diagnostic.cpu`: sums a series in slices, checking for abort between them. */
export async function run(ctx: JobContext<{ seconds: number }>): Promise<{ iterations: number }> {
  const end = Date.now() + ctx.input.seconds * 1000;
  const start = Date.now();
  let iterations = 0;
  let acc = 0;
  let lastReport = 0;
  while (Date.now() < end) {
    if (ctx.signal.aborted) throw new Error('aborted');
    for (let i = 0; i < 1_000_000; i++) acc += Math.sqrt(i + iterations);
    iterations++;
    const pct = Math.min(100, ((Date.now() - start) / (ctx.input.seconds * 1000)) * 100);
    if (pct - lastReport >= 5) {
      lastReport = pct;
      ctx.progress(pct);
    }
    // Yield so the abort message from the main thread can be delivered.
    if (iterations % 20 === 0) await new Promise((r) => setImmediate(r));
  }
  ctx.log(`done after ${iterations} slices (checksum ${acc.toExponential(3)})`);
  return { iterations };
}

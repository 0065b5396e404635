import type { Command } from 'commander';

import { convertFile } from '../../engine/index.js';
import { formatBytes, printJson } from '../output.js';

/** `kelp convert INPUT OUTPUT`: runs locally (no server), streaming through DuckDB. */
export function registerConvert(program: Command): void {
  program
    .command('convert <input> <output>')
    .description('convert between CSV, JSON lines, Parquet and RecordIO-protobuf (by file extension)')
    .option('--label <column>', 'label column: the RecordIO label, or the first column of tabular output')
    .option('--skip-bad-rows', 'count and drop CSV rows that do not parse instead of failing')
    .action(
      async (
        input: string,
        output: string,
        opts: { label?: string; skipBadRows?: boolean },
        cmd: Command,
      ) => {
        const g = cmd.optsWithGlobals<{ json?: boolean }>();
        const controller = new AbortController();
        const stop = () => controller.abort();
        process.once('SIGINT', stop);
        try {
          const result = await convertFile(input, output, {
            ...(opts.label ? { label: opts.label } : {}),
            ...(opts.skipBadRows ? { skipBadRows: true } : {}),
            signal: controller.signal,
          });
          if (g.json) return printJson(result);
          process.stdout.write(
            `${result.inputFormat} → ${result.outputFormat}: ${result.rows} rows${result.badRows ? ` (${result.badRows} bad rows skipped)` : ''}, ${formatBytes(result.bytesIn)} → ${formatBytes(result.bytesOut)} in ${result.seconds.toFixed(2)} s\n`,
          );
        } finally {
          process.off('SIGINT', stop);
        }
      },
    );
}

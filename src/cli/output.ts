import cliProgress from 'cli-progress';

import { formatBytes } from '../core/index.js';

export { formatBytes };

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints rows as aligned columns under a header. */
export function printTable(headers: string[], rows: (string | number | null | undefined)[][]): void {
  const cells = [
    headers,
    ...rows.map((r) => r.map((c) => (c === null || c === undefined ? '-' : String(c)))),
  ];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  for (const row of cells) {
    process.stdout.write(
      `${row.map((c, i) => (i === row.length - 1 ? c : (c ?? '').padEnd(widths[i]!))).join('  ')}\n`,
    );
  }
}

export interface Progress {
  update(value: number): void;
  stop(): void;
}

/** A progress bar on stderr when it is a terminal and output is for humans; otherwise silent. */
export function progressBar(total: number, label: string, json: boolean | undefined): Progress {
  if (json || !process.stderr.isTTY || total <= 0) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {done} of {all}`,
      stream: process.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { done: formatBytes(0), all: formatBytes(total) });
  return {
    update: (value) => bar.update(value, { done: formatBytes(value), all: formatBytes(total) }),
    stop: () => bar.stop(),
  };
}

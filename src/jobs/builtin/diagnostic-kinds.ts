import { setTimeout as sleep } from 'node:timers/promises';

import { invalidArgument } from '../../core/index.js';
import { type InlineJobKind, siblingModule, type ThreadJobKind } from '../job-kind.js';

function numberField(input: unknown, field: string, fallback: number, min: number, max: number): number {
  const raw = (input as Record<string, unknown> | null)?.[field];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw invalidArgument(`input.${field} must be a number from ${min} to ${max}`, {
      field: `input.${field}`,
    });
  }
  return value;
}

/** Does nothing: measures the job runtime's own overhead (dispatch rate benchmark). */
export const noopKind: InlineJobKind<Record<string, never>, Record<string, never>> = {
  kind: 'diagnostic.noop',
  description: 'Does nothing and completes; measures job dispatch overhead.',
  mode: 'inline',
  run: async () => ({}),
};

export interface SleepInput {
  seconds: number;
  steps: number;
  failAttempts: number;
}

/** Waits, reporting progress, logs and a metric per step: exercises the console and the CLI. */
export const sleepKind: InlineJobKind<SleepInput, { steps: number }> = {
  kind: 'diagnostic.sleep',
  description:
    'Waits `seconds` in `steps` steps, logging and reporting progress; fails its first `failAttempts` attempts.',
  mode: 'inline',
  parseInput: (input) => ({
    seconds: numberField(input, 'seconds', 5, 0, 86_400),
    steps: Math.round(numberField(input, 'steps', 10, 1, 10_000)),
    failAttempts: Math.round(numberField(input, 'failAttempts', 0, 0, 100)),
  }),
  backoff: () => 100,
  run: async (ctx) => {
    const { seconds, steps, failAttempts } = ctx.input;
    if (ctx.job.attempt <= failAttempts) throw new Error(`planned failure on attempt ${ctx.job.attempt}`);
    ctx.status('Sleeping');
    for (let i = 1; i <= steps; i++) {
      await sleep((seconds * 1000) / steps, undefined, { signal: ctx.signal });
      ctx.log(`step ${i} of ${steps}`);
      ctx.metric('step_seconds', seconds / steps, i);
      ctx.progress((100 * i) / steps, `step ${i} of ${steps}`);
    }
    return { steps };
  },
};

/** Keeps one CPU core busy in a worker thread: shows the API stays responsive during CPU work. */
export const cpuKind: ThreadJobKind<{ seconds: number }> = {
  kind: 'diagnostic.cpu',
  description: 'Keeps a CPU core busy for `seconds` in a worker thread, reporting progress.',
  mode: 'thread',
  module: siblingModule(import.meta.url, 'cpu-burn'),
  parseInput: (input) => ({ seconds: numberField(input, 'seconds', 2, 0, 86_400) }),
};

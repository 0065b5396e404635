import { spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { invalidArgument } from '../../core/index.js';
import { type InlineJobKind, NonRetryableError } from '../job-kind.js';

export interface ScriptInput {
  command: string;
  args: string[];
  env: Record<string, string>;
}

const KILL_GRACE_MS = 5000;
const CLOCK_TICKS = 100; // Linux USER_HZ

/** CPU seconds and peak RSS of a live process, from /proc (Linux); undefined elsewhere. */
async function procUsage(pid: number): Promise<{ cpuSeconds: number; peakMemoryBytes: number } | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const hwm = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    return { cpuSeconds: ticks / CLOCK_TICKS, peakMemoryBytes: hwm };
  } catch {
    return undefined;
  }
}

function parseScriptInput(input: unknown): ScriptInput {
  const o = (input ?? {}) as Record<string, unknown>;
  if (typeof o.command !== 'string' || o.command.trim() === '') {
    throw invalidArgument('input.command must name the program to run', { field: 'input.command' });
  }
  const args = o.args ?? [];
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) {
    throw invalidArgument('input.args must be a list of strings', { field: 'input.args' });
  }
  const env = o.env ?? {};
  if (
    typeof env !== 'object' ||
    Array.isArray(env) ||
    !Object.values(env).every((v) => typeof v === 'string')
  ) {
    throw invalidArgument('input.env must map names to string values', { field: 'input.env' });
  }
  return { command: o.command, args, env: env as Record<string, string> };
}

/**
 * `script`: runs a program in a child process, in its own working folder `<workRoot>/<job id>`.
 * Its stdout and stderr become the job's log; exit code 0 completes the job. Stop sends SIGTERM,
 * then SIGKILL after 5 s. CPU time and peak RSS are read from /proc while it runs.
 */
export function scriptKind(workRoot: string): InlineJobKind<ScriptInput, { exitCode: number }> {
  return {
    kind: 'script',
    description: 'Runs a program (`command`, `args`, `env`) in a child process; its output is the job log.',
    mode: 'inline',
    parseInput: parseScriptInput,
    run: async (ctx) => {
      const cwd = join(workRoot, ctx.job.id);
      await mkdir(cwd, { recursive: true });
      ctx.status(`Running ${ctx.input.command}`);
      const child = spawn(ctx.input.command, ctx.input.args, {
        cwd,
        env: { ...process.env, ...ctx.input.env, KELP_JOB_NAME: ctx.job.name, KELP_JOB_ID: ctx.job.id },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let last: { cpuSeconds: number; peakMemoryBytes: number } | undefined;
      const sampler = setInterval(async () => {
        if (child.pid) last = (await procUsage(child.pid)) ?? last;
      }, 200);
      const onAbort = () => {
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS).unref();
      };
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      for (const stream of [child.stdout, child.stderr]) {
        createInterface({ input: stream }).on('line', (line) => ctx.log(line));
      }
      try {
        const exitCode = await new Promise<number>((resolve, reject) => {
          child.on('error', (err) =>
            reject(
              new NonRetryableError(`cannot start '${ctx.input.command}': ${err.message}`, {
                field: 'input.command',
              }),
            ),
          );
          child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
        });
        if (last) ctx.reportUsage(last);
        if (exitCode !== 0) throw new Error(`${ctx.input.command} exited with code ${exitCode}`);
        return { exitCode };
      } finally {
        clearInterval(sampler);
        ctx.signal.removeEventListener('abort', onAbort);
      }
    },
  };
}

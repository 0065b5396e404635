import type { Command } from 'commander';

import type { JobBody } from '../../contract/index.js';
import { invalidArgument } from '../../core/index.js';
import { type GlobalOptions, withConnection } from '../connect.js';
import { formatBytes, printJson, printTable } from '../output.js';

const TERMINAL = new Set(['Completed', 'Failed', 'Stopped']);

function seconds(v: number | null): string {
  return v === null ? '-' : `${v.toFixed(2)} s`;
}

function describeRows(job: JobBody): [string, string][] {
  return [
    ['name', job.name],
    ['resource', job.resourceName],
    ['kind', job.kind],
    ['state', job.state],
    ['status', job.statusMessage],
    ['progress', `${job.progress.toFixed(0)}%${job.progressMessage ? ` (${job.progressMessage})` : ''}`],
    ['attempts', `${job.attempts} of ${job.maxAttempts}`],
    ['failure reason', job.failureReason ?? '-'],
    ['created', `${job.createdAt} by ${job.createdBy}`],
    ['started', job.startedAt ?? '-'],
    ['ended', job.endedAt ?? '-'],
    ['wall time', seconds(job.cost.wallSeconds)],
    ['cpu time', seconds(job.cost.cpuSeconds)],
    ['peak memory', job.cost.peakMemoryBytes === null ? '-' : formatBytes(job.cost.peakMemoryBytes)],
    ['input', JSON.stringify(job.input)],
    ['result', JSON.stringify(job.result)],
  ];
}

/** `kelp jobs ls|describe|logs|stop|submit|metrics` */
export function registerJobs(program: Command): void {
  const jobs = program.command('jobs').description('list, inspect, follow and stop jobs');

  jobs
    .command('ls')
    .description('list jobs, newest first')
    .option('--kind <kind>', 'only this kind')
    .option('--state <state>', 'only this state (Pending, InProgress, Completed, Failed, Stopping, Stopped)')
    .option('--name <text>', 'name contains')
    .option('--limit <n>', 'at most this many (default 50)', (v) => Number(v))
    .action(async (opts: { kind?: string; state?: string; name?: string; limit?: number }, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const page = await conn.client.jobs.list({
          ...(opts.kind ? { kind: opts.kind } : {}),
          ...(opts.state ? { state: opts.state as JobBody['state'] } : {}),
          ...(opts.name ? { name: opts.name } : {}),
          limit: opts.limit ?? 50,
        });
        if (g.json) return printJson(page);
        printTable(
          ['NAME', 'KIND', 'STATE', 'PROGRESS', 'CREATED', 'STATUS'],
          page.jobs.map((j) => [
            j.name,
            j.kind,
            j.state,
            `${j.progress.toFixed(0)}%`,
            j.createdAt.slice(0, 19).replace('T', ' '),
            j.statusMessage,
          ]),
        );
      });
    });

  jobs
    .command('describe <name>')
    .description('state, progress, cost, input and result of a job, with its state history')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const job = await conn.client.jobs.get(name);
        const history = await conn.client.jobs.history(name);
        if (g.json) return printJson({ ...job, history });
        printTable(['FIELD', 'VALUE'], describeRows(job));
        process.stdout.write('\n');
        printTable(
          ['AT', 'STATE', 'STATUS'],
          history.map((h) => [h.at, h.state, h.statusMessage]),
        );
      });
    });

  jobs
    .command('logs <name>')
    .description("print a job's log; --follow streams new lines until the job ends")
    .option('-f, --follow', 'keep streaming until the job ends')
    .action(async (name: string, opts: { follow?: boolean }, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const print = (line: { at: string; text: string; seq: string }) =>
          process.stdout.write(g.json ? `${JSON.stringify(line)}\n` : `${line.at} ${line.text}\n`);
        if (!opts.follow) {
          for (const line of await conn.client.jobs.logs(name)) print(line);
          return;
        }
        const stream = conn.client.jobs.followLogs(name);
        for (;;) {
          const next = await stream.next();
          if (next.done) {
            if (!g.json) process.stderr.write(`job ${name} ended: ${next.value}\n`);
            break;
          }
          print(next.value);
        }
      });
    });

  jobs
    .command('stop <name>')
    .description('stop a job (a pending job stops at once, a running one at its next check)')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const job = await conn.client.jobs.stop(name);
        if (g.json) printJson(job);
        else process.stdout.write(`${job.name}: ${job.state}\n`);
      });
    });

  jobs
    .command('metrics <name>')
    .description('metrics a job recorded (name, step, value)')
    .option('--metric <metric>', 'only this metric')
    .action(async (name: string, opts: { metric?: string }, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const metrics = await conn.client.jobs.metrics(name, opts.metric);
        if (g.json) return printJson({ metrics });
        printTable(
          ['METRIC', 'STEP', 'VALUE', 'AT'],
          metrics.map((m) => [m.name, m.step, m.value, m.timestamp]),
        );
      });
    });

  jobs
    .command('submit <kind>')
    .description('submit a job of a registered kind (see `kelp jobs kinds`)')
    .option('--name <name>', 'job name (generated when absent)')
    .option('--input <json>', 'job input as JSON', '{}')
    .option('--max-attempts <n>', 'attempts in all, for retryable failures', (v) => Number(v))
    .option('--max-runtime <seconds>', 'fail the job after this many seconds (MaxRuntimeInSeconds)', (v) =>
      Number(v),
    )
    .option(
      '--wait',
      'wait for the job to end, following its log (runs it in this process when no server is up)',
    )
    .action(
      async (
        kind: string,
        opts: { name?: string; input: string; maxAttempts?: number; maxRuntime?: number; wait?: boolean },
        cmd: Command,
      ) => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        let input: unknown;
        try {
          input = JSON.parse(opts.input);
        } catch (err) {
          throw invalidArgument(`--input is not valid JSON: ${(err as Error).message}`, { field: '--input' });
        }
        await withConnection(
          cmd,
          async (conn) => {
            let job = await conn.client.jobs.submit({
              kind,
              input,
              ...(opts.name ? { name: opts.name } : {}),
              ...(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}),
              ...(opts.maxRuntime ? { maxRuntimeSeconds: opts.maxRuntime } : {}),
            });
            if (opts.wait) {
              for await (const line of conn.client.jobs.followLogs(job.name)) {
                if (!g.json) process.stderr.write(`${line.at} ${line.text}\n`);
              }
              job = await conn.client.jobs.get(job.name);
            } else if (conn.embedded && !g.json) {
              process.stderr.write('note: no server is running; the job will run when `kelp up` starts\n');
            }
            if (g.json) printJson(job);
            else
              process.stdout.write(
                `${job.name}: ${job.state}${job.failureReason ? ` (${job.failureReason})` : ''}\n`,
              );
            if (opts.wait && TERMINAL.has(job.state) && job.state !== 'Completed') process.exitCode = 1;
          },
          { runJobs: Boolean(opts.wait) },
        );
      },
    );

  jobs
    .command('kinds')
    .description('job kinds this server runs')
    .action(async (_opts: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const kinds = await conn.client.jobs.kinds();
        if (g.json) return printJson({ kinds });
        printTable(
          ['KIND', 'RUNS IN', 'DESCRIPTION'],
          kinds.map((k) => [k.kind, k.mode, k.description]),
        );
      });
    });
}

import type { Command } from 'commander';

import type { CrawlBody, CrawlSummary } from '../../contract/index.js';
import { withConnection } from '../connect.js';
import { printJson, printTable } from '../output.js';

const list = (v: string, prev: string[] = []) => [...prev, v];

function printSummary(s: CrawlSummary): void {
  const line = (label: string, names: string[]) => {
    if (names.length) process.stdout.write(`${label} (${names.length}): ${names.join(', ')}\n`);
  };
  line('tables created', s.tablesCreated);
  line('tables updated', s.tablesUpdated);
  line('tables deleted', s.tablesDeleted);
  line('tables deprecated', s.tablesDeprecated);
  process.stdout.write(
    `partitions added ${s.partitionsAdded}, removed ${s.partitionsRemoved}; files scanned ${s.filesScanned}, skipped ${s.filesSkipped}\n`,
  );
  for (const l of s.logOnly) process.stdout.write(`not applied: ${l}\n`);
  if (s.problems.length) {
    process.stdout.write(`problems (${s.problems.length}):\n`);
    for (const p of s.problems) process.stdout.write(`  ${p.path}: ${p.problem}\n`);
  }
}

/** `kelp crawl` and `kelp crawlers ls|describe|runs|run|rm` */
export function registerCrawl(program: Command): void {
  program
    .command('crawl')
    .description('create or update a crawler over a folder, store prefix or connection, run it and wait')
    .requiredOption('--source <location>', 'folder path, store://PREFIX or connection://NAME')
    .requiredOption('--database <name>', 'catalog database for the tables found')
    .option('--name <name>', 'crawler name (default from database and source)')
    .option('--table-level <n>', 'folder depth of tables under the source (default 1)', (v) => Number(v))
    .option('--exclude <glob>', 'skip matching files (repeatable), e.g. "**/archive/**"', list)
    .option('--schema-change <policy>', 'update | log (default update)')
    .option('--delete-behavior <policy>', 'log | deprecate | delete (default deprecate)')
    .option('--recrawl <policy>', 'everything | new-folders-only (default everything)')
    .option('--table-prefix <prefix>', 'prefix for created table names')
    .option('--include <pattern>', 'connection sources: schema.table LIKE pattern (repeatable)', list)
    .option('--schedule <cron>', 'also run on this cron schedule (server mode)')
    .option('--no-wait', 'start the run and return')
    .action(
      async (
        opts: {
          source: string;
          database: string;
          name?: string;
          tableLevel?: number;
          exclude?: string[];
          schemaChange?: string;
          deleteBehavior?: string;
          recrawl?: string;
          tablePrefix?: string;
          include?: string[];
          schedule?: string;
          wait: boolean;
        },
        cmd: Command,
      ) => {
        await withConnection(
          cmd,
          async (conn, g) => {
            const body: CrawlBody = {
              // Relative folders are relative to where the user runs the command, not the server.
              source: /^[a-z]+:\/\//.test(opts.source)
                ? opts.source
                : (await import('node:path')).resolve(opts.source),
              database: opts.database,
              ...(opts.name ? { name: opts.name } : {}),
              ...(opts.tableLevel ? { tableLevel: opts.tableLevel } : {}),
              ...(opts.exclude ? { exclusions: opts.exclude } : {}),
              ...(opts.schemaChange
                ? { schemaChangePolicy: opts.schemaChange as CrawlBody['schemaChangePolicy'] }
                : {}),
              ...(opts.deleteBehavior
                ? { deletePolicy: opts.deleteBehavior as CrawlBody['deletePolicy'] }
                : {}),
              ...(opts.recrawl ? { recrawlPolicy: opts.recrawl as CrawlBody['recrawlPolicy'] } : {}),
              ...(opts.tablePrefix !== undefined ? { tablePrefix: opts.tablePrefix } : {}),
              ...(opts.include ? { include: opts.include } : {}),
              ...(opts.schedule ? { schedule: opts.schedule } : {}),
            };
            const { crawler, job } = await conn.client.crawlers.upsert(body);
            if (!job) return g.json ? printJson({ crawler }) : undefined;
            if (!opts.wait) {
              if (g.json) return printJson({ crawler, job });
              process.stdout.write(`crawler ${crawler.name}: run started (job ${job.name})\n`);
              return;
            }
            if (!g.json) process.stderr.write(`crawler ${crawler.name}: running (job ${job.name})\n`);
            for await (const line of conn.client.jobs.followLogs(job.name)) {
              if (!g.json && !line.text.startsWith('problem:')) process.stderr.write(`${line.text}\n`);
            }
            const done = await conn.client.jobs.get(job.name);
            const run = (await conn.client.crawlers.runs(crawler.name)).find((r) => r.jobId === done.id);
            if (g.json)
              printJson({
                crawler: crawler.name,
                job: done.name,
                state: done.state,
                summary: run?.summary ?? null,
                failureReason: done.failureReason,
              });
            else if (run?.summary) printSummary(run.summary);
            if (done.state !== 'Completed') {
              throw new Error(
                `crawl ${done.state.toLowerCase()}: ${done.failureReason ?? 'see kelp jobs logs ' + done.name}`,
              );
            }
          },
          { runJobs: opts.wait },
        );
      },
    );

  const crawlers = program.command('crawlers').description('list and manage crawlers');
  crawlers
    .command('ls')
    .description('list crawlers')
    .action(async (_o: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const all = await conn.client.crawlers.list();
        if (g.json) return printJson(all);
        printTable(
          ['NAME', 'DATABASE', 'SOURCE', 'SCHEDULE', 'LAST RUN'],
          all.map((c) => [
            c.name,
            c.database,
            c.source,
            c.schedule ?? '-',
            (c.lastRun as { state?: string } | null)?.state ?? '-',
          ]),
        );
      });
    });
  crawlers
    .command('describe <name>')
    .description('a crawler and its configuration')
    .action(async (name: string, _o: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const c = await conn.client.crawlers.get(name);
        if (g.json) return printJson(c);
        printTable(
          ['FIELD', 'VALUE'],
          [
            ['name', c.name],
            ['source', c.source],
            ['database', c.database],
            ['schedule', c.schedule ?? '-'],
            ...Object.entries(c.config).map(([k, v]) => [
              k,
              Array.isArray(v) ? v.join(', ') || '-' : String(v),
            ]),
          ],
        );
      });
    });
  crawlers
    .command('runs <name>')
    .description('runs of a crawler with what each changed')
    .action(async (name: string, _o: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const runs = await conn.client.crawlers.runs(name);
        if (g.json) return printJson(runs);
        printTable(
          ['STARTED', 'STATE', 'CREATED', 'UPDATED', 'DELETED', '+PARTITIONS', '-PARTITIONS', 'PROBLEMS'],
          runs.map((r) => [
            r.startedAt.slice(0, 19).replace('T', ' '),
            r.state,
            r.summary?.tablesCreated.length,
            r.summary?.tablesUpdated.length,
            r.summary ? r.summary.tablesDeleted.length + r.summary.tablesDeprecated.length : undefined,
            r.summary?.partitionsAdded,
            r.summary?.partitionsRemoved,
            r.summary?.problems.length,
          ]),
        );
      });
    });
  crawlers
    .command('run <name>')
    .description('start a run of an existing crawler')
    .action(async (name: string, _o: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const job = await conn.client.crawlers.start(name);
        if (g.json) return printJson(job);
        process.stdout.write(`started ${job.name}\n`);
      });
    });
  crawlers
    .command('rm <name>')
    .description('delete a crawler (its tables stay)')
    .action(async (name: string, _o: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn) => {
        await conn.client.crawlers.delete(name);
        process.stdout.write(`deleted crawler ${name}\n`);
      });
    });
}

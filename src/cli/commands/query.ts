import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type { Command } from 'commander';

import { PlatformError } from '../../core/index.js';
import { withConnection } from '../connect.js';
import { formatBytes, printJson, printTable } from '../output.js';
import { cell } from './catalog.js';

/** `kelp query "SQL"` and `kelp queries ls|describe|cancel` */
export function registerQuery(program: Command): void {
  program
    .command('query <sql>')
    .description('run SQL over catalog tables (tables as database.table) and print or save the result')
    .option('--database <name>', 'database for unqualified table names (default "default")')
    .option('--output <file>', 'save the whole result: .csv or .parquet')
    .option('--timeout <seconds>', 'cancel the query after this long', (v) => Number(v))
    .option('--max-rows <n>', 'rows to print (default 100)', (v) => Number(v))
    .action(
      async (
        sql: string,
        opts: { database?: string; output?: string; timeout?: number; maxRows?: number },
        cmd: Command,
      ) => {
        await withConnection(
          cmd,
          async (conn, g) => {
            if (opts.output && !/\.(csv|parquet)$/i.test(opts.output)) {
              throw new PlatformError(
                'invalid_argument',
                `--output ${opts.output}: use a .csv or .parquet file`,
              );
            }
            const started = await conn.client.queries.start({
              sql,
              ...(opts.database ? { database: opts.database } : {}),
              ...(opts.timeout ? { timeoutSeconds: opts.timeout } : {}),
            });
            const interrupt = () => void conn.client.queries.cancel(started.id).catch(() => undefined);
            process.once('SIGINT', interrupt);
            const q = await conn.client.queries
              .wait(started.id)
              .finally(() => process.off('SIGINT', interrupt));
            if (q.state !== 'Succeeded') {
              const code =
                q.state === 'Cancelled'
                  ? 'cancelled'
                  : /unknown table/.test(q.error ?? '')
                    ? 'not_found'
                    : 'invalid_argument';
              throw new PlatformError(code, `query ${q.state.toLowerCase()}: ${q.error ?? ''}`, {
                query: q.id,
              });
            }
            if (opts.output && q.resultKeys) {
              const key = opts.output.toLowerCase().endsWith('.parquet')
                ? q.resultKeys.parquet
                : q.resultKeys.csv;
              const res = await conn.client.objects.get(key);
              await pipeline(Readable.fromWeb(res.body as never), createWriteStream(opts.output));
            }
            const results = await conn.client.queries.results(q.id, 0, Math.max(1, opts.maxRows ?? 100));
            if (g.json) return printJson({ ...q, rows: results.rows });
            if (!opts.output || opts.maxRows)
              printTable(
                results.columns.map((c) => c.name),
                results.rows.map((r) => r.map(cell)),
              );
            process.stderr.write(
              `${q.rowCount} rows, ${formatBytes(q.bytesScanned ?? 0)} scanned, ${((q.engineMs ?? 0) / 1000).toFixed(2)} s${opts.output ? `, saved to ${opts.output}` : ''} (query ${q.id})\n`,
            );
          },
          { runJobs: true },
        );
      },
    );

  const queries = program.command('queries').description('query history');
  queries
    .command('ls')
    .description('recent queries, newest first')
    .option('--limit <n>', 'how many (default 20)', (v) => Number(v))
    .action(async (opts: { limit?: number }, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const list = await conn.client.queries.list(opts.limit ?? 20);
        if (g.json) return printJson(list);
        printTable(
          ['ID', 'STATE', 'ROWS', 'SCANNED', 'SECONDS', 'SUBMITTED', 'SQL'],
          list.map((q) => [
            q.id,
            q.state,
            q.rowCount,
            q.bytesScanned === null ? null : formatBytes(q.bytesScanned),
            q.engineMs === null ? null : (q.engineMs / 1000).toFixed(2),
            q.createdAt.slice(0, 19).replace('T', ' '),
            q.sql.replace(/\s+/g, ' ').slice(0, 60),
          ]),
        );
      });
    });
  queries
    .command('describe <id>')
    .description('state, statistics and result objects of a query')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const q = await conn.client.queries.get(id);
        if (g.json) return printJson(q);
        printTable(
          ['FIELD', 'VALUE'],
          Object.entries(q).map(([k, v]) => [
            k,
            typeof v === 'object' && v !== null ? JSON.stringify(v) : (v as string),
          ]),
        );
      });
    });
  queries
    .command('cancel <id>')
    .description('cancel a running query')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const q = await conn.client.queries.cancel(id);
        if (g.json) return printJson(q);
        process.stdout.write(`query ${id}: ${q.state}\n`);
      });
    });
}

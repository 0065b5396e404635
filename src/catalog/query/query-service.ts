import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Selectable } from 'kysely';
import type { Query, QueryResults, StartQueryBody, TableSample } from '../../contract/index.js';
import { invalidArgument, invalidState, newId, notFound, PlatformError } from '../../core/index.js';
import { type DuckDBInstance, FreshDuckDB, openDuckDB, queryRows, sqlString } from '../../engine/index.js';
import type { InlineJobKind, JobService } from '../../jobs/index.js';
import type { CatalogQueriesTable, MetaStore, ObjectStore } from '../../storage/index.js';
import { type CatalogStore, validateCatalogName } from '../catalog-store.js';
import type { ConnectionService } from '../connections.js';
import { localCopy } from '../locations.js';
import { runQuery } from './run-query.js';

export const QUERY_KIND = 'catalog.query';
const RESULTS_PREFIX = 'kelp-system/queries';

type QueryRow = Selectable<CatalogQueriesTable> & { job_name?: string | null };

export interface QueryServiceDeps {
  readonly meta: MetaStore;
  readonly objects: ObjectStore;
  readonly store: CatalogStore;
  readonly connections: ConnectionService;
  readonly jobs: () => JobService;
  /** Scratch space for running queries and the object cache. */
  readonly workDir: string;
  readonly cacheDir: string;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

function toQuery(r: QueryRow): Query {
  return {
    id: r.id,
    sql: r.sql,
    database: r.database_name,
    state: r.state as Query['state'],
    jobId: r.job_id,
    jobName: r.job_name ?? null,
    columns: JSON.parse(r.columns),
    rowCount: r.row_count === null ? null : Number(r.row_count),
    bytesScanned: r.bytes_scanned === null ? null : Number(r.bytes_scanned),
    engineMs: r.engine_ms,
    resultKeys: r.result_key ? { csv: `${r.result_key}.csv`, parquet: `${r.result_key}.parquet` } : null,
    error: r.error,
    submittedBy: r.submitted_by,
    createdAt: iso(r.created_at) as string,
    endedAt: iso(r.ended_at),
  };
}

/** Athena's query executions: start, poll, read results, cancel; history per project. */
export class QueryService {
  /** Reads result files (Kelp's own, so outside any sandbox); opened on first use. */
  private reader: Promise<DuckDBInstance> | undefined;
  private readonly databases = new FreshDuckDB();

  constructor(private readonly deps: QueryServiceDeps) {}

  private async readRows(sql: string): Promise<Record<string, unknown>[]> {
    this.reader ??= openDuckDB({ threads: 1 });
    const con = await (await this.reader).connect();
    try {
      return await queryRows(con, sql);
    } finally {
      con.closeSync();
    }
  }

  async close(): Promise<void> {
    const reader = await this.reader;
    this.reader = undefined;
    reader?.closeSync();
    await this.databases.close();
  }

  async start(project: string, body: StartQueryBody, principal: string): Promise<Query> {
    const database = validateCatalogName(body.database ?? 'default', 'database');
    const id = newId();
    await this.deps.meta.db
      .insertInto('catalog_queries')
      .values({
        id,
        project,
        sql: body.sql,
        database_name: database,
        state: 'Queued',
        submitted_by: principal,
        created_at: Date.now(),
      })
      .execute();
    const job = await this.deps.jobs().submit({
      kind: QUERY_KIND,
      project,
      name: `query-${id.slice(0, 8)}`,
      input: { queryId: id },
      createdBy: principal,
      ...(body.timeoutSeconds ? { maxRuntimeSeconds: body.timeoutSeconds } : {}),
    });
    await this.deps.meta.db
      .updateTable('catalog_queries')
      .set({ job_id: job.id })
      .where('id', '=', id)
      .execute();
    return this.get(project, id);
  }

  /** Queries with the name of their job (the console links to the job page by name). */
  private withJobName() {
    return this.deps.meta.db
      .selectFrom('catalog_queries as q')
      .leftJoin('jobs as j', 'j.id', 'q.job_id')
      .selectAll('q')
      .select('j.name as job_name');
  }

  async get(project: string, id: string): Promise<Query> {
    const row = await this.withJobName()
      .where('q.project', '=', project)
      .where('q.id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound(`no query '${id}'`, { query: id });
    return toQuery(row);
  }

  async list(project: string, limit = 50): Promise<Query[]> {
    const rows = await this.withJobName()
      .where('q.project', '=', project)
      .orderBy('q.created_at', 'desc')
      .limit(Math.min(500, Math.max(1, limit)))
      .execute();
    return rows.map(toQuery);
  }

  /** Stops a queued or running query; its result object is never written. */
  async cancel(project: string, id: string): Promise<Query> {
    const query = await this.get(project, id);
    if (!['Queued', 'Running'].includes(query.state))
      throw invalidState(`query ${id} is ${query.state}`, { state: query.state });
    if (query.jobId) {
      const job = await this.deps.jobs().getById(query.jobId);
      await this.deps.jobs().stop(project, job.name);
    }
    if (query.state === 'Queued') await this.finish(id, { state: 'Cancelled', error: 'cancelled' });
    return this.get(project, id);
  }

  /** Rows of a finished query, from its Parquet result. */
  async results(project: string, id: string, offset = 0, limit = 100): Promise<QueryResults> {
    const query = await this.get(project, id);
    if (query.state !== 'Succeeded' || !query.resultKeys) {
      throw invalidState(`query ${id} is ${query.state}${query.error ? `: ${query.error}` : ''}`, {
        state: query.state,
      });
    }
    if (limit < 1 || limit > 10000) throw invalidArgument('limit must be 1-10000', { field: 'limit' });
    const info = await this.deps.objects.head(query.resultKeys.parquet);
    const path = await localCopy(
      {
        rel: query.resultKeys.parquet,
        size: info.size,
        mtimeMs: 0,
        key: info.key,
        etag: info.etag,
        ...(this.deps.objects.localPath ? { localPath: this.deps.objects.localPath(info.key) } : {}),
      },
      this.deps.objects,
      this.deps.cacheDir,
    );
    const rows = await this.readRows(
      `SELECT * FROM read_parquet(${sqlString(path)}) LIMIT ${Math.floor(limit)} OFFSET ${Math.floor(offset)}`,
    );
    const names = query.columns.map((c) => c.name);
    const total = query.rowCount ?? 0;
    return {
      columns: query.columns,
      rows: rows.map((r) => names.map((n) => jsonValue(r[n]))),
      nextOffset: offset + rows.length < total ? offset + rows.length : null,
    };
  }

  /**
   * Runs `sql` at once in the query sandbox (not kept in history) and leaves its result as Parquet
   * in `workDir` (the caller removes it): how training reads a catalog table.
   */
  async materialize(
    project: string,
    sql: string,
    database: string,
    workDir: string,
    signal?: AbortSignal,
  ): Promise<string> {
    const outcome = await runQuery({ sql, database, workDir, databases: this.databases }, this.deps.store, {
      objects: this.deps.objects,
      connections: this.deps.connections,
      cacheDir: this.deps.cacheDir,
      project,
      ...(signal ? { signal } : {}),
    });
    return outcome.parquetPath;
  }

  /** The first rows of a table, run at once in the same sandbox as queries (not kept in history). */
  async sample(project: string, database: string, table: string, limit = 50): Promise<TableSample> {
    await this.deps.store.getTable(project, database, table);
    const workDir = join(this.deps.workDir, `sample-${newId()}`);
    try {
      const sql = `SELECT * FROM "${database}"."${table}" LIMIT ${Math.min(1000, Math.max(1, Math.floor(limit)))}`;
      const outcome = await runQuery({ sql, database, workDir, databases: this.databases }, this.deps.store, {
        objects: this.deps.objects,
        connections: this.deps.connections,
        cacheDir: this.deps.cacheDir,
        project,
      });
      const rows = await this.readRows(`SELECT * FROM read_parquet(${sqlString(outcome.parquetPath)})`);
      const names = outcome.columns.map((c) => c.name);
      return { columns: outcome.columns, rows: rows.map((r) => names.map((n) => jsonValue(r[n]))) };
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }

  private async finish(id: string, patch: Partial<Omit<QueryRow, 'id'>>): Promise<void> {
    await this.deps.meta.db
      .updateTable('catalog_queries')
      .set({ ...patch, ended_at: Date.now() })
      .where('id', '=', id)
      .execute();
  }

  jobKind(): InlineJobKind<{ queryId: string }, { rows: number; bytesScanned: number }> {
    return {
      kind: QUERY_KIND,
      mode: 'inline',
      description: 'Runs a SQL query over catalog tables (Athena)',
      parseInput: (input) => {
        const i = input as { queryId?: unknown };
        if (typeof i?.queryId !== 'string')
          throw invalidArgument('input.queryId is required', { field: 'queryId' });
        return { queryId: i.queryId };
      },
      run: async (ctx) => {
        const row = await this.deps.meta.db
          .selectFrom('catalog_queries')
          .selectAll()
          .where('id', '=', ctx.input.queryId)
          .executeTakeFirst();
        if (!row) throw notFound(`no query '${ctx.input.queryId}'`);
        if (row.state === 'Cancelled') return { rows: 0, bytesScanned: 0 };
        await this.deps.meta.db
          .updateTable('catalog_queries')
          .set({ state: 'Running' })
          .where('id', '=', row.id)
          .execute();
        const workDir = join(this.deps.workDir, row.id);
        const key = `${RESULTS_PREFIX}/${row.id}/result`;
        try {
          ctx.status('Running');
          const outcome = await runQuery(
            { sql: row.sql, database: row.database_name, workDir, databases: this.databases },
            this.deps.store,
            {
              objects: this.deps.objects,
              connections: this.deps.connections,
              cacheDir: this.deps.cacheDir,
              project: row.project,
              signal: ctx.signal,
            },
          );
          ctx.signal.throwIfAborted();
          ctx.status('Writing results');
          await Promise.all([
            this.deps.objects.put(`${key}.parquet`, createReadStream(outcome.parquetPath), {
              contentType: 'application/vnd.apache.parquet',
              signal: ctx.signal,
            }),
            this.deps.objects.put(`${key}.csv`, createReadStream(outcome.csvPath), {
              contentType: 'text/csv',
              signal: ctx.signal,
            }),
          ]);
          await this.finish(row.id, {
            state: 'Succeeded',
            columns: JSON.stringify(outcome.columns),
            row_count: outcome.rowCount,
            bytes_scanned: outcome.bytesScanned,
            engine_ms: outcome.engineMs,
            result_key: key,
          });
          ctx.log(
            `${outcome.rowCount} rows, ${outcome.bytesScanned} bytes scanned, ${outcome.engineMs.toFixed(0)} ms`,
          );
          return { rows: outcome.rowCount, bytesScanned: outcome.bytesScanned };
        } catch (err) {
          const cancelled = ctx.signal.aborted || (err instanceof PlatformError && err.code === 'cancelled');
          await this.deps.objects.delete(`${key}.parquet`).catch(() => undefined);
          await this.deps.objects.delete(`${key}.csv`).catch(() => undefined);
          const message = cancelled
            ? ctx.signal.reason === 'timeout'
              ? 'query timed out'
              : 'query cancelled'
            : (err as Error).message;
          await this.finish(row.id, { state: cancelled ? 'Cancelled' : 'Failed', error: message });
          throw err;
        } finally {
          await rm(workDir, { recursive: true, force: true });
        }
      },
    };
  }
}

/** JSON-safe cell: bigint as number when exact, else string; dates as ISO text. */
function jsonValue(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(jsonValue);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonValue(x)]));
  return v;
}

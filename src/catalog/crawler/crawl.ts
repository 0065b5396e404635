import { basename, join } from 'node:path';

import type { CrawlerConfig, CrawlSummary } from '../../contract/index.js';
import { type ColumnSchema, withDuckDB } from '../../engine/index.js';
import type { ObjectStore } from '../../storage/index.js';
import type { CatalogStore, StoredTable, TableWrite } from '../catalog-store.js';
import { catalogName } from '../catalog-store.js';
import type { ConnectionService } from '../connections.js';
import { childLocation, formatLocation, type Location, listFiles, parseLocation } from '../locations.js';
import { listSourceTables } from '../sources/index.js';
import { inspectTable } from './inspect.js';
import { planCrawl } from './plan.js';

export interface CrawlDeps {
  readonly store: CatalogStore;
  readonly objects: ObjectStore;
  readonly connections: ConnectionService;
  readonly cacheDir: string;
}

export interface CrawlTarget {
  readonly project: string;
  readonly crawler: string;
  readonly source: string;
  readonly database: string;
  readonly config: CrawlerConfig;
}

export interface CrawlProgress {
  readonly signal?: AbortSignal;
  log(text: string): void;
  progress(percent: number, message?: string): void;
}

function emptySummary(): CrawlSummary {
  return {
    tablesCreated: [],
    tablesUpdated: [],
    tablesDeleted: [],
    tablesDeprecated: [],
    partitionsAdded: 0,
    partitionsRemoved: 0,
    filesScanned: 0,
    filesSkipped: 0,
    problems: [],
    logOnly: [],
  };
}

/** Runs one crawl: finds the tables under the source and brings the catalog in line with them. */
export async function runCrawl(
  deps: CrawlDeps,
  target: CrawlTarget,
  ctx: CrawlProgress,
): Promise<CrawlSummary> {
  const summary = emptySummary();
  const source = parseLocation(target.source);
  const databaseId = await deps.store.ensureDatabase(target.project, target.database);
  const seen = new Set<string>();
  if (source.kind === 'connection') {
    await crawlConnection(deps, target, source, databaseId, summary, seen, ctx);
  } else {
    await crawlFiles(deps, target, source, databaseId, summary, seen, ctx);
  }
  await applyDeletions(deps, target, source, summary, seen, ctx);
  ctx.progress(100, 'Done');
  return summary;
}

async function crawlFiles(
  deps: CrawlDeps,
  target: CrawlTarget,
  source: Location,
  databaseId: string,
  summary: CrawlSummary,
  seen: Set<string>,
  ctx: CrawlProgress,
): Promise<void> {
  ctx.progress(1, 'Listing files');
  const files = await listFiles(source, deps.objects, ctx.signal);
  const sourceName =
    basename(source.kind === 'local' ? source.path : source.kind === 'store' ? source.prefix : '') || 'data';
  const plan = planCrawl(files, { ...target.config, sourceName });
  summary.filesScanned = files.length;
  summary.filesSkipped = plan.skipped;
  summary.problems.push(...plan.problems);
  ctx.log(
    `listed ${files.length} files: ${plan.tables.length} tables, ${plan.skipped} marker/excluded files skipped`,
  );
  await withDuckDB(async (con) => {
    let done = 0;
    for (const planned of plan.tables) {
      ctx.signal?.throwIfAborted();
      ctx.progress(5 + (90 * done++) / Math.max(1, plan.tables.length), `Table ${planned.name}`);
      const location = formatLocation(childLocation(source, planned.rel));
      seen.add(planned.name);
      const existing = await deps.store.findTable(target.project, target.database, planned.name);
      const newOnly = target.config.recrawlPolicy === 'new-folders-only' && existing !== undefined;
      let partitions = planned.partitions;
      if (newOnly && existing) {
        const known = new Set((await deps.store.partitions(existing.id)).map((p) => p.values.join('\u0001')));
        partitions = partitions.filter((p) => !known.has(p.values.join('\u0001')));
        if (partitions.length === 0) continue;
      }
      const tableFiles = partitions.flatMap((p) => p.files);
      const inspection = await inspectTable(
        con,
        { ...planned, partitions, files: tableFiles },
        {
          sampleFiles: target.config.sampleFiles,
          objects: deps.objects,
          cacheDir: deps.cacheDir,
          ...(ctx.signal ? { signal: ctx.signal } : {}),
          ...(existing && newOnly ? { base: existing.columns } : {}),
        },
      );
      summary.problems.push(...inspection.problems);
      if (inspection.columns.length === 0) {
        summary.problems.push({
          path: planned.rel || '.',
          table: planned.name,
          problem: 'no readable file: table not created',
        });
        continue;
      }
      const excluded = new Set(inspection.excluded);
      const kept = partitions
        .map((p) => {
          const files = p.files.filter((f) => !excluded.has(f.rel));
          return {
            values: p.values,
            location: formatLocation(childLocation(source, p.rel)),
            fileCount: files.length,
            sizeBytes: files.reduce((s, f) => s + f.size, 0),
          };
        })
        .filter((p) => p.fileCount > 0);
      const prefix = planned.rel ? `${planned.rel}/` : '';
      const write: TableWrite = {
        location,
        format: planned.format,
        formatOptions: { ...inspection.formatOptions },
        columns: inspection.columns,
        partitionKeys: planned.partitionKeys,
        parameters: {
          unionByName: inspection.unionByName,
          excludedFiles: inspection.excluded.map((rel) => rel.slice(prefix.length)),
        },
        rowCount: inspection.rowCount,
        sizeBytes: kept.reduce((s, p) => s + p.sizeBytes, 0),
        fileCount: kept.reduce((s, p) => s + p.fileCount, 0),
        crawler: target.crawler,
      };
      // An unpartitioned table has no partitions (Glue lists none); its files are counted on the table.
      const partitionRows = planned.partitionKeys.length ? kept : [];
      await applyTable(
        deps,
        target,
        databaseId,
        planned.name,
        existing,
        write,
        partitionRows,
        newOnly,
        summary,
      );
    }
  });
}

async function applyTable(
  deps: CrawlDeps,
  target: CrawlTarget,
  databaseId: string,
  name: string,
  existing: StoredTable | undefined,
  write: TableWrite,
  partitions: { values: string[]; location: string; fileCount: number; sizeBytes: number }[],
  newOnly: boolean,
  summary: CrawlSummary,
): Promise<void> {
  const meta = deps.store;
  await meta.transaction(async (tx) => {
    if (!existing) {
      const id = await meta.insertTable(databaseId, name, write, tx);
      const { added } = await meta.syncPartitions(id, partitions, { removeMissing: false }, tx);
      summary.tablesCreated.push(name);
      summary.partitionsAdded += added;
      return;
    }
    let next = write;
    if (newOnly) {
      next = {
        ...write,
        rowCount: (existing.rowCount ?? 0) + (write.rowCount ?? 0),
        sizeBytes: (existing.sizeBytes ?? 0) + (write.sizeBytes ?? 0),
        fileCount: (existing.fileCount ?? 0) + (write.fileCount ?? 0),
        parameters: {
          ...existing.parameters,
          excludedFiles: [
            ...((existing.parameters.excludedFiles as string[]) ?? []),
            ...((write.parameters?.excludedFiles as string[]) ?? []),
          ],
        },
      };
    }
    const schemaDiffers = schemaChanged(existing, next);
    if (schemaDiffers && target.config.schemaChangePolicy === 'log') {
      summary.logOnly.push(
        `${name}: schema changed (${describeChange(existing.columns, next.columns)}), not applied (policy: log)`,
      );
      next = {
        ...next,
        columns: existing.columns,
        partitionKeys: existing.partitionKeys,
        format: existing.format,
        formatOptions: existing.formatOptions,
      };
    }
    const changed = await meta.updateTable(
      existing,
      next,
      schemaDiffers
        ? `crawler ${target.crawler}: ${describeChange(existing.columns, next.columns)}`
        : 'crawl',
      tx,
    );
    const { added, removed } = await meta.syncPartitions(
      existing.id,
      partitions,
      { removeMissing: !newOnly },
      tx,
    );
    summary.partitionsAdded += added;
    summary.partitionsRemoved += removed;
    if (changed || added || removed || existing.deprecated) summary.tablesUpdated.push(name);
  });
}

function schemaChanged(a: StoredTable, b: TableWrite): boolean {
  return (
    JSON.stringify([a.columns, a.partitionKeys, a.format]) !==
    JSON.stringify([b.columns, b.partitionKeys ?? [], b.format])
  );
}

function describeChange(before: readonly ColumnSchema[], after: readonly ColumnSchema[]): string {
  const parts: string[] = [];
  const old = new Map(before.map((c) => [c.name, c.type]));
  for (const c of after) {
    const was = old.get(c.name);
    if (was === undefined) parts.push(`+${c.name} ${c.type}`);
    else if (was !== c.type) parts.push(`${c.name} ${was}→${c.type}`);
    old.delete(c.name);
  }
  for (const name of old.keys()) parts.push(`-${name}`);
  return parts.join(', ') || 'format or partitions';
}

async function crawlConnection(
  deps: CrawlDeps,
  target: CrawlTarget,
  source: Extract<Location, { kind: 'connection' }>,
  databaseId: string,
  summary: CrawlSummary,
  seen: Set<string>,
  ctx: CrawlProgress,
): Promise<void> {
  ctx.progress(5, 'Reading the database catalog');
  const { spec, password } = await deps.connections.resolve(target.project, source.connection);
  const include = target.config.include.length
    ? target.config.include
    : source.table
      ? [source.table]
      : undefined;
  const tables = await listSourceTables(spec, password, include);
  ctx.log(`${spec.engine} ${spec.host}:${spec.port}/${spec.database}: ${tables.length} tables`);
  for (const t of tables) {
    const name = `${target.config.tablePrefix}${catalogName(spec.engine === 'postgresql' && t.schema !== 'public' ? `${t.schema}_${t.name}` : t.name)}`;
    seen.add(name);
    const existing = await deps.store.findTable(target.project, target.database, name);
    const write: TableWrite = {
      location: formatLocation({
        kind: 'connection',
        connection: source.connection,
        table: `${t.schema}.${t.name}`,
      }),
      format: spec.engine,
      formatOptions: { schema: t.schema, table: t.name, kind: t.kind },
      columns: t.columns,
      partitionKeys: [],
      parameters: {},
      rowCount: t.rowCountEstimate,
      crawler: target.crawler,
    };
    await applyTable(deps, target, databaseId, name, existing, write, [], false, summary);
  }
}

/** Tables this crawler made earlier whose data is gone: log, deprecate or delete them (policy). */
async function applyDeletions(
  deps: CrawlDeps,
  target: CrawlTarget,
  source: Location,
  summary: CrawlSummary,
  seen: Set<string>,
  ctx: CrawlProgress,
): Promise<void> {
  if (target.config.recrawlPolicy === 'new-folders-only') return;
  const root = formatLocation(source);
  const tables = await deps.store.listTables(target.project, target.database);
  for (const t of tables) {
    if (t.crawler !== target.crawler || seen.has(t.name) || !t.location.startsWith(root.replace(/\/$/, '')))
      continue;
    if (target.config.deletePolicy === 'delete') {
      await deps.store.deleteTableById(t.id);
      summary.tablesDeleted.push(t.name);
    } else if (target.config.deletePolicy === 'deprecate') {
      if (!t.deprecated) {
        await deps.store.setDeprecated(t.id);
        summary.tablesDeprecated.push(t.name);
      }
    } else {
      summary.logOnly.push(`${t.name}: data is gone from ${t.location}, table kept (policy: log)`);
    }
    ctx.log(`table ${t.name}: no data found (${target.config.deletePolicy})`);
  }
}

export const crawlCacheDir = (home: string) => join(home, 'cache', 'objects');
